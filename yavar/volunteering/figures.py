"""Volunteer hours confirmed, per province and programme, for those who see reports. HQ sees
the country, a province its own; pending and rejected hours do not count. One grouped query;
the programme titles come from the catalog in one more."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.catalog.models import ServiceCard
from yavar.core.errors import ApplicationError, ErrorCode

from .enums import GENERAL_PROGRAMME, HoursStatus
from .models import HoursEntry

PERM = Perm.REPORTS_VIEW


@dataclass(frozen=True)
class HoursRow:
    province: str
    programme: str
    volunteers: int
    entries: int
    hours: Decimal


def _programme_titles() -> dict[str, str]:
    titles = dict(ServiceCard.objects.values_list("service_id", "title"))
    titles[GENERAL_PROGRAMME] = _("General volunteering")
    return titles


def confirmed_hours(
    *, user: Any, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> list[HoursRow]:
    """Rows by province, then by most hours; `volunteers` counts distinct people."""
    if not user.has_yavar_perm(PERM):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    entries = HoursEntry.objects.filter(
        scope.scope_q(user, PERM, prefix="volunteer__province__"), status=HoursStatus.CONFIRMED
    )
    if date_from:
        entries = entries.filter(on__gte=date_from)
    if date_to:
        entries = entries.filter(on__lte=date_to)
    grouped = (
        entries.order_by()
        .values("volunteer__province__name_fa", "assignment__programme")
        .annotate(v=Count("volunteer", distinct=True), n=Count("pk"), h=Sum("hours"))
        .values_list("volunteer__province__name_fa", "assignment__programme", "v", "n", "h")
    )
    titles = _programme_titles()
    rows = [
        HoursRow(province, titles.get(programme, programme), v, n, h)
        for province, programme, v, n, h in grouped
    ]
    return sorted(rows, key=lambda r: (r.province, -r.hours, r.programme))
