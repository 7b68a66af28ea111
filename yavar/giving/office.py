"""Cash received in person: at the office till (receipt book), a card reader (POS), a bank
deposit slip or an ATM transfer. Staff record it as paid at once, with the paper trail's number;
one number counts once per channel. A mistaken entry is voided with a reason, never deleted,
and only while no allocation has spent it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record, delivery_withdraw
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import to_ascii_digits
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import province_and_county

from .allocations import balance
from .enums import (
    IN_PERSON_CHANNELS,
    MIN_DONATION_RIALS,
    SERVICE_ID,
    DonationStatus,
    GivingErrorCode,
    OfficeErrorCode,
)
from .models import AllocationSource, Benefactor, Campaign, Cause, Donation
from .services import new_tracking_code, wants_receipt_sms
from .tasks import send_receipt_sms

PERM = Perm.GIVING_RECORD


def normalize_reference(value: str) -> str:
    """Receipt and bank numbers are typed in Persian or ASCII digits, with stray spaces."""
    return "".join(to_ascii_digits(value).split()).upper()


def donor_subject(*, benefactor: Benefactor | None, mobile: str, fallback: str) -> str:
    """Who the ledger counts as the participant: the same key online and at the office."""
    if benefactor is not None:
        return benefactor.mobile
    return mobile or f"anonymous:{fallback}"


def _paid_at(received_on: dt.date) -> dt.datetime:
    if received_on == timezone.localdate():
        return timezone.now()
    # Only the day is known for an earlier day's receipt book: noon keeps it on that day.
    return timezone.make_aware(dt.datetime.combine(received_on, dt.time(12)))


@transaction.atomic
def in_person_record(
    *,
    actor: Any,
    channel: str,
    reference: str,
    amount_rials: int,
    cause: Cause,
    office: OrgUnit,
    received_on: dt.date,
    campaign: Campaign | None = None,
    benefactor: Benefactor | None = None,
    donor_name: str = "",
    donor_mobile: str = "",
    anonymous: bool = False,
) -> Donation:
    scope.require(actor, PERM, office)
    if channel not in IN_PERSON_CHANNELS:
        raise ApplicationError(OfficeErrorCode.NOT_IN_PERSON)
    reference = normalize_reference(reference)
    if not reference:
        raise ApplicationError(OfficeErrorCode.REFERENCE_REQUIRED)
    if amount_rials < MIN_DONATION_RIALS:
        raise ApplicationError(GivingErrorCode.AMOUNT_TOO_SMALL)
    if received_on > timezone.localdate():
        raise ApplicationError(OfficeErrorCode.FUTURE_DATE)
    if campaign is not None:
        if not (campaign.starts_on <= received_on <= campaign.ends_on):
            raise ApplicationError(GivingErrorCode.CAMPAIGN_CLOSED)
        cause = campaign.cause
    province, county = province_and_county(office)  # where the gift was received
    live = Donation.objects.exclude(status=DonationStatus.VOIDED)
    if live.filter(channel=channel, external_reference=reference).exists():
        raise ApplicationError(OfficeErrorCode.DUPLICATE_REFERENCE)
    if benefactor is not None:
        donor_name = donor_name or benefactor.name
        donor_mobile = donor_mobile or benefactor.mobile
        anonymous = anonymous or benefactor.anonymous
    donation = Donation(
        tracking_code=new_tracking_code(),
        cause=cause,
        campaign=campaign,
        province=province,
        county=county,
        office=office,
        amount_rials=amount_rials,
        channel=channel,
        status=DonationStatus.PAID,
        paid_at=_paid_at(received_on),
        external_reference=reference,
        benefactor=benefactor,
        donor_name="" if anonymous else donor_name.strip(),
        donor_mobile=donor_mobile,
        anonymous=anonymous,
        recorded_by=actor,
    )
    try:
        donation.full_clean()
    except ValidationError as error:
        raise ApplicationError(ErrorCode.INVALID_INPUT, fields=error.message_dict) from error
    try:
        with transaction.atomic():
            donation.save()
    except IntegrityError as error:  # the same slip recorded at the same moment by a colleague
        raise ApplicationError(OfficeErrorCode.DUPLICATE_REFERENCE) from error
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=donor_subject(
            benefactor=benefactor, mobile=donor_mobile, fallback=donation.tracking_code
        ),
        org_unit=office,
        delivered_on=received_on,
        kind="cash_donation",
        source=donation,
    )
    audit_record(
        actor=actor,
        action="donation.in_person",
        obj=donation,
        data={
            "channel": channel,
            "reference": reference,
            "amount_rials": amount_rials,
            "cause": cause.code,
            "office": office.pk,
            "received_on": received_on.isoformat(),
            "benefactor": benefactor.pk if benefactor else None,
        },
    )
    if wants_receipt_sms(donation):
        transaction.on_commit(lambda: send_receipt_sms.enqueue(donation.pk))
    return donation


@transaction.atomic
def in_person_void(*, actor: Any, donation: Donation, reason: str) -> Donation:
    """Cancels a mistaken entry. The cause row is locked first, as allocation approval does,
    so an approval and a void cannot both count the same money."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(OfficeErrorCode.REASON_REQUIRED)
    Cause.objects.select_for_update().get(pk=donation.cause_id)
    current = Donation.objects.select_for_update().get(pk=donation.pk)
    if current.office is None or current.channel not in IN_PERSON_CHANNELS:
        raise ApplicationError(OfficeErrorCode.NOT_IN_PERSON)
    scope.require(actor, PERM, current.office)
    if current.status == DonationStatus.VOIDED:
        raise ApplicationError(OfficeErrorCode.ALREADY_VOIDED)
    if AllocationSource.objects.filter(donation=current).exists():
        raise ApplicationError(OfficeErrorCode.ALREADY_SPENT)
    if balance(current.cause) - current.amount_rials < 0:
        raise ApplicationError(OfficeErrorCode.BALANCE_NEGATIVE)
    Donation.objects.filter(pk=current.pk).update(
        status=DonationStatus.VOIDED, void_reason=reason[:300], updated_at=timezone.now()
    )
    delivery_withdraw(source=current, reason=f"void: {reason}")  # the donor no longer counts
    audit_record(
        actor=actor,
        action="donation.void",
        obj=current,
        changes={"status": (current.status, DonationStatus.VOIDED)},
        data={"reason": reason, "amount_rials": current.amount_rials},
    )
    donation.status, donation.void_reason = DonationStatus.VOIDED, reason[:300]
    return donation


