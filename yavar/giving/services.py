"""Donations: start, pay through the bank, settle exactly once.

The bank's callback is untrusted input. It only tells us *which* donation to look at; what
counts is the server-side verify of the amount and reference we stored, under a row lock, so
tampered amounts, replays, forgeries and racing double callbacks all end in one state."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from . import gateway
from .enums import MIN_DONATION_RIALS, SERVICE_ID, Channel, DonationStatus, GivingErrorCode
from .models import Benefactor, Campaign, Cause, Donation
from .tasks import send_receipt_sms


def _tracking_code() -> str:
    # 12 random digits: easy to read out on the phone, impossible to guess.
    return "".join(secrets.choice("0123456789") for _ in range(12))


@transaction.atomic
def donation_start(
    *,
    cause: Cause,
    amount_rials: int,
    campaign: Campaign | None = None,
    province: OrgUnit | None = None,
    donor_name: str = "",
    donor_mobile: str = "",
    anonymous: bool = False,
    channel: str = Channel.WEB,
    benefactor: Benefactor | None = None,
) -> Donation:
    """A pending donation with its tracking code; the caller then sends the donor to the bank.
    `benefactor`: the profile of the donor's proven mobile, if they have one."""
    if amount_rials < MIN_DONATION_RIALS:
        raise ApplicationError(GivingErrorCode.AMOUNT_TOO_SMALL)
    today = timezone.localdate()
    if campaign is not None and not (campaign.starts_on <= today <= campaign.ends_on):
        raise ApplicationError(GivingErrorCode.CAMPAIGN_CLOSED)
    donation = Donation(
        tracking_code=_tracking_code(),
        cause=cause,
        campaign=campaign,
        province=province,
        amount_rials=amount_rials,
        donor_name="" if anonymous else donor_name.strip(),
        donor_mobile=donor_mobile,
        anonymous=anonymous,
        channel=channel,
        benefactor=benefactor,
    )
    donation.full_clean()
    donation.save()
    audit_record(
        actor=None,
        action="donation.start",
        obj=donation,
        data={"amount_rials": amount_rials, "cause": cause.code, "channel": channel},
    )
    return donation


def donation_send_to_bank(*, donation: Donation, callback_url: str) -> str:
    """Asks the bank for a payment token (outside any transaction: the bank may be slow) and
    returns the bank's payment-page URL."""
    token = gateway.request_token(
        order_id=donation.tracking_code,
        amount_rials=donation.amount_rials,
        callback_url=callback_url,
        mobile=donation.donor_mobile,
    )
    updated = Donation.objects.filter(
        pk=donation.pk, status=DonationStatus.PENDING, gateway_token__isnull=True
    ).update(gateway_token=token)
    if updated != 1:
        raise ApplicationError(GivingErrorCode.UNKNOWN_DONATION)
    donation.gateway_token = token
    return gateway.payment_url(token)


@dataclass(frozen=True)
class Settlement:
    donation: Donation
    changed: bool


def donation_settle(*, tracking_code: str, token: str) -> Settlement:
    """Called on the bank's callback and by the re-check task. Idempotent and race-safe."""
    with transaction.atomic():
        donation = (
            Donation.objects.select_for_update()
            .filter(tracking_code=tracking_code, gateway_token=token)
            .first()
        )
        if donation is None:
            raise ApplicationError(GivingErrorCode.UNKNOWN_DONATION)
        if donation.status != DonationStatus.PENDING:
            return Settlement(donation, changed=False)  # replay or the losing racer: no-op
        outcome = gateway.verify(token=token, order_id=tracking_code)
        if outcome.unavailable:
            return Settlement(donation, changed=False)  # stays pending; the task retries
        if outcome.paid and outcome.amount_rials != donation.amount_rials:
            # The bank holds a different amount than we asked: refund, never count it.
            gateway.reverse(token=token, order_id=tracking_code)
            return Settlement(_close(donation, DonationStatus.REVERSED, "amount_mismatch"), True)
        if outcome.paid:
            return Settlement(_mark_paid(donation, outcome.reference, outcome.card_mask), True)
        if outcome.final:
            return Settlement(_close(donation, DonationStatus.FAILED, outcome.status), True)
        return Settlement(donation, changed=False)


def _close(donation: Donation, status: str, reason: str) -> Donation:
    Donation.objects.filter(pk=donation.pk).update(status=status, failure=reason[:40])
    donation.status, donation.failure = status, reason[:40]
    audit_record(
        actor=None,
        action=f"donation.{status}",
        obj=donation,
        changes={"status": (DonationStatus.PENDING, status)},
        data={"reason": reason},
    )
    return donation


def _mark_paid(donation: Donation, reference: str, card_mask: str) -> Donation:
    now = timezone.now()
    try:
        with transaction.atomic():
            Donation.objects.filter(pk=donation.pk).update(
                status=DonationStatus.PAID,
                bank_reference=reference,
                card_mask=card_mask,
                paid_at=now,
            )
    except IntegrityError:
        # This bank reference already paid another donation: never count a payment twice.
        return _close(donation, DonationStatus.FAILED, "duplicate_reference")
    donation.status, donation.bank_reference, donation.card_mask, donation.paid_at = (
        DonationStatus.PAID,
        reference,
        card_mask,
        now,
    )
    unit = donation.province or OrgUnit.objects.get(kind=UnitKind.HQ)
    # The participant is the donor: known by mobile, else this donation alone.
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=donation.donor_mobile or f"anonymous:{donation.tracking_code}",
        org_unit=unit,
        delivered_on=timezone.localdate(),
        kind="cash_donation",
        source=donation,
    )
    audit_record(
        actor=None,
        action="donation.paid",
        obj=donation,
        changes={"status": (DonationStatus.PENDING, DonationStatus.PAID)},
        data={"bank_reference": reference, "amount_rials": donation.amount_rials},
    )
    if wants_receipt_sms(donation):
        transaction.on_commit(lambda: send_receipt_sms.enqueue(donation.pk))
    return donation


def wants_receipt_sms(donation: Donation) -> bool:
    """A receipt SMS needs a mobile, and a benefactor who has not turned receipts off."""
    if not donation.donor_mobile:
        return False
    return donation.benefactor is None or donation.benefactor.wants_sms


def recheck_pending(
    *, older_than_minutes: int = 15, expire_after_minutes: int = 60
) -> dict[str, int]:
    """For donors who never came back: ask the bank, settle what it says, expire the rest."""
    counts = {"paid": 0, "expired": 0, "unchanged": 0}
    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    expire_cutoff = timezone.now() - dt.timedelta(minutes=expire_after_minutes)
    for donation in Donation.objects.filter(status=DonationStatus.PENDING, created_at__lt=cutoff):
        if donation.gateway_token:
            state = gateway.inquire(order_id=donation.tracking_code)
            if state.paid:
                settled = donation_settle(
                    tracking_code=donation.tracking_code, token=donation.gateway_token
                )
                counts[
                    "paid" if settled.donation.status == DonationStatus.PAID else "unchanged"
                ] += 1
                continue
        if donation.created_at < expire_cutoff:
            with transaction.atomic():
                if Donation.objects.filter(pk=donation.pk, status=DonationStatus.PENDING).update(
                    status=DonationStatus.EXPIRED
                ):
                    counts["expired"] += 1
                    audit_record(actor=None, action="donation.expired", obj=donation)
            continue
        counts["unchanged"] += 1
    return counts


def campaign_progress(campaign: Campaign) -> int:
    from django.db.models import Sum

    return (
        campaign.donations.filter(status=DonationStatus.PAID).aggregate(s=Sum("amount_rials"))["s"]
        or 0
    )
