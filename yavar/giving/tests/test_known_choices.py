"""A donation form's posted cause and campaign are taken from this process's last reading of
them (giving.known_choices), and a web donation built on them is written only if they still
hold when it is: an edit this process never saw (another worker's, or straight in the
database, as `QuerySet.update` stands in for here) refuses the gift that meets it, writes
nothing of it, and the pair is read afresh for the next post."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.statements import captured_sql
from yavar.audit.models import AuditEvent
from yavar.giving.enums import GivingErrorCode, Method
from yavar.giving.models import Campaign, Cause, Donation
from yavar.integrations.models import InquiryLog

pytestmark = pytest.mark.django_db
DONATE = "/giving/donate/"


@pytest.fixture
def campaign(cause):
    today = timezone.localdate()
    return Campaign.objects.create(
        cause=cause,
        title="پویش بهار",
        method=Method.ONLINE,
        goal_rials=1_000_000_000,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=30),
    )


def _give(client, cause, campaign, amount="50,000"):
    return client.post(
        DONATE, {"cause": cause.pk, "campaign": campaign.pk, "amount": amount, "unit": "toman"}
    )


def _page_says(response, code):
    assert response.status_code == 200
    assert str(code.label) in response.content.decode()


def _written_since(before):
    return (
        Donation.objects.count() - before[0],
        AuditEvent.objects.filter(action="donation.start").count() - before[1],
    )


def _counts():
    return (Donation.objects.count(), AuditEvent.objects.filter(action="donation.start").count())


def _kept(client, cause, campaign):
    """One gift, so the pair is now kept; the next post of it reads neither row."""
    assert _give(client, cause, campaign).status_code == 302
    with CaptureQueriesContext(connection) as read:
        assert _give(client, cause, campaign).status_code == 302
    tables = " ".join(sql for sql in captured_sql(read) if sql.startswith("SELECT t0"))
    assert "giving_cause" not in tables  # taken as kept, not read again
    return _counts()


def test_a_campaign_closed_elsewhere_refuses_the_gift_and_writes_nothing(
    cause, campaign, bank, client
):
    before = _kept(client, cause, campaign)
    asked = InquiryLog.objects.filter(operation="request_token").count()
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=timezone.localdate() - dt.timedelta(1))
    _page_says(_give(client, cause, campaign), GivingErrorCode.CAMPAIGN_CLOSED)
    assert _written_since(before) == (0, 0)
    # The bank was asked for a token (its call is logged), which nobody is ever shown.
    assert InquiryLog.objects.filter(operation="request_token").count() == asked + 1
    # Read afresh now: the form itself refuses the campaign, and the bank is not asked.
    again = _give(client, cause, campaign)
    assert again.status_code == 200 and "is-invalid" in again.content.decode()
    assert InquiryLog.objects.filter(operation="request_token").count() == asked + 1
    assert _written_since(before) == (0, 0)


def test_a_cause_closed_elsewhere_refuses_the_gift_and_writes_nothing(
    cause, campaign, bank, client
):
    before = _kept(client, cause, campaign)
    Cause.objects.filter(pk=cause.pk).update(active=False)
    _page_says(_give(client, cause, campaign), GivingErrorCode.CAUSE_CLOSED)
    assert _written_since(before) == (0, 0)


@pytest.mark.parametrize("edit", ["target", "cause_code", "cause_of_campaign"])
def test_a_pair_changed_elsewhere_is_refused_once_then_read_afresh(
    personas, cause, campaign, bank, client, edit
):
    before = _kept(client, cause, campaign)
    if edit == "target":
        Campaign.objects.filter(pk=campaign.pk).update(province=personas.tehran)
    if edit == "cause_code":
        Cause.objects.filter(pk=cause.pk).update(code="children-2")
    other = Cause.objects.create(code="women", area="women", title="زنان سرپرست خانوار")
    if edit == "cause_of_campaign":
        Campaign.objects.filter(pk=campaign.pk).update(cause=other)
    _page_says(_give(client, cause, campaign), GivingErrorCode.CHOICES_CHANGED)
    assert _written_since(before) == (0, 0)
    # Sent again, it is built on the pair as it now stands.
    assert _give(client, cause, campaign, amount="90,000").status_code == 302
    assert _written_since(before) == (1, 1)
    donation = Donation.objects.get(amount_rials=900_000)
    if edit == "target":
        assert donation.province == personas.tehran
    if edit == "cause_of_campaign":
        assert donation.cause == other  # a campaign's gifts go to its own cause
    started = AuditEvent.objects.get(action="donation.start", object_id=str(donation.pk))
    assert started.changes["cause"]["new"] == Cause.objects.get(pk=donation.cause_id).code


def test_an_edit_that_leaves_the_pair_open_changes_nothing_for_donors(
    cause, campaign, bank, client
):
    before = _kept(client, cause, campaign)
    Campaign.objects.filter(pk=campaign.pk).update(title="پویش تابستان", goal_rials=5)
    Cause.objects.filter(pk=cause.pk).update(title="کودکان و نوجوانان")
    assert _give(client, cause, campaign).status_code == 302
    assert _written_since(before) == (1, 1)


def test_a_pair_found_closed_is_not_kept(cause, campaign, bank, client):
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=timezone.localdate() + dt.timedelta(1))
    refused = _give(client, cause, campaign)
    assert refused.status_code == 200 and "is-invalid" in refused.content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=timezone.localdate())
    assert _give(client, cause, campaign).status_code == 302
    assert Donation.objects.get().campaign == campaign
