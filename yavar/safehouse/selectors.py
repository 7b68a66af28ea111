"""Reads of safe-house data. Each case read is in the access log; lists carry codes only;
anything outside the reader's scope answers 404."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.enums import AccessReason
from yavar.audit.services import access_record
from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import SERVICE_ID, ReferralStatus
from .models import BreakGlass, Case, House, Referral
from .services import occupancy_by_unit

VIEW, SUPERVISE = Perm.SAFEHOUSE_CASE_VIEW, Perm.SAFEHOUSE_SUPERVISE
SMALL_COUNT = 5  # aggregates below this are shown as "< 5": small groups identify people


def case_list(*, user: Any, status: str = "") -> QuerySet[Case]:
    cases = Case.objects.filter(scope.scope_q(user, VIEW), archived_at__isnull=True)
    if status:
        cases = cases.filter(status=status)
    # Only what a list may show: the code, status and dates. No name is even loaded.
    return cases.only(
        "pk", "code", "status", "opened_on", "admitted_on", "stay_until", "org_unit"
    ).order_by("-opened_on", "-pk")


def _break_glass(user: Any, case_pk: int) -> BreakGlass | None:
    if not getattr(user, "is_authenticated", False) or not hasattr(user, "memberships"):
        return None
    return BreakGlass.objects.filter(
        case_id=case_pk, user=user, expires_at__gt=timezone.now()
    ).first()


def case_get(*, user: Any, pk: int, for_change: bool = False) -> Case:
    """The case file. Every read is logged; an emergency grant counts only for reading."""
    perm = Perm.SAFEHOUSE_CASE_CHANGE if for_change else VIEW
    case = (
        Case.objects.filter(scope.scope_q(user, perm), pk=pk)
        .select_related("person", "org_unit")
        .first()
    )
    reason = AccessReason.ROUTINE
    if case is None and not for_change and _break_glass(user, pk) is not None:
        case = Case.objects.select_related("person", "org_unit").get(pk=pk)
        reason = AccessReason.BREAK_GLASS
    if case is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    access_record(actor=user, obj=case, person_ref=case.code, reason=reason)
    return case


@dataclass
class HouseRow:
    house: House
    occupied: int

    @property
    def free(self) -> int:
        return max(0, self.house.beds - self.occupied)


def houses(*, user: Any) -> list[HouseRow]:
    rows = list(House.objects.filter(scope.scope_q(user, VIEW)).select_related("org_unit"))
    taken = occupancy_by_unit([house.org_unit_id for house in rows])
    return [HouseRow(house, taken.get(house.org_unit_id, 0)) for house in rows]


def overdue_referrals(*, user: Any) -> QuerySet[Referral]:
    """For the supervisor: referrals whose feedback is late."""
    return (
        Referral.objects.filter(scope.scope_q(user, SUPERVISE, prefix="case__org_unit__"))
        .filter(status=ReferralStatus.SENT, due_on__lt=timezone.localdate())
        .select_related("case")
        .order_by("due_on")
    )


def break_glass_alerts(*, user: Any) -> QuerySet[BreakGlass]:
    return (
        BreakGlass.objects.filter(scope.scope_q(user, SUPERVISE, prefix="case__org_unit__"))
        .filter(acknowledged_by__isnull=True)
        .select_related("case", "user")
        .order_by("-created_at")
    )


def national_figures(*, user: Any, year: int) -> list[dict[str, Any]]:
    """For HQ: recipients per province and Jalali season from the ledger — counts only, and
    counts under five suppressed."""
    hq = OrgUnit.objects.get(kind=UnitKind.HQ)
    if not scope.can(user, Perm.REPORTS_VIEW, hq):
        raise ApplicationError(ErrorCode.NOT_FOUND)
    rows = (
        ServiceDelivery.objects.counted()
        .filter(service_id=SERVICE_ID, jalali_year=year)
        .values("province__name_fa", "jalali_season")
        .annotate(n=Count("subject_key", distinct=True))
    )
    table: dict[str, list[int]] = {}
    for row in rows:
        table.setdefault(row["province__name_fa"] or "—", [0, 0, 0, 0])[
            row["jalali_season"] - 1
        ] = row["n"]
    return [
        {"province": name, "seasons": [suppress(n) for n in counts], "total": suppress(sum(counts))}
        for name, counts in sorted(table.items())
    ]


def suppress(count: int) -> str:
    if count == 0:
        return "0"
    return f"< {SMALL_COUNT}" if count < SMALL_COUNT else str(count)
