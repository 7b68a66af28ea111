from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from yavar.core.errors import ApplicationError
from yavar.core.jalali import JalaliDate
from yavar.core.persian import normalize_text, to_ascii_digits

from . import electronic
from .enums import CatalogErrorCode
from .models import CardVersion, ServiceCard, ServiceDelivery
from .schema import Card


def card_list(*, query: str = "") -> QuerySet[ServiceCard]:
    """Public: the catalog is open to everyone."""
    cards = ServiceCard.objects.all()
    words = normalize_text(query).split()
    if len(words) == 1 and to_ascii_digits(words[0]).isdigit():
        return cards.filter(service_id__startswith=to_ascii_digits(words[0]))
    for word in words:  # every word, anywhere in the title: "خانه امن" finds "خانه‌های امن"
        cards = cards.filter(title__icontains=word)
    return cards


def card_get(*, service_id: str) -> ServiceCard:
    card = ServiceCard.objects.filter(service_id=service_id).first()
    if card is None:
        raise ApplicationError(CatalogErrorCode.UNKNOWN_SERVICE)
    return card


def card_version(*, card: ServiceCard, number: int | None = None) -> tuple[CardVersion, Card]:
    version = card.versions.filter(number=number or card.current_version).first()
    if version is None:
        raise ApplicationError(CatalogErrorCode.UNKNOWN_SERVICE)
    return version, Card.model_validate(version.data)


def card_versions(*, card: ServiceCard) -> QuerySet[CardVersion]:
    return card.versions.select_related("created_by").order_by("-number")


@dataclass
class LiveFigures:
    year: int
    total: int
    seasons: list[int] = field(default_factory=list)  # 4 values
    months: list[int] = field(default_factory=list)  # 12 values
    previous_year_total: int = 0


def live_figures(
    *, service_id: str, year: int | None = None, province_id: int | None = None
) -> LiveFigures:
    """Distinct recipients from the ledger, for a Jalali year: total, by season, by month."""
    year = year or JalaliDate.from_gregorian(timezone.localdate()).year
    rows = ServiceDelivery.objects.counted().filter(
        service_id=service_id, jalali_year__in=[year, year - 1]
    )
    if province_id:
        rows = rows.filter(province_id=province_id)

    def distinct(qs: QuerySet[Any]) -> int:
        return qs.aggregate(n=Count("subject_key", distinct=True))["n"] or 0

    this_year = rows.filter(jalali_year=year)
    by_month = dict(
        this_year.values("jalali_month")
        .annotate(n=Count("subject_key", distinct=True))
        .values_list("jalali_month", "n")
    )
    by_season = dict(
        this_year.values("jalali_season")
        .annotate(n=Count("subject_key", distinct=True))
        .values_list("jalali_season", "n")
    )
    return LiveFigures(
        year=year,
        total=distinct(this_year),
        seasons=[by_season.get(s, 0) for s in range(1, 5)],
        months=[by_month.get(m, 0) for m in range(1, 13)],
        previous_year_total=distinct(rows.filter(jalali_year=year - 1)),
    )


def stage_status(*, service_id: str) -> dict[str, list[electronic.Declaration]]:
    return electronic.declared(service_id)
