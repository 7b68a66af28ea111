"""Gifts in kind: goods received at an office and later handed on to centres or to clients.

What is handed on can never exceed what is left: the gift's row is locked while the quantity
is checked and moved, and a check constraint refuses the impossible even if code forgets.

Mistakes are put right, never erased: a handover recorded in error is reversed (its quantity
returns to stock under the same row lock), and a receipt recorded in error is cancelled while
nothing of it is handed on. The catalog's ledger has no reversal, so the receipt's ledger row
stays; the giving figures read the receipts themselves and leave cancelled ones out."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet, Sum
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record, delivery_withdraw
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.people.models import Person

from .enums import SERVICE_ID, CorrectionErrorCode, ItemCategory, MeasureUnit, OfficeErrorCode
from .models import Benefactor, InKindDistribution, InKindDonation
from .office import PERM, donor_subject, normalize_reference
from .services import new_tracking_code


def _not_future(day: dt.date) -> None:
    if day > timezone.localdate():
        raise ApplicationError(OfficeErrorCode.FUTURE_DATE)


@transaction.atomic
def inkind_receive(
    *,
    actor: Any,
    description: str,
    category: str,
    quantity: int,
    measure: str,
    estimated_value_rials: int,
    condition: str,
    warehouse_receipt: str,
    office: OrgUnit,
    received_on: dt.date,
    benefactor: Benefactor | None = None,
    donor_name: str = "",
    donor_mobile: str = "",
) -> InKindDonation:
    scope.require(actor, PERM, office)
    _not_future(received_on)
    receipt = normalize_reference(warehouse_receipt)
    if not receipt:
        raise ApplicationError(OfficeErrorCode.REFERENCE_REQUIRED)
    live = InKindDonation.objects.filter(cancelled_at__isnull=True)
    if live.filter(office=office, warehouse_receipt=receipt).exists():
        raise ApplicationError(OfficeErrorCode.WAREHOUSE_RECEIPT_TAKEN)
    if benefactor is not None:
        donor_name = donor_name or benefactor.name
        donor_mobile = donor_mobile or benefactor.mobile
    gift = InKindDonation(
        tracking_code=new_tracking_code(),
        description=description.strip(),
        category=category,
        quantity=quantity,
        measure=measure,
        estimated_value_rials=estimated_value_rials,
        condition=condition,
        warehouse_receipt=receipt,
        office=office,
        benefactor=benefactor,
        donor_name=donor_name.strip(),
        donor_mobile=donor_mobile,
        received_on=received_on,
        recorded_by=actor,
    )
    try:
        gift.full_clean()
    except ValidationError as error:
        raise ApplicationError(ErrorCode.INVALID_INPUT, fields=error.message_dict) from error
    try:
        with transaction.atomic():
            gift.save()
    except IntegrityError as error:
        raise ApplicationError(OfficeErrorCode.WAREHOUSE_RECEIPT_TAKEN) from error
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=donor_subject(
            benefactor=benefactor, mobile=donor_mobile, fallback=gift.tracking_code
        ),
        org_unit=office,
        delivered_on=received_on,
        kind="in_kind_donation",
        source=gift,
    )
    audit_record(
        actor=actor,
        action="inkind.receive",
        obj=gift,
        data={
            "description": gift.description,
            "category": category,
            "quantity": quantity,
            "measure": measure,
            "estimated_value_rials": estimated_value_rials,
            "warehouse_receipt": receipt,
            "office": office.pk,
            "benefactor": benefactor.pk if benefactor else None,
        },
    )
    return gift


@transaction.atomic
def inkind_distribute(
    *,
    actor: Any,
    gift: InKindDonation,
    quantity: int,
    distributed_on: dt.date,
    to_centre: OrgUnit | None = None,
    to_person: Person | None = None,
    note: str = "",
) -> InKindDistribution:
    if (to_centre is None) == (to_person is None):
        raise ApplicationError(OfficeErrorCode.ONE_RECIPIENT)
    current = InKindDonation.objects.select_for_update().get(pk=gift.pk)
    scope.require(actor, PERM, current.office)
    if current.is_cancelled:
        raise ApplicationError(CorrectionErrorCode.GIFT_CANCELLED)
    if to_centre is not None:
        if to_centre.kind != UnitKind.CENTRE:
            raise ApplicationError(OfficeErrorCode.ONE_RECIPIENT)
        scope.require(actor, PERM, to_centre)
    if to_person is not None:
        # A client only from the part of the registry the user may see.
        scope.require(actor, Perm.PEOPLE_VIEW, to_person.org_unit)
    _not_future(distributed_on)
    if distributed_on < current.received_on:
        raise ApplicationError(ErrorCode.INVALID_INPUT)
    if quantity <= 0 or quantity > current.remaining:
        raise ApplicationError(OfficeErrorCode.OVER_DISTRIBUTION)
    distribution = InKindDistribution(
        donation=current,
        quantity=quantity,
        to_centre=to_centre,
        to_person=to_person,
        distributed_on=distributed_on,
        note=note.strip(),
        recorded_by=actor,
    )
    distribution.full_clean()
    distribution.save()
    InKindDonation.objects.filter(pk=current.pk).update(
        quantity_distributed=F("quantity_distributed") + quantity, updated_at=timezone.now()
    )
    gift.quantity_distributed = current.quantity_distributed + quantity
    audit_record(
        actor=actor,
        action="inkind.distribute",
        obj=distribution,
        person_ref=to_person.identifier if to_person is not None else "",
        data={
            "gift": current.pk,
            "quantity": quantity,
            "to_centre": to_centre.pk if to_centre else None,
            "to_person": to_person.pk if to_person else None,
            "left": current.remaining - quantity,
        },
    )
    return distribution


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ApplicationError(CorrectionErrorCode.REASON_MISSING)
    return reason[:300]


@transaction.atomic
def inkind_cancel(*, actor: Any, gift: InKindDonation, reason: str) -> InKindDonation:
    """Cancels a receipt recorded in error, only while nothing of it has been handed on."""
    reason = _reason(reason)
    current = InKindDonation.objects.select_for_update().get(pk=gift.pk)
    scope.require(actor, PERM, current.office)
    if current.is_cancelled:
        raise ApplicationError(CorrectionErrorCode.ALREADY_CANCELLED)
    if current.quantity_distributed:
        raise ApplicationError(CorrectionErrorCode.ALREADY_HANDED_ON)
    now = timezone.now()
    InKindDonation.objects.filter(pk=current.pk).update(
        cancelled_at=now, cancelled_by=actor, cancel_reason=reason, updated_at=now
    )
    delivery_withdraw(source=current, reason=f"cancel: {reason}")  # the donor no longer counts
    audit_record(
        actor=actor,
        action="inkind.cancel",
        obj=current,
        changes={"cancelled_at": (None, now.isoformat())},
        data={
            "reason": reason,
            "quantity": current.quantity,
            "estimated_value_rials": current.estimated_value_rials,
            "warehouse_receipt": current.warehouse_receipt,
        },
    )
    gift.cancelled_at, gift.cancelled_by, gift.cancel_reason = now, actor, reason
    return gift


@transaction.atomic
def inkind_distribution_reverse(
    *, actor: Any, distribution: InKindDistribution, reason: str
) -> InKindDistribution:
    """Reverses a handover recorded in error: the quantity returns to the gift's stock. The gift
    row is locked first, as a handover locks it, so the two cannot interleave."""
    reason = _reason(reason)
    gift = InKindDonation.objects.select_for_update().get(pk=distribution.donation_id)
    scope.require(actor, PERM, gift.office)
    current = InKindDistribution.objects.select_for_update().get(pk=distribution.pk)
    if current.is_reversed:
        raise ApplicationError(CorrectionErrorCode.ALREADY_REVERSED)
    now = timezone.now()
    InKindDistribution.objects.filter(pk=current.pk).update(
        reversed_at=now, reversed_by=actor, reverse_reason=reason, updated_at=now
    )
    InKindDonation.objects.filter(pk=gift.pk).update(
        quantity_distributed=F("quantity_distributed") - current.quantity, updated_at=now
    )
    audit_record(
        actor=actor,
        action="inkind.distribution_reverse",
        obj=current,
        person_ref=current.to_person.identifier if current.to_person is not None else "",
        changes={"reversed_at": (None, now.isoformat())},
        data={
            "gift": gift.pk,
            "quantity": current.quantity,
            "reason": reason,
            "left": gift.remaining + current.quantity,
        },
    )
    distribution.reversed_at, distribution.reversed_by = now, actor
    distribution.reverse_reason = reason
    return distribution


# --- Reads ------------------------------------------------------------------------------------


def inkind_list(
    *, user: Any, office_id: int | None = None, category: str = "", in_stock: bool = False
) -> QuerySet[InKindDonation]:
    qs = InKindDonation.objects.filter(scope.scope_q(user, PERM, prefix="office__"))
    if office_id:
        qs = qs.filter(office_id=office_id)
    if category:
        qs = qs.filter(category=category)
    if in_stock:
        qs = qs.filter(quantity_distributed__lt=F("quantity"), cancelled_at__isnull=True)
    return qs.select_related("office", "benefactor").order_by("-received_on", "-pk")


def inkind_get(*, user: Any, pk: int) -> InKindDonation:
    return scope.get_in_scope(
        user,
        PERM,
        InKindDonation.objects.select_related("office", "benefactor", "recorded_by"),
        prefix="office__",
        pk=pk,
    )


def inkind_distributions(*, gift: InKindDonation) -> QuerySet[InKindDistribution]:
    return gift.distributions.select_related("to_centre", "to_person__org_unit").order_by(
        "-distributed_on", "-pk"
    )


def distribution_get(*, user: Any, gift_pk: int, pk: int) -> InKindDistribution:
    """A handover of a gift in the user's scope; anything else is not found."""
    return scope.get_in_scope(
        user,
        PERM,
        InKindDistribution.objects.select_related("donation", "to_person"),
        prefix="donation__office__",
        pk=pk,
        donation_id=gift_pk,
    )


def stock_by_office(*, user: Any) -> list[dict[str, Any]]:
    """What is left on the shelves, per office, category and unit of measure."""
    rows = (
        InKindDonation.objects.filter(
            scope.scope_q(user, PERM, prefix="office__"), cancelled_at__isnull=True
        )
        .values("office__name_fa", "category", "measure")
        .annotate(left=Sum(F("quantity") - F("quantity_distributed")), received=Sum("quantity"))
        .order_by("office__name_fa", "category", "measure")
    )
    return [
        {
            **row,
            "category_label": ItemCategory(row["category"]).label,
            "measure_label": MeasureUnit(row["measure"]).label,
        }
        for row in rows
    ]