# --- Reads ------------------------------------------------------------------------------------


def in_person_list(
    *,
    user: Any,
    channel: str = "",
    status: str = "",
    office_id: int | None = None,
    text: str = "",
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
) -> QuerySet[Donation]:
    qs = Donation.objects.filter(
        scope.scope_q(user, PERM, prefix="office__"), channel__in=IN_PERSON_CHANNELS
    )
    if channel:
        qs = qs.filter(channel=channel)
    if status:
        qs = qs.filter(status=status)
    if office_id:
        qs = qs.filter(office_id=office_id)
    if text:
        value = normalize_reference(text)
        qs = qs.filter(Q(external_reference=value) | Q(tracking_code=value))
    if received_from:
        qs = qs.filter(paid_at__date__gte=received_from)
    if received_to:
        qs = qs.filter(paid_at__date__lte=received_to)
    return qs.select_related("cause", "office", "benefactor").order_by("-paid_at", "-pk")


def in_person_get(*, user: Any, pk: int) -> Donation:
    return scope.get_in_scope(
        user,
        PERM,
        Donation.objects.select_related("cause", "campaign", "office", "benefactor", "recorded_by"),
        prefix="office__",
        pk=pk,
        channel__in=IN_PERSON_CHANNELS,
    )


def offices_for(*, user: Any) -> QuerySet[OrgUnit]:
    """Where the user may record: units in their scope below HQ (provinces, counties, centres)."""
    return scope.units(user, PERM).exclude(kind="hq").order_by("path")


def office_overview(*, user: Any, limit: int = 8) -> dict[str, Any]:
    """The staff landing page: recent work in the user's scope across the three kinds of gift."""
    from .inkind import inkind_list
    from .pledges import pledge_list

    return {
        "donations": list(in_person_list(user=user)[:limit]),
        "gifts": list(inkind_list(user=user)[:limit]),
        "pledges": list(pledge_list(user=user, open_only=True)[:limit]),
    }
