"""Figures of participation in kind and in service, beside the cash figures in figures.py: goods
received (receipts, estimated value, how much of it is handed on and how much is still in
stock) and service pledges (hours pledged, delivered, released by an early end, people served),
by category, province and Jalali period. HQ sees the country, a province its own.

Cancelled receipts are left out (the ledger keeps their row; these figures read the receipts).
Reversed handovers are already back in `quantity_distributed`. Goods and pledges carry no cause,
so goods are shown by category and pledges by the unit they serve.

The value handed on is the receipt's estimated value times the share of its quantity handed on,
rounded down per receipt, so "handed on + in stock" is always exactly the value received. Goods
tables are one grouped query each; pledge tables are two (the promises and the hours given,
which fall in different periods), folded together here."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Substr
from django.utils.translation import gettext_lazy as _

from yavar.accounts import scope
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import SEGMENT_WIDTH, OrgUnit

from .enums import ItemCategory
from .figures import PERIODS, PERM, FigureFilter, period_key
from .models import InKindDonation, PledgeDelivery, ServicePledge
from .reconciliation.scoping import covers_country

# A path starts with HQ's segment, then the province's.
PROVINCE_PATH = 2 * SEGMENT_WIDTH

HANDED_ON_VALUE = ExpressionWrapper(
    F("estimated_value_rials") * F("quantity_distributed") / F("quantity"),
    output_field=BigIntegerField(),
)
RELEASED_HOURS = Case(
    When(withdrawn_on__isnull=False, then=F("hours_pledged") - F("hours_delivered")),
    default=Value(0),
)


@dataclass(frozen=True)
class GoodsRow:
    label: str
    receipts: int
    value: int
    handed_on_value: int

    @property
    def in_stock_value(self) -> int:
        return self.value - self.handed_on_value

    def cells(self) -> list[int]:
        return [self.receipts, self.value, self.handed_on_value, self.in_stock_value]


@dataclass(frozen=True)
class PledgeRow:
    label: str
    pledges: int
    hours_pledged: int
    hours_released: int
    hours_delivered: int
    people_served: int

    def cells(self) -> list[int]:
        return [
            self.pledges,
            self.hours_pledged,
            self.hours_delivered,
            self.hours_released,
            self.people_served,
        ]


GOODS_COLUMNS = (
    _("Receipts"),
    _("Estimated value (rials)"),
    _("Handed on (rials)"),
    _("In stock (rials)"),
)
PLEDGE_COLUMNS = (
    _("Pledges"),
    _("Hours pledged"),
    _("Hours delivered"),
    _("Hours released by an early end"),
    _("People served"),
)


def _area_q(user: Any, prefix: str) -> Q:
    if not user.has_yavar_perm(PERM):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    return Q() if covers_country(user, PERM) else scope.scope_q(user, PERM, prefix=prefix)


def _dated(qs: QuerySet[Any], field: str, flt: FigureFilter) -> QuerySet[Any]:
    if flt.date_from:
        qs = qs.filter(**{f"{field}__gte": flt.date_from})
    if flt.date_to:
        qs = qs.filter(**{f"{field}__lte": flt.date_to})
    return qs.order_by()


def _province_labels(paths: Iterable[str]) -> dict[str, str]:
    """One lookup for the few province names a table shows."""
    units = OrgUnit.objects.filter(path__in=set(paths)).values_list("path", "name_fa")
    return {path: name for path, name in units if path}


def _period(flt: FigureFilter) -> str:
    return flt.period if flt.period in PERIODS else "month"


# --- Goods ------------------------------------------------------------------------------------


def received_goods(*, user: Any, flt: FigureFilter) -> QuerySet[InKindDonation]:
    live = InKindDonation.objects.filter(_area_q(user, "office__"), cancelled_at__isnull=True)
    return _dated(live, "received_on", flt)


def _goods_grouped(goods: QuerySet[InKindDonation], key: Any) -> list[tuple[Any, int, int, int]]:
    return list(
        goods.annotate(k=key)
        .values("k")
        .annotate(n=Count("pk"), v=Sum("estimated_value_rials"), h=Sum(HANDED_ON_VALUE))
        .values_list("k", "n", "v", "h")
    )


def _by_value(rows: Iterable[GoodsRow]) -> list[GoodsRow]:
    return sorted(rows, key=lambda r: (-r.value, r.label))


def goods_by_category(*, user: Any, flt: FigureFilter) -> list[GoodsRow]:
    rows = _goods_grouped(received_goods(user=user, flt=flt), F("category"))
    return _by_value(GoodsRow(str(ItemCategory(c).label), n, v, h) for c, n, v, h in rows)


def goods_by_province(*, user: Any, flt: FigureFilter) -> list[GoodsRow]:
    rows = _goods_grouped(
        received_goods(user=user, flt=flt), Substr("office__path", 1, PROVINCE_PATH)
    )
    names = _province_labels(r[0] for r in rows)
    return _by_value(GoodsRow(names.get(p, p), n, v, h) for p, n, v, h in rows)


def goods_by_period(*, user: Any, flt: FigureFilter) -> list[GoodsRow]:
    period = _period(flt)
    folded: dict[tuple[int, int], list[Any]] = defaultdict(lambda: ["", 0, 0, 0])
    for day, n, v, h in _goods_grouped(received_goods(user=user, flt=flt), F("received_on")):
        key, label = period_key(day, period)
        row = folded[key]
        row[0], row[1], row[2], row[3] = label, row[1] + n, row[2] + v, row[3] + h
    return [GoodsRow(*folded[key]) for key in sorted(folded)]


# --- Service pledges --------------------------------------------------------------------------


def _promises(user: Any, flt: FigureFilter, key: Any) -> dict[Any, tuple[int, int, int]]:
    pledges = _dated(
        ServicePledge.objects.filter(_area_q(user, "unit__")), "starts_on", flt
    ).annotate(k=key)
    return {
        k: (n, p, r)
        for k, n, p, r in pledges.values("k")
        .annotate(n=Count("pk"), p=Sum("hours_pledged"), r=Sum(RELEASED_HOURS))
        .values_list("k", "n", "p", "r")
    }


def _hours_given(user: Any, flt: FigureFilter, key: Any) -> dict[Any, tuple[int, int]]:
    given = _dated(
        PledgeDelivery.objects.filter(_area_q(user, "pledge__unit__")), "delivered_on", flt
    ).annotate(k=key)
    return {
        k: (h, s)
        for k, h, s in given.values("k")
        .annotate(h=Sum("hours"), s=Sum("people_served"))
        .values_list("k", "h", "s")
    }


def _pledge_rows(
    promises: dict[Any, tuple[int, int, int]],
    given: dict[Any, tuple[int, int]],
    label: Callable[[Any], str],
) -> list[tuple[Any, PledgeRow]]:
    return [
        (
            key,
            PledgeRow(label(key), *promises.get(key, (0, 0, 0)), *given.get(key, (0, 0))),
        )
        for key in promises.keys() | given.keys()
    ]


def pledges_by_province(*, user: Any, flt: FigureFilter) -> list[PledgeRow]:
    promises = _promises(user, flt, Substr("unit__path", 1, PROVINCE_PATH))
    given = _hours_given(user, flt, Substr("pledge__unit__path", 1, PROVINCE_PATH))
    names = _province_labels(promises.keys() | given.keys())
    rows = [row for _key, row in _pledge_rows(promises, given, lambda p: names.get(p, p))]
    return sorted(rows, key=lambda r: (-r.hours_pledged, -r.hours_delivered, r.label))


def pledges_by_period(*, user: Any, flt: FigureFilter) -> list[PledgeRow]:
    """Hours pledged fall in the period a pledge starts; hours delivered when they were given."""
    period = _period(flt)

    def fold(days: dict[dt.date, tuple[int, ...]]) -> dict[tuple[int, int], list[int]]:
        folded: dict[tuple[int, int], list[int]] = {}
        for day, values in days.items():
            key, label = period_key(day, period)
            labels[key] = label
            total = folded.setdefault(key, [0] * len(values))
            for i, value in enumerate(values):
                total[i] += value
        return folded

    labels: dict[tuple[int, int], str] = {}
    promises = fold(_promises(user, flt, F("starts_on")))  # type: ignore[arg-type]
    given = fold(_hours_given(user, flt, F("delivered_on")))  # type: ignore[arg-type]
    rows = _pledge_rows(
        {k: (v[0], v[1], v[2]) for k, v in promises.items()},
        {k: (v[0], v[1]) for k, v in given.items()},
        labels.__getitem__,
    )
    return [row for _key, row in sorted(rows, key=lambda kr: kr[0])]


GOODS_TABLES = {
    "goods-category": (_("Goods by category"), _("Category"), goods_by_category),
    "goods-province": (_("Goods by province"), _("Province"), goods_by_province),
    "goods-period": (_("Goods by period"), _("Period"), goods_by_period),
}
PLEDGE_TABLES = {
    "pledges-province": (_("Service pledges by province"), _("Province"), pledges_by_province),
    "pledges-period": (_("Service pledges by period"), _("Period"), pledges_by_period),
}
