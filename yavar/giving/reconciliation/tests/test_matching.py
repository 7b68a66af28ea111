"""Each credit line finds its donation: certain rules match at once, a likely one is only
suggested, and anything doubtful stays for a person. One line, one donation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from yavar.giving import services as giving
from yavar.giving.enums import Channel, DonationStatus
from yavar.giving.reconciliation.enums import LineStatus, MatchRule
from yavar.giving.reconciliation.models import StatementLine
from yavar.giving.reconciliation.samples import SampleLine
from yavar.giving.reconciliation.services import statement_rematch
from yavar.integrations.bank_gateway.testing import running_bank

from .conftest import paid, statement_of

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def line_for(amount):
    return StatementLine.objects.get(amount_rials=amount)


def test_an_online_payment_matches_by_the_banks_reference(
    settings, cause, client, import_statement
):
    with running_bank(settings) as bank:
        donation = giving.donation_start(cause=cause, amount_rials=650_000)
        giving.donation_send_to_bank(donation=donation, callback_url="http://testserver/cb")
        donation.refresh_from_db()
        payment = bank.simulator.pay(donation.gateway_token)
        client.post("/giving/callback/", payment.fields)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    import_statement(
        [
            SampleLine(today(), credit=650_000, reference=donation.bank_reference),
            # The same reference with another amount is not this payment.
            SampleLine(today(), credit=651_000, reference=donation.bank_reference + "9"),
        ]
    )
    line = line_for(650_000)
    assert (line.status, line.donation_id, line.match_rule) == (
        LineStatus.MATCHED,
        donation.pk,
        MatchRule.BANK_REFERENCE,
    )
    assert line_for(651_000).status == LineStatus.UNMATCHED


def test_a_reference_with_a_different_amount_does_not_match(cause, import_statement):
    donation = paid(cause, 500_000)
    import_statement([SampleLine(today(), credit=400_000, reference=donation.bank_reference)])
    assert line_for(400_000).status == LineStatus.UNMATCHED


def test_a_deposit_slip_matches_by_its_reference_on_the_same_channel(cause, import_statement):
    slip = paid(
        cause,
        2_000_000,
        channel=Channel.BANK_DEPOSIT,
        external_reference="3001",
        day=today() - dt.timedelta(days=10),  # far outside the date window: the reference decides
    )
    import_statement([SampleLine(today(), credit=2_000_000, deposit_id="3001")])
    line = line_for(2_000_000)
    assert (line.status, line.donation_id, line.match_rule) == (
        LineStatus.MATCHED,
        slip.pk,
        MatchRule.EXTERNAL_REFERENCE,
    )


def test_the_same_reference_on_two_channels_is_left_to_a_person_unless_the_bank_says_which(
    cause, import_statement
):
    atm = paid(cause, 300_000, channel=Channel.ATM, external_reference="4001")
    paid(cause, 300_000, channel=Channel.POS, external_reference="4001")
    import_statement(
        [
            SampleLine(today(), credit=300_000, reference="4001", description="انتقال وجه"),
        ]
    )
    assert line_for(300_000).status == LineStatus.UNMATCHED  # two fit: not certain
    # The same slip on another day's statement, described by the bank as an ATM transfer.
    yesterday = today() - dt.timedelta(days=1)
    import_statement(
        [SampleLine(yesterday, credit=300_000, reference="4001", description="انتقال از خودپرداز")]
    )
    matched = StatementLine.objects.get(status=LineStatus.MATCHED)
    assert matched.donation_id == atm.pk and matched.description.endswith("خودپرداز")


def test_a_tracking_code_in_the_description_matches_when_the_amounts_agree(cause, import_statement):
    office = paid(cause, 1_000_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=20))
    other = paid(cause, 800_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=20))
    import_statement(
        [
            SampleLine(
                today(), credit=1_000_000, description=f"واریز کد رهگیری {office.tracking_code}"
            ),
            # The code of a donation of another amount: not this money.
            SampleLine(today(), credit=900_000, description=f"بابت {other.tracking_code}"),
        ]
    )
    line = line_for(1_000_000)
    assert (line.donation_id, line.match_rule) == (office.pk, MatchRule.TRACKING_CODE)
    assert line_for(900_000).status == LineStatus.UNMATCHED


def test_the_same_amount_within_two_days_is_only_suggested(cause, import_statement):
    near = paid(cause, 1_500_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=2))
    paid(cause, 1_700_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=3))
    import_statement([SampleLine(today(), credit=1_500_000), SampleLine(today(), credit=1_700_000)])
    line = line_for(1_500_000)
    assert (line.status, line.suggested_donation_id, line.donation_id) == (
        LineStatus.SUGGESTED,
        near.pk,
        None,
    )
    assert line_for(1_700_000).status == LineStatus.UNMATCHED  # three days: too far


def test_two_donations_that_fit_leave_the_line_unmatched(cause, import_statement):
    paid(cause, 1_200_000, channel=Channel.IN_PERSON, day=today())
    paid(cause, 1_200_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=1))
    import_statement([SampleLine(today(), credit=1_200_000)])
    line = line_for(1_200_000)
    assert (line.status, line.suggested_donation_id) == (LineStatus.UNMATCHED, None)


def test_one_donation_that_fits_two_lines_is_suggested_for_neither(cause, import_statement):
    paid(cause, 900_000, channel=Channel.IN_PERSON, day=today() - dt.timedelta(days=1))
    import_statement(
        [
            SampleLine(today(), credit=900_000, description="الف"),
            SampleLine(today(), credit=900_000, description="ب"),
        ]
    )
    assert set(StatementLine.objects.values_list("status", flat=True)) == {LineStatus.UNMATCHED}


def test_a_matched_donation_is_never_given_to_a_second_line(cause, import_statement):
    donation = paid(cause, 500_000)
    first = statement_of(
        import_statement([SampleLine(today(), credit=500_000, reference=donation.bank_reference)])
    )
    # A later statement repeats the reference on another day (a bank correction).
    import_statement(
        [
            SampleLine(
                today() - dt.timedelta(days=1), credit=500_000, reference=donation.bank_reference
            )
        ]
    )
    assert StatementLine.objects.filter(donation=donation).count() == 1
    assert StatementLine.objects.get(donation=donation).statement_id == first.pk
    second = StatementLine.objects.exclude(donation=donation).get()
    assert second.status == LineStatus.UNMATCHED
    # And the database itself refuses it, whatever the code does.
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.filter(pk=second.pk).update(
            status=LineStatus.MATCHED, donation=donation
        )


def test_a_donation_is_suggested_for_one_line_at_most(cause, import_statement):
    donation = paid(cause, 400_000, channel=Channel.IN_PERSON)
    import_statement([SampleLine(today(), credit=400_000, description="یک")])
    suggested = StatementLine.objects.get(status=LineStatus.SUGGESTED)
    import_statement([SampleLine(today(), credit=400_000, description="دو")])
    assert StatementLine.objects.filter(suggested_donation=donation).get() == suggested
    other = StatementLine.objects.exclude(pk=suggested.pk).get()
    with pytest.raises(IntegrityError), transaction.atomic():
        StatementLine.objects.filter(pk=other.pk).update(
            status=LineStatus.SUGGESTED, suggested_donation=donation
        )


def test_running_the_rules_again_matches_donations_recorded_since(cause, finance, import_statement):
    statement = statement_of(
        import_statement([SampleLine(today(), credit=750_000, deposit_id="5005")])
    )
    assert line_for(750_000).status == LineStatus.UNMATCHED
    slip = paid(cause, 750_000, channel=Channel.BANK_DEPOSIT, external_reference="5005")
    assert statement_rematch(actor=finance, statement=statement) == {"matched": 1, "suggested": 0}
    assert line_for(750_000).donation_id == slip.pk


def test_debit_lines_never_match(cause, import_statement):
    donation = paid(cause, 600_000)
    import_statement([SampleLine(today(), debit=600_000, reference=donation.bank_reference)])
    line = StatementLine.objects.get()
    assert (line.status, line.donation_id) == (LineStatus.DEBIT, None)
