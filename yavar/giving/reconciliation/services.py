"""What the finance officer does with a statement line: confirm a suggestion or dismiss it,
match by hand, say the line is not a donation, record the donation it is, or undo a match.

Every action locks the donation first and then the line (the order the automatic matching uses
too), checks again under the lock, and writes its audit record in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import OrgUnit

from ..enums import SERVICE_ID, Channel, DonationStatus
from ..models import Campaign, Cause, Donation
from ..services import new_tracking_code
from . import scoping
from .enums import Direction, ExclusionReason, LineStatus, MatchRule
from .enums import ReconciliationErrorCode as E
from .matching import match_open_lines
from .models import Statement, StatementLine

PERM = Perm.GIVING_MANAGE


def _require_line(actor: Any, line: StatementLine) -> None:
    if not StatementLine.objects.filter(scoping.line_q(actor, PERM), pk=line.pk).exists():
        raise ApplicationError(ErrorCode.NOT_FOUND)


def _require_country(actor: Any, line: StatementLine) -> None:
    """Lines no donation vouches for are the national account's business: HQ finance only."""
    scope.require(actor, PERM, Statement.objects.get(pk=line.statement_id).org_unit)


def _lock_line(line: StatementLine) -> StatementLine:
    return StatementLine.objects.select_for_update().get(pk=line.pk)


def _lock_donation(pk: int) -> Donation:
    return Donation.objects.select_for_update().get(pk=pk)


def _require_open_credit(line: StatementLine) -> None:
    if line.direction != Direction.CREDIT:
        raise ApplicationError(E.NOT_A_CREDIT)
    if not line.is_open:
        raise ApplicationError(E.LINE_NOT_OPEN)


def _require_matchable(donation: Donation, line: StatementLine) -> None:
    if donation.status != DonationStatus.PAID:
        raise ApplicationError(E.DONATION_NOT_PAID)
    elsewhere = StatementLine.objects.exclude(pk=line.pk)
    if (
        elsewhere.filter(donation=donation).exists()
        or elsewhere.filter(suggested_donation=donation).exists()
    ):
        raise ApplicationError(E.DONATION_TAKEN)
    if donation.amount_rials != line.amount_rials:
        raise ApplicationError(E.AMOUNT_DIFFERS)


def _match(
    *, actor: Any, line: StatementLine, donation: Donation, rule: str, action: str
) -> StatementLine:
    old = line.status
    line.status = LineStatus.MATCHED
    line.donation = donation
    line.suggested_donation = None
    line.match_rule = rule
    line.resolved_by = actor
    line.resolved_at = timezone.now()
    line.full_clean()
    line.save()
    audit_record(
        actor=actor,
        action=action,
        obj=line,
        changes={"status": (old, LineStatus.MATCHED)},
        data={"donation": donation.tracking_code, "rule": rule},
    )
    return line


@transaction.atomic
def line_confirm_suggestion(*, actor: Any, line: StatementLine) -> StatementLine:
    _require_line(actor, line)
    if line.suggested_donation_id is None:
        raise ApplicationError(E.NO_SUGGESTION)
    donation = _lock_donation(line.suggested_donation_id)
    locked = _lock_line(line)
    if locked.status != LineStatus.SUGGESTED or locked.suggested_donation_id != donation.pk:
        raise ApplicationError(E.NO_SUGGESTION)
    _require_matchable(donation, locked)
    return _match(
        actor=actor,
        line=locked,
        donation=donation,
        rule=MatchRule.DATE_AMOUNT,
        action="statement_line.confirm",
    )


@transaction.atomic
def line_dismiss_suggestion(*, actor: Any, line: StatementLine, note: str = "") -> StatementLine:
    """The suggested donation is not this line: free it, and suggest nothing more here."""
    _require_line(actor, line)
    locked = _lock_line(line)
    if locked.status != LineStatus.SUGGESTED:
        raise ApplicationError(E.NO_SUGGESTION)
    donation = locked.suggested_donation
    locked.status = LineStatus.UNMATCHED
    locked.suggested_donation = None
    locked.match_rule = ""
    locked.manual_only = True
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="statement_line.dismiss",
        obj=locked,
        changes={"status": (LineStatus.SUGGESTED, LineStatus.UNMATCHED)},
        data={"donation": donation.tracking_code if donation else "", "note": note.strip()},
    )
    return locked


@transaction.atomic
def line_match_manually(*, actor: Any, line: StatementLine, tracking_code: str) -> StatementLine:
    _require_line(actor, line)
    found = (
        Donation.objects.filter(
            scoping.donation_q(actor, PERM), tracking_code=tracking_code.strip()
        )
        .values_list("pk", flat=True)
        .first()
    )
    if found is None:
        raise ApplicationError(E.UNKNOWN_DONATION)
    donation = _lock_donation(found)
    locked = _lock_line(line)
    _require_open_credit(locked)
    _require_matchable(donation, locked)
    return _match(
        actor=actor,
        line=locked,
        donation=donation,
        rule=MatchRule.MANUAL,
        action="statement_line.match_manually",
    )


