"""What the finance officer settles by hand, each step checked again under a lock and audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yavar.audit.models import AuditEvent
from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError
from yavar.giving.enums import Channel, DonationStatus
from yavar.giving.models import Donation
from yavar.giving.reconciliation import services
from yavar.giving.reconciliation.enums import ExclusionReason, LineStatus, MatchRule
from yavar.giving.reconciliation.enums import ReconciliationErrorCode as E
from yavar.giving.reconciliation.models import StatementLine
from yavar.giving.reconciliation.samples import SampleLine

from .conftest import paid

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def lines(cause, import_statement):
    """A suggested line (1,500,000) and an unmatched one (2,222,000)."""
    paid(cause, 1_500_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=1))
    import_statement(
        [
            SampleLine(today(), credit=1_500_000, description="واریز"),
            SampleLine(today(), credit=2_222_000, reference="8008", description="واریز"),
        ]
    )
    return (
        StatementLine.objects.get(amount_rials=1_500_000),
        StatementLine.objects.get(amount_rials=2_222_000),
    )


def refused(code, call, **kwargs):
    with pytest.raises(ApplicationError) as error:
        call(**kwargs)
    assert error.value.code == code


def test_confirming_a_suggestion_matches_it(finance, lines):
    suggested, _ = lines
    donation_id = suggested.suggested_donation_id
    services.line_confirm_suggestion(actor=finance, line=suggested)
    suggested.refresh_from_db()
    assert (suggested.status, suggested.donation_id, suggested.suggested_donation_id) == (
        LineStatus.MATCHED,
        donation_id,
        None,
    )
    assert suggested.resolved_by == finance
    assert AuditEvent.objects.filter(action="statement_line.confirm").count() == 1
    refused(E.NO_SUGGESTION, services.line_confirm_suggestion, actor=finance, line=suggested)


def test_dismissing_a_suggestion_frees_the_donation_for_good(finance, lines, finance2):
    suggested, _ = lines
    services.line_dismiss_suggestion(actor=finance, line=suggested, note="مبلغ دیگری است")
    suggested.refresh_from_db()
    assert (suggested.status, suggested.manual_only) == (LineStatus.UNMATCHED, True)
    statement = suggested.statement
    services.statement_rematch(actor=finance2, statement=statement)
    suggested.refresh_from_db()
    assert suggested.status == LineStatus.UNMATCHED  # the rules leave it to people now


def test_matching_by_hand_needs_the_same_amount_and_a_free_paid_donation(cause, finance, lines):
    suggested, open_line = lines
    wrong = paid(cause, 2_000_000)
    refused(
        E.AMOUNT_DIFFERS,
        services.line_match_manually,
        actor=finance,
        line=open_line,
        tracking_code=wrong.tracking_code,
    )
    refused(
        E.UNKNOWN_DONATION,
        services.line_match_manually,
        actor=finance,
        line=open_line,
        tracking_code="000000000000",
    )
    pending = paid(cause, 2_222_000)
    Donation.objects.filter(pk=pending.pk).update(status=DonationStatus.PENDING)
    refused(
        E.DONATION_NOT_PAID,
        services.line_match_manually,
        actor=finance,
        line=open_line,
        tracking_code=pending.tracking_code,
    )
    # The donation suggested for another line is taken.
    taken = Donation.objects.get(pk=suggested.suggested_donation_id)
    Donation.objects.filter(pk=taken.pk).update(amount_rials=2_222_000)
    refused(
        E.DONATION_TAKEN,
        services.line_match_manually,
        actor=finance,
        line=open_line,
        tracking_code=taken.tracking_code,
    )
    right = paid(cause, 2_222_000, channel=Channel.IN_PERSON)
    services.line_match_manually(actor=finance, line=open_line, tracking_code=right.tracking_code)
    open_line.refresh_from_db()
    assert (open_line.status, open_line.donation_id, open_line.match_rule) == (
        LineStatus.MATCHED,
        right.pk,
        MatchRule.MANUAL,
    )
    refused(
        E.LINE_NOT_OPEN,
        services.line_match_manually,
        actor=finance,
        line=open_line,
        tracking_code=right.tracking_code,
    )


def test_a_line_that_is_not_a_donation_needs_a_note(finance, lines):
    _, open_line = lines
    refused(
        E.REASON_REQUIRED,
        services.line_mark_not_donation,
        actor=finance,
        line=open_line,
        reason=ExclusionReason.INTEREST,
        note="  ",
    )
    services.line_mark_not_donation(
        actor=finance, line=open_line, reason=ExclusionReason.INTEREST, note="سود سپرده فصل"
    )
    open_line.refresh_from_db()
    assert (open_line.status, open_line.exclusion_reason) == (
        LineStatus.EXCLUDED,
        ExclusionReason.INTEREST,
    )
    assert AuditEvent.objects.filter(action="statement_line.exclude").exists()


def test_recording_the_donation_of_an_unmatched_credit(cause, finance, lines, personas):
    _, open_line = lines
    services.line_record_donation(
        actor=finance, line=open_line, cause=cause, province=personas.tehran, donor_name="نیکوکار"
    )
    open_line.refresh_from_db()
    donation = open_line.donation
    assert (open_line.status, open_line.match_rule) == (LineStatus.MATCHED, MatchRule.RECORDED)
    assert (donation.status, donation.channel, donation.amount_rials) == (
        DonationStatus.PAID,
        Channel.BANK_DEPOSIT,
        2_222_000,
    )
    assert donation.external_reference == "8008" and donation.recorded_by == finance
    assert timezone.localtime(donation.paid_at).date() == open_line.value_date
    delivery = ServiceDelivery.objects.get(source_id=str(donation.pk), kind="cash_donation")
    assert delivery.province == personas.tehran
    assert AuditEvent.objects.filter(action="donation.record_from_statement").count() == 1


def test_undoing_a_match_needs_a_reason_and_keeps_the_donation(cause, finance, lines):
    suggested, _ = lines
    services.line_confirm_suggestion(actor=finance, line=suggested)
    suggested.refresh_from_db()
    donation_id = suggested.donation_id
    refused(E.REASON_REQUIRED, services.line_reopen, actor=finance, line=suggested, reason="")
    services.line_reopen(actor=finance, line=suggested, reason="اشتباه تطبیق داده شد")
    suggested.refresh_from_db()
    assert (suggested.status, suggested.donation_id) == (LineStatus.UNMATCHED, None)
    assert Donation.objects.get(pk=donation_id).status == DonationStatus.PAID
    event = AuditEvent.objects.get(action="statement_line.reopen")
    assert event.changes["reason"]["new"] == "اشتباه تطبیق داده شد"
    refused(E.NOT_RESOLVED, services.line_reopen, actor=finance, line=suggested, reason="x")
