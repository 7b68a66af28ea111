"""Allocations from the participation account. A cause's balance is what its paid donations
have not yet been spent on; approving locks the cause row first, so two approvals racing for
the same money run one after the other and the balance can never go below zero."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import DonationStatus, GivingErrorCode
from .models import Allocation, AllocationSource, Cause, Donation


def _hq() -> OrgUnit:
    return OrgUnit.objects.get(kind=UnitKind.HQ)


def donations_with_remaining(cause: Cause) -> Any:
    spent = (
        AllocationSource.objects.filter(donation=OuterRef("pk"))
        .values("donation")
        .annotate(s=Sum("amount_rials"))
        .values("s")
    )
    return (
        Donation.objects.filter(cause=cause, status=DonationStatus.PAID)
        .annotate(remaining=F("amount_rials") - Coalesce(Subquery(spent), Value(0)))
        .filter(remaining__gt=0)
        .order_by("paid_at", "pk")
    )


def balance(cause: Cause) -> int:
    paid = Donation.objects.filter(cause=cause, status=DonationStatus.PAID).aggregate(
        s=Coalesce(Sum("amount_rials"), Value(0))
    )["s"]
    spent = AllocationSource.objects.filter(donation__cause=cause).aggregate(
        s=Coalesce(Sum("amount_rials"), Value(0))
    )["s"]
    return int(paid - spent)


@transaction.atomic
def allocation_propose(
    *, actor: Any, cause: Cause, amount_rials: int, purpose: str, province: OrgUnit | None = None
) -> Allocation:
    scope.require(actor, Perm.GIVING_ALLOCATE, province or _hq())
    if amount_rials <= 0 or not purpose.strip():
        raise ApplicationError(ErrorCode.INVALID_INPUT)
    allocation = Allocation.objects.create(
        cause=cause,
        province=province,
        amount_rials=amount_rials,
        purpose=purpose.strip(),
        proposed_by=actor,
    )
    audit_record(
        actor=actor,
        action="allocation.propose",
        obj=allocation,
        data={"cause": cause.code, "amount_rials": amount_rials, "purpose": purpose},
    )
    return allocation


@transaction.atomic
def allocation_decide(*, actor: Any, allocation: Allocation, approve: bool) -> Allocation:
    """The head of the organisation's decision (a 2FA role)."""
    scope.require(actor, Perm.GIVING_AUTHORISE, _hq())
    Cause.objects.select_for_update().get(pk=allocation.cause_id)  # serialise per cause
    current = Allocation.objects.select_for_update().get(pk=allocation.pk)
    if current.status != Allocation.Status.PROPOSED:
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    if approve:
        needed = current.amount_rials
        if balance(current.cause) < needed:
            raise ApplicationError(GivingErrorCode.INSUFFICIENT_BALANCE)
        for donation in donations_with_remaining(current.cause):
            take = min(needed, donation.remaining)
            AllocationSource.objects.create(
                allocation=current, donation=donation, amount_rials=take
            )
            needed -= take
            if needed == 0:
                break
    status = Allocation.Status.APPROVED if approve else Allocation.Status.REJECTED
    Allocation.objects.filter(pk=current.pk).update(
        status=status, decided_by=actor, decided_at=timezone.now()
    )
    allocation.status = status
    audit_record(
        actor=actor,
        action=f"allocation.{status}",
        obj=current,
        changes={"status": (Allocation.Status.PROPOSED, status)},
    )
    return allocation


def impact_of(donation: Donation) -> list[dict[str, Any]]:
    """What a donation paid for: purposes and amounts, never who received them."""
    rows = (
        AllocationSource.objects.filter(
            donation=donation, allocation__status=Allocation.Status.APPROVED
        )
        .values("allocation__purpose", "allocation__province__name_fa")
        .annotate(amount=Sum("amount_rials"))
        .order_by("allocation__purpose")
    )
    return [dict(row) for row in rows]