@transaction.atomic
def line_mark_not_donation(
    *, actor: Any, line: StatementLine, reason: str, note: str
) -> StatementLine:
    """A fee, interest or a transfer between the organisation's own accounts."""
    _require_line(actor, line)
    _require_country(actor, line)
    if reason not in ExclusionReason.values or not note.strip():
        raise ApplicationError(E.REASON_REQUIRED)
    locked = _lock_line(line)
    _require_open_credit(locked)
    old = locked.status
    locked.status = LineStatus.EXCLUDED
    locked.suggested_donation = None
    locked.match_rule = ""
    locked.exclusion_reason = reason
    locked.note = note.strip()[:300]
    locked.resolved_by = actor
    locked.resolved_at = timezone.now()
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="statement_line.exclude",
        obj=locked,
        changes={"status": (old, LineStatus.EXCLUDED)},
        data={"reason": reason, "note": locked.note},
    )
    return locked


@transaction.atomic
def line_record_donation(
    *,
    actor: Any,
    line: StatementLine,
    cause: Cause,
    campaign: Campaign | None = None,
    province: OrgUnit | None = None,
    donor_name: str = "",
) -> StatementLine:
    """Money arrived that nobody recorded (a deposit straight into the account): record it as
    a paid bank-deposit donation on the bank's date, in the ledger, and match it to the line."""
    _require_line(actor, line)
    _require_country(actor, line)
    if campaign is not None and campaign.cause_id != cause.pk:
        raise ApplicationError(E.CAMPAIGN_OTHER_CAUSE)
    locked = _lock_line(line)
    _require_open_credit(locked)
    reference = locked.deposit_id or locked.bank_reference
    if (
        reference
        and Donation.objects.filter(
            channel=Channel.BANK_DEPOSIT, external_reference=reference
        ).exists()
    ):
        # The deposit was recorded already (with another amount): match it by hand, or void it.
        raise ApplicationError(E.REFERENCE_RECORDED)
    tz = timezone.get_current_timezone()
    donation = Donation(
        tracking_code=new_tracking_code(),
        cause=cause,
        campaign=campaign,
        province=province,
        amount_rials=locked.amount_rials,
        channel=Channel.BANK_DEPOSIT,
        status=DonationStatus.PAID,
        paid_at=dt.datetime.combine(locked.value_date, dt.time(12), tzinfo=tz),
        recorded_by=actor,
        external_reference=reference,
        donor_name=donor_name.strip()[:150],
    )
    donation.full_clean()
    donation.save()
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=f"anonymous:{donation.tracking_code}",
        org_unit=province or scoping.hq(),
        delivered_on=locked.value_date,
        kind="cash_donation",
        source=donation,
    )
    audit_record(
        actor=actor,
        action="donation.record_from_statement",
        obj=donation,
        data={
            "amount_rials": donation.amount_rials,
            "cause": cause.code,
            "channel": Channel.BANK_DEPOSIT,
            "statement_line": locked.pk,
        },
    )
    return _match(
        actor=actor,
        line=locked,
        donation=donation,
        rule=MatchRule.RECORDED,
        action="statement_line.record_donation",
    )


@transaction.atomic
def line_reopen(*, actor: Any, line: StatementLine, reason: str) -> StatementLine:
    """Undo a match or a "not a donation": the line is open again and the rules leave it to
    the finance officer. The donation itself stays as it is."""
    _require_line(actor, line)
    if not reason.strip():
        raise ApplicationError(E.REASON_REQUIRED)
    if line.donation_id is not None:
        _lock_donation(line.donation_id)
    locked = _lock_line(line)
    if locked.status not in (LineStatus.MATCHED, LineStatus.EXCLUDED):
        raise ApplicationError(E.NOT_RESOLVED)
    old, donation = locked.status, locked.donation
    locked.status = LineStatus.UNMATCHED
    locked.donation = None
    locked.match_rule = ""
    locked.exclusion_reason = ""
    locked.note = ""
    locked.manual_only = True
    locked.resolved_by = None
    locked.resolved_at = None
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="statement_line.reopen",
        obj=locked,
        changes={"status": (old, LineStatus.UNMATCHED)},
        data={"donation": donation.tracking_code if donation else "", "reason": reason.strip()},
    )
    return locked


@transaction.atomic
def statement_rematch(*, actor: Any, statement: Statement) -> dict[str, int]:
    """Run the rules again over every open line, e.g. after in-person donations were recorded."""
    scope.require(actor, PERM, statement.org_unit)
    counts = match_open_lines(actor=actor)
    audit_record(actor=actor, action="statement.rematch", obj=statement, data=counts)
    return counts
