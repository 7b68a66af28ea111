"""Public reads for the portal. Only what anyone may see: never a confidential unit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from yavar.core.jalali import MONTH_NAMES_FA, JalaliDate, month_length
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.orgunits.models import OrgUnit

PUBLIC_OFFICE_TYPES = (CentreType.WELFARE_OFFICE, CentreType.CRISIS_CENTRE)


def public_offices() -> list[dict[str, Any]]:
    """Provinces, each with its public welfare offices and crisis centres (safe houses are
    confidential and never listed)."""
    provinces = list(OrgUnit.objects.filter(kind=UnitKind.PROVINCE).order_by("name_fa"))
    centres = (
        OrgUnit.objects.filter(
            kind=UnitKind.CENTRE,
            centre_type__in=PUBLIC_OFFICE_TYPES,
            confidential=False,
            active=True,
        )
        .select_related("parent")
        .order_by("name_fa")
    )
    by_province: dict[int, list[OrgUnit]] = {p.pk: [] for p in provinces}
    for centre in centres:
        if centre.parent is not None and centre.parent.parent_id in by_province:
            by_province[centre.parent.parent_id].append(centre)
    return [{"province": p, "offices": by_province[p.pk]} for p in provinces]


def month_calendar(today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    jtoday = JalaliDate.from_gregorian(today)
    first = JalaliDate(jtoday.year, jtoday.month, 1).to_gregorian()
    # Persian weeks start on Saturday: Python's Monday=0 … Saturday=5.
    lead = (first.weekday() - 5) % 7
    days: list[int | None] = [None] * lead + list(
        range(1, month_length(jtoday.year, jtoday.month) + 1)
    )
    weeks = [days[i : i + 7] for i in range(0, len(days), 7)]
    weeks[-1] += [None] * (7 - len(weeks[-1]))
    return {
        "year": jtoday.year,
        "month_name": MONTH_NAMES_FA[jtoday.month - 1],
        "weeks": weeks,
        "today": jtoday.day,
    }
