"""Donations: start, pay through the bank, settle exactly once.

The bank's callback is untrusted input. It only tells us *which* donation to look at; what
counts is the server-side verify of the amount and reference we stored, under a row lock, so
tampered amounts, replays, forgeries and racing double callbacks all end in one state."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError
from yavar.core.rows import Guard, fetch_instance, insert_instance
from yavar.core.rows_together import guard, guard_condition, written_together
from yavar.core.task_rows import enqueue_with_writes
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from . import gateway, known_choices
from .enums import MIN_DONATION_RIALS, SERVICE_ID, Channel, DonationStatus, GivingErrorCode
from .models import Benefactor, Campaign, Cause, Donation
from .selectors import posted_cause_and_campaign
from .targeting import donation_target
from .tasks import send_receipt_sms


def new_tracking_code() -> str:
    """12 random digits: easy to read out on the phone, impossible to guess. Every donation,
    whatever its channel, gets one; the unique index settles the rare clash."""
    return f"{secrets.randbelow(10**12):012d}"


# Checked by the database itself, so full_clean need not ask it first: the foreign keys (the
# caller hands us rows it has just read), the unique tracking code (a clash is retried below),
# amount > 0 (checked above it) and the unique external reference (web donations have none).
_DB_ENFORCED = ["cause", "campaign", "province", "county", "benefactor", "office", "recorded_by"]
_TRACKING_CODE_TRIES = 3


def donation_start(
    *,
    cause: Cause,
    amount_rials: int,
    campaign: Campaign | None = None,
    province: OrgUnit | None = None,
    county: OrgUnit | None = None,
    donor_name: str = "",
    donor_mobile: str = "",
    anonymous: bool = False,
    channel: str = Channel.WEB,
    benefactor: Benefactor | None = None,
    callback_url: str | None = None,
) -> Donation:
    """A pending donation with its tracking code. `benefactor`: the profile of the donor's
    proven mobile, if they have one. A campaign's own province or county decides the target
    (targeting.py).

    With `callback_url` it is a web donation on its way to the bank: the bank is asked for a
    payment token first (outside any transaction: the bank may be slow), then the donation is
    written with it (`bank_page_url` gives the donor's next address). If the bank does not
    answer, nothing is written and the donor, who has paid nothing, is told so
    (IntegrationError); a token whose donation failed to be written is never shown to anyone,
    so it can never be paid. Without it (the office's channels, or a web donation sent on
    later by `donation_send_to_bank`) it is not at the bank yet."""
    if callback_url is not None and channel != Channel.WEB:
        raise ValueError("only a web donation goes to the bank's page")
    today = timezone.localdate()  # one day for every check of this donation
    fields = _new_donation(
        today=today,
        cause=cause,
        amount_rials=amount_rials,
        campaign=campaign,
        province=province,
        county=county,
        donor_name=donor_name,
        donor_mobile=donor_mobile,
        anonymous=anonymous,
        channel=channel,
        benefactor=benefactor,
    )
    if callback_url is None:
        return _insert_with_fresh_code(fields, token_for=None, today=today)
    online_callback = callback_url

    def token_for(code: str) -> str:
        return gateway.request_token(
            order_id=code,
            amount_rials=amount_rials,
            callback_url=online_callback,
            mobile=fields["donor_mobile"],
        )

    try:
        return _insert_with_fresh_code(fields, token_for=token_for, today=today)
    except _ChoicesChanged:
        # The form may have taken the pair from this process's last reading of it
        # (known_choices): say what is true now, and read it afresh from now on.
        known_choices.forget_known_choices()
        _refuse_changed(cause, campaign)
        raise


class _ChoicesChanged(ApplicationError):
    """The cause or campaign a web donation was built on changed before it was written."""

    def __init__(self) -> None:
        super().__init__(GivingErrorCode.CHOICES_CHANGED)


def _refuse_changed(cause: Cause, campaign: Campaign | None) -> None:
    now_cause, now_campaign = posted_cause_and_campaign(
        cause.pk, campaign.pk if campaign is not None else 0, today=timezone.localdate()
    )
    if now_cause is None:
        raise ApplicationError(GivingErrorCode.CAUSE_CLOSED)
    if campaign is not None and now_campaign is None:
        raise ApplicationError(GivingErrorCode.CAMPAIGN_CLOSED)


def bank_page_url(donation: Donation) -> str:
    """Where a donation that holds its payment token is paid."""
    if not donation.gateway_token:
        raise ApplicationError(GivingErrorCode.UNKNOWN_DONATION)
    return gateway.payment_url(str(donation.gateway_token))


def _new_donation(
    *,
    today: dt.date,
    cause: Cause,
    amount_rials: int,
    campaign: Campaign | None,
    province: OrgUnit | None,
    county: OrgUnit | None,
    donor_name: str,
    donor_mobile: str,
    anonymous: bool,
    channel: str,
    benefactor: Benefactor | None,
) -> dict[str, Any]:
    """The checked fields of a new donation, everything but its tracking code."""
    if amount_rials < MIN_DONATION_RIALS:
        raise ApplicationError(GivingErrorCode.AMOUNT_TOO_SMALL)
    if campaign is not None and not (campaign.starts_on <= today <= campaign.ends_on):
        raise ApplicationError(GivingErrorCode.CAMPAIGN_CLOSED)
    province, county = donation_target(campaign=campaign, province=province, county=county)
    return {
        "cause": cause,
        "campaign": campaign,
        "province": province,
        "county": county,
        "amount_rials": amount_rials,
        "donor_name": "" if anonymous else donor_name.strip(),
        "donor_mobile": donor_mobile,
        "anonymous": anonymous,
        "channel": channel,
        "benefactor": benefactor,
    }


def _insert_with_fresh_code(
    fields: dict[str, Any], *, token_for: Callable[[str], str] | None, today: dt.date
) -> Donation:
    for attempt in range(1, _TRACKING_CODE_TRIES + 1):
        code = new_tracking_code()
        try:
            # One statement on PostgreSQL: the bank call's log row, the check of the cause and
            # campaign, the donation and its audit record. If the bank does not answer, only
            # its log row is written.
            with written_together(isolated=True):  # a clash is drawn again below
                # The bank's order id is the tracking code, so a code drawn again asks again.
                token = token_for(code) if token_for is not None else None
                # A web donation's cause and campaign may come from this process's last reading
                # (known_choices): written only if they are still as read, in this statement.
                still = None
                if token_for is not None:
                    still = guard_condition(
                        *known_choices.still_open(fields["cause"], fields["campaign"], today=today)
                    )
                donation = _donation_insert(
                    Donation(tracking_code=code, gateway_token=token, **fields)
                )
            if still is not None and not still.matched:
                raise _ChoicesChanged  # nothing but the bank call's log row was written
            return donation
        except IntegrityError:
            # One in 10^12 per live donation: draw again. Anything else is not ours to hide.
            if attempt == _TRACKING_CODE_TRIES or not _code_taken(code):
                raise
    raise AssertionError("unreachable")


def _code_taken(code: str) -> bool:
    return Donation.objects.filter(tracking_code=code).exists()


def _donation_insert(donation: Donation) -> Donation:
    """Held with its audit record: the caller writes them together (all or nothing)."""
    donation.full_clean(exclude=_DB_ENFORCED, validate_unique=False, validate_constraints=False)
    insert_instance(donation, may_hold=True)
    audit_record(
        actor=None,
        action="donation.start",
        obj=donation,
        data={
            "amount_rials": donation.amount_rials,
            "cause": donation.cause.code,
            "channel": donation.channel,
        },
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
    try:
        return _settle(tracking_code=tracking_code, token=token)
    except _ReferenceRace:
        # Nothing was written; the donation stays pending for the re-check, which will find
        # the reference taken and close it.
        donation = Donation.objects.get(tracking_code=tracking_code, gateway_token=token)
        return Settlement(donation, changed=False)


class _ReferenceRace(Exception):
    """Another donation claimed the same bank reference at the same moment (see _mark_paid)."""


@transaction.atomic
def _settle(*, tracking_code: str, token: str) -> Settlement:
    donation = _locked_for_settling(tracking_code=tracking_code, token=token)
    if donation is None:
        raise ApplicationError(GivingErrorCode.UNKNOWN_DONATION)
    if donation.status != DonationStatus.PENDING:
        return Settlement(donation, changed=False)  # replay or the losing racer: no-op
    # The verify's log row and, for a payment, the claim of its bank reference with the ledger
    # row, audit record and receipt task that follow from it: one statement (PostgreSQL),
    # inside this transaction.
    claims: list[Guard] = []
    try:
        with written_together():
            settled = _settle_verified(
                donation, tracking_code=tracking_code, token=token, claims=claims
            )
    except IntegrityError as error:
        if not claims:
            raise
        # Two donations racing for one bank reference met the unique index: this transaction
        # is rolled back whole (donation_settle) and the donation stays pending.
        raise _ReferenceRace from error
    if claims and not claims[0].matched:
        # This bank reference already paid another donation: never count a payment twice.
        _unpaid(donation)
        return Settlement(_close(donation, DonationStatus.FAILED, "duplicate_reference"), True)
    return settled


def _settle_verified(
    donation: Donation, *, tracking_code: str, token: str, claims: list[Guard]
) -> Settlement:
    outcome = gateway.verify(token=token, order_id=tracking_code)
    if outcome.unavailable:
        return Settlement(donation, changed=False)  # stays pending; the task retries
    if outcome.paid and outcome.amount_rials != donation.amount_rials:
        # The bank holds a different amount than we asked: refund, never count it.
        gateway.reverse(token=token, order_id=tracking_code)
        return Settlement(_close(donation, DonationStatus.REVERSED, "amount_mismatch"), True)
    if outcome.paid:
        paid = _mark_paid(donation, outcome.reference, outcome.card_mask, claims=claims)
        return Settlement(paid, True)
    if outcome.final:
        return Settlement(_close(donation, DonationStatus.FAILED, outcome.status), True)
    return Settlement(donation, changed=False)


def _locked_for_settling(*, tracking_code: str, token: str) -> Donation | None:
    """The donation the callback names, locked until the settling transaction ends (every
    callback and the re-check pass through here, so they settle one at a time). One plain
    statement, built once: this runs on every callback."""
    return fetch_instance(
        Donation,
        "tracking_code = %s AND gateway_token = %s",
        [tracking_code, token],
        for_update=True,
    )


def _claim_payment(donation: Donation, *, reference: str, card_mask: str, now: Any) -> Guard:
    """pending → paid, claiming the bank reference in the same statement: it is refused if any
    donation already holds that reference (never count a payment twice). The guard of the
    settling batch: what follows from the payment is written only if it matches."""
    table, quote = Donation._meta.db_table, connection.ops.quote_name
    paid_at = Donation._meta.get_field("paid_at").get_db_prep_save(now, connection=connection)
    sql = (
        f"UPDATE {quote(table)} SET status = %s, bank_reference = %s, card_mask = %s, "  # noqa: S608 - our own table
        f"paid_at = %s WHERE id = %s AND status = %s AND NOT EXISTS "
        f"(SELECT 1 FROM {quote(table)} AS other WHERE other.bank_reference = %s)"
    )
    params = [DonationStatus.PAID, reference, card_mask, paid_at, donation.pk]
    return guard(sql, [*params, DonationStatus.PENDING, reference])


def _unpaid(donation: Donation) -> None:
    """Undo, in memory, what _mark_paid set before its claim was known to have missed."""
    donation.status, donation.bank_reference, donation.card_mask, donation.paid_at = (
        DonationStatus.PENDING,
        None,
        "",
        None,
    )


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


def _mark_paid(
    donation: Donation, reference: str, card_mask: str, *, claims: list[Guard]
) -> Donation:
    """The payment as it will be if its claim matches (_settle checks once it is written)."""
    now = timezone.now()
    # One statement both checks and claims the bank reference: no savepoint, no second query.
    claims.append(_claim_payment(donation, reference=reference, card_mask=card_mask, now=now))
    donation.status, donation.bank_reference, donation.card_mask, donation.paid_at = (
        DonationStatus.PAID,
        reference,
        card_mask,
        now,
    )
    unit = donation.county or donation.province or _headquarters()
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
        enqueue_with_writes(send_receipt_sms, donation.pk)  # committed with the payment
    return donation


_hq_by_database: dict[tuple[str, str], OrgUnit] = {}


def _headquarters() -> OrgUnit:
    """The national unit, read once per database: where a donation without a province is
    delivered. Units are never deleted, and the HQ never moves."""
    key = (connection.alias, str(connection.settings_dict["NAME"]))
    unit = _hq_by_database.get(key)
    if unit is None:
        unit = _hq_by_database[key] = OrgUnit.objects.get(kind=UnitKind.HQ)
    return unit


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
