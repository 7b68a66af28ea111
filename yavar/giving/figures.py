"""Figures of paid donations for finance and HQ: totals by cause, province, channel, campaign
and Jalali period, and the card's one process — which method of attracting participation
works. HQ sees the country, a province its own donations (reconciliation.scoping).

Each table is one grouped query. Jalali periods are not a database function, so donations are
grouped by local day in the database and the days (at most a few hundred rows a year) are
folded into months, seasons or years here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yavar.accounts.permissions import Perm
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import MONTH_NAMES_FA, SEASON_NAMES_FA, JalaliDate

from .enums import Channel, DonationStatus, Method
from .models import Campaign, Donation
from .reconciliation.scoping import donation_q

PERM = Perm.REPORTS_VIEW
PERIODS = ("month", "season", "year")


@dataclass(frozen=True)
class FigureFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive
    period: str = "month"


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    total: int


@dataclass(frozen=True)
class MethodRow:
    method: str
    label: str
    campaigns: int
    donations: int
    total: int
    goal: int

    @property
    def average(self) -> int:
        return self.total // self.donations if self.donations else 0

    @property
    def percent_of_goal(self) -> int | None:
        return self.total * 100 // self.goal if self.goal else None


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def paid_donations(*, user: Any, flt: FigureFilter) -> QuerySet[Donation]:
    if not user.has_yavar_perm(PERM):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    donations = Donation.objects.filter(donation_q(user, PERM), status=DonationStatus.PAID)
    if flt.date_from:
        donations = donations.filter(paid_at__gte=_start_of(flt.date_from))
    if flt.date_to:
        donations = donations.filter(paid_at__lt=_start_of(flt.date_to + dt.timedelta(days=1)))
    return donations


def _grouped(donations: QuerySet[Donation], *fields: str) -> list[tuple[Any, int, int]]:
    """(key, count, sum) per group, largest sum first; the key is a tuple for several fields."""
    rows = (
        donations.order_by()
        .values(*fields)
        .annotate(n=Count("pk"), s=Sum("amount_rials"))
        .values_list(*fields, "n", "s")
    )
    keyed = [(row[0] if len(fields) == 1 else row[:-2], row[-2], row[-1]) for row in rows]
    return sorted(keyed, key=lambda r: (-r[2], str(r[0])))


def totals(*, user: Any, flt: FigureFilter) -> Row:
    agg = (
        paid_donations(user=user, flt=flt)
        .order_by()
        .aggregate(n=Count("pk"), s=Sum("amount_rials"))
    )
    return Row(str(_("Total")), agg["n"], agg["s"] or 0)


def by_cause(*, user: Any, flt: FigureFilter) -> list[Row]:
    return [
        Row(t, n, s) for t, n, s in _grouped(paid_donations(user=user, flt=flt), "cause__title")
    ]


def by_province(*, user: Any, flt: FigureFilter) -> list[Row]:
    return [
        Row(name or str(_("Country-wide (no province)")), n, s)
        for name, n, s in _grouped(paid_donations(user=user, flt=flt), "province__name_fa")
    ]


def by_county(*, user: Any, flt: FigureFilter) -> list[Row]:
    """Gifts meant for one county (chosen by the donor, a county's campaign or office)."""
    donations = paid_donations(user=user, flt=flt).filter(county__isnull=False)
    return [
        Row(f"{county}، {province}", n, s)
        for (county, province), n, s in _grouped(donations, "county__name_fa", "province__name_fa")
    ]


def by_channel(*, user: Any, flt: FigureFilter) -> list[Row]:
    return [
        Row(str(Channel(c).label), n, s)
        for c, n, s in _grouped(paid_donations(user=user, flt=flt), "channel")
    ]


def by_campaign(*, user: Any, flt: FigureFilter) -> list[Row]:
    return [
        Row(title or str(_("No campaign")), n, s)
        for title, n, s in _grouped(paid_donations(user=user, flt=flt), "campaign__title")
    ]


def period_key(day: dt.date, period: str) -> tuple[tuple[int, int], str]:
    """(sort key, Persian label) of the Jalali month, season or year a day falls in."""
    j = JalaliDate.from_gregorian(day)
    if period == "year":
        return (j.year, 0), str(j.year)
    if period == "season":
        season = (j.month - 1) // 3 + 1
        return (j.year, season), f"{SEASON_NAMES_FA[season - 1]} {j.year}"
    return (j.year, j.month), f"{MONTH_NAMES_FA[j.month - 1]} {j.year}"


def by_period(*, user: Any, flt: FigureFilter) -> list[Row]:
    period = flt.period if flt.period in PERIODS else "month"
    days = (
        paid_donations(user=user, flt=flt)
        .order_by()
        .annotate(day=TruncDate("paid_at", tzinfo=timezone.get_current_timezone()))
        .values("day")
        .annotate(n=Count("pk"), s=Sum("amount_rials"))
        .values_list("day", "n", "s")
    )
    folded: dict[tuple[int, int], list[Any]] = defaultdict(lambda: ["", 0, 0])
    for day, n, s in days:
        key, label = period_key(day, period)
        folded[key][0] = label
        folded[key][1] += n
        folded[key][2] += s
    return [Row(*folded[key]) for key in sorted(folded)]


def method_comparison(*, user: Any, flt: FigureFilter) -> list[MethodRow]:
    """Per method: campaigns (those running in the period), their paid donations in the period,
    total, average gift and the share of the campaigns' goals reached."""
    if not user.has_yavar_perm(PERM):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    campaigns = Campaign.objects.filter(donation_q(user, PERM))
    if flt.date_from:
        campaigns = campaigns.filter(ends_on__gte=flt.date_from)
    if flt.date_to:
        campaigns = campaigns.filter(starts_on__lte=flt.date_to)
    goals = {
        m: (n, g)
        for m, n, g in campaigns.order_by()
        .values("method")
        .annotate(n=Count("pk"), g=Sum("goal_rials"))
        .values_list("method", "n", "g")
    }
    gifts = {
        m: (n, s)
        for m, n, s in paid_donations(user=user, flt=flt)
        .filter(campaign__in=campaigns)
        .order_by()
        .values("campaign__method")
        .annotate(n=Count("pk"), s=Sum("amount_rials"))
        .values_list("campaign__method", "n", "s")
    }
    return [
        MethodRow(
            method=method,
            label=str(label),
            campaigns=goals.get(method, (0, 0))[0],
            donations=gifts.get(method, (0, 0))[0],
            total=gifts.get(method, (0, 0))[1],
            goal=goals.get(method, (0, 0))[1] or 0,
        )
        for method, label in Method.choices
    ]


TABLES = {
    "cause": (_("By cause"), _("Cause"), by_cause),
    "province": (_("By province"), _("Province"), by_province),
    "county": (_("By county"), _("County"), by_county),
    "channel": (_("By channel"), _("Channel"), by_channel),
    "campaign": (_("By campaign"), _("Campaign"), by_campaign),
    "period": (_("By period"), _("Period"), by_period),
}
