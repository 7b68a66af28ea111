"""The donation path made cheap for a campaign spike, guarantees unchanged: the form's lists are
reused only while nothing they show has changed, a posted choice is still checked against the
database, the database's own constraints stand in for full_clean's look-ups (a clashing
tracking code is drawn again, a bank reference already counted still fails the donation), and
the statements each step sends stay few."""

import datetime as dt
import re

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.statements import captured_sql
from yavar.audit.models import AuditEvent
from yavar.catalog.models import ServiceDelivery
from yavar.core.forms import StyledForm
from yavar.giving import services
from yavar.giving.enums import DonationStatus, Method
from yavar.giving.forms import DonateForm
from yavar.giving.models import Campaign, Cause, Donation
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
CALLBACK = "/giving/callback/"


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان بی‌سرپرست")


def _campaign(cause, title, *, days=(-1, 30)):
    today = timezone.localdate()
    return Campaign.objects.create(
        cause=cause,
        title=title,
        method=Method.ONLINE,
        goal_rials=1_000_000_000,
        starts_on=today + dt.timedelta(days=days[0]),
        ends_on=today + dt.timedelta(days=days[1]),
    )


def _page(client, query=""):
    response = client.get("/giving/donate/" + query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_edit_to_causes_or_campaigns_shows_on_the_very_next_page(client, cause):
    assert "کودکان بی‌سرپرست" in _page(client)
    assert "پویش بهار" not in _page(client)
    _campaign(cause, "پویش بهار")
    assert "پویش بهار" in _page(client)
    cause.title = "کودکان و نوجوانان"
    cause.save()
    page = _page(client)
    assert "کودکان و نوجوانان" in page and "کودکان بی‌سرپرست" not in page
    cause.active = False
    cause.save()
    assert "کودکان و نوجوانان" not in _page(client)


def test_a_campaign_that_has_ended_or_not_begun_is_not_listed(client, cause):
    _campaign(cause, "پویش تمام‌شده", days=(-30, -1))
    _campaign(cause, "پویش آینده", days=(1, 30))
    page = _page(client)
    assert "پویش تمام‌شده" not in page and "پویش آینده" not in page


class _PlainDonateForm(StyledForm):
    """The form as Django's model choice fields would render it, to compare markup with."""

    cause = forms.ModelChoiceField(label="c", queryset=Cause.objects.filter(active=True))
    campaign = forms.ModelChoiceField(label="k", queryset=Campaign.objects.all(), required=False)
    province = forms.ModelChoiceField(
        label="p", required=False, queryset=OrgUnit.objects.filter(kind="province")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = self.fields["province"].queryset.order_by("name_fa")
        self.fields["province"].label_from_instance = lambda u: u.name_fa
        # The county list follows the province (HTMX), as on the real form.
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": "/giving/donate/counties/",
                "hx-target": "#id_county",
                "hx-trigger": "change",
            }
        )


@pytest.mark.parametrize("chosen", ["", "campaign", "junk"])
def test_the_held_lists_render_exactly_as_the_model_choice_fields_would(cause, chosen):
    campaign = _campaign(cause, "پویش بهار")
    initial = {"campaign": {"": None, "campaign": str(campaign.pk), "junk": "x'<"}[chosen]}
    ours, plain = DonateForm(initial=initial), _PlainDonateForm(initial=initial)
    for name in ("cause", "campaign", "province"):
        assert str(ours[name]) == str(plain[name])
    assert str(ours["province"]).count("<option") == 32  # the empty choice and 31 provinces


def test_a_posted_cause_or_campaign_is_checked_against_the_database(cause):
    campaign = _campaign(cause, "پویش بهار")
    DonateForm().as_div()  # the lists are now held with both in them
    Cause.objects.filter(pk=cause.pk).update(active=False)
    Campaign.objects.filter(pk=campaign.pk).update(ends_on=timezone.localdate() - dt.timedelta(1))
    form = DonateForm({"cause": cause.pk, "campaign": campaign.pk, "amount": "50,000"})
    assert not form.is_valid()
    assert set(form.errors) >= {"cause", "campaign"}


@pytest.mark.parametrize("closed", ["cause", "campaign", "neither"])
def test_the_posted_pair_read_together_refuses_only_what_is_closed(cause, closed):
    campaign = _campaign(cause, "پویش بهار")
    if closed == "cause":
        Cause.objects.filter(pk=cause.pk).update(active=False)
    if closed == "campaign":
        Campaign.objects.filter(pk=campaign.pk).update(
            starts_on=timezone.localdate() + dt.timedelta(1)
        )
    form = DonateForm(
        {"cause": cause.pk, "campaign": campaign.pk, "amount": "50,000", "unit": "toman"}
    )
    with CaptureQueriesContext(connection) as read:
        valid = form.is_valid()
    # One statement for both; with the cause refused, clean() also reads the campaign's own.
    assert len(read.captured_queries) == (2 if closed == "cause" else 1)
    refused = {"cause", "campaign"} & set(form.errors)
    assert refused == (set() if closed == "neither" else {closed})
    assert valid == (closed == "neither")
    if valid:
        got = form.cleaned_data
        assert (got["cause"], got["campaign"]) == (cause, campaign)
        assert got["campaign"].starts_on == Campaign.objects.get(pk=campaign.pk).starts_on
        assert got["cause"].title == cause.title and got["cause"].active is True


def test_a_clashing_tracking_code_is_drawn_again(cause, monkeypatch):
    taken = services.donation_start(cause=cause, amount_rials=500_000)
    codes = iter([taken.tracking_code, "123456789012"])
    monkeypatch.setattr(services, "new_tracking_code", lambda: next(codes))
    donation = services.donation_start(cause=cause, amount_rials=700_000)
    assert donation.tracking_code == "123456789012"
    assert Donation.objects.count() == 2
    assert AuditEvent.objects.filter(action="donation.start").count() == 2


def test_a_bank_reference_already_counted_fails_the_second_donation(cause, bank, client):
    first = services.donation_start(cause=cause, amount_rials=500_000)
    services.donation_send_to_bank(donation=first, callback_url="http://testserver" + CALLBACK)
    second = services.donation_start(cause=cause, amount_rials=500_000)
    services.donation_send_to_bank(donation=second, callback_url="http://testserver" + CALLBACK)
    first.refresh_from_db()
    second.refresh_from_db()
    client.post(CALLBACK, bank.simulator.pay(first.gateway_token).fields)
    payment = bank.simulator.pay(second.gateway_token)
    # A bank that hands out the same reference twice: the first donation already holds it.
    reference = bank.simulator.transaction(second.gateway_token).reference
    Donation.objects.filter(pk=first.pk).update(bank_reference=reference)
    assert client.post(CALLBACK, payment.fields).status_code == 302
    second.refresh_from_db()
    assert (second.status, second.failure) == (DonationStatus.FAILED, "duplicate_reference")
    assert second.bank_reference is None
    assert ServiceDelivery.objects.filter(kind="cash_donation").count() == 1
    assert AuditEvent.objects.filter(action="donation.paid").count() == 1


def _statements(captured):
    return [sql.lstrip().upper() for sql in captured_sql(captured)]


def test_each_step_sends_few_statements_and_no_existence_checks(cause, bank, client):
    campaign = _campaign(cause, "پویش بهار")
    with CaptureQueriesContext(connection) as page:
        _page(client, f"?campaign={campaign.pk}")
    with CaptureQueriesContext(connection) as create:
        response = client.post(
            "/giving/donate/",
            {"cause": cause.pk, "campaign": campaign.pk, "amount": "50,000", "unit": "toman"},
        )
    assert response.status_code == 302
    donation = Donation.objects.get()
    with CaptureQueriesContext(connection) as callback:
        client.post(CALLBACK, bank.simulator.pay(donation.gateway_token).fields)
    assert Donation.objects.get().status == DonationStatus.PAID
    # The page: one aggregate to know the held lists still stand (the first page reads them).
    assert len(_statements(page)) <= 4
    assert not [s for s in _statements(page) if s.startswith("DECLARE")]
    again = CaptureQueriesContext(connection)
    with again:
        _page(client, f"?campaign={campaign.pk}")
    assert len(again.captured_queries) == 1
    assert not [s for s in _statements(create) if s.startswith('SELECT 1 AS "A"')]
    # The ledger asks whether the service exists only the first time in a process.
    checks = [s for s in _statements(callback) if s.startswith('SELECT 1 AS "A"')]
    assert all("CATALOG_SERVICECARD" in s for s in checks) and len(checks) <= 1
    writes = [s.split(" ", 3)[:3] for s in _statements(create) if not s.startswith("SAVEPOINT")]
    # The posted cause and campaign, read together; on SQLite the check that they still hold
    # runs on its own, on PostgreSQL inside the insert's statement.
    selects = [w for w in writes if w[0] == "SELECT"]
    assert len(selects) == (1 if connection.vendor == "postgresql" else 2)
    # The bank's token is asked for first, so the donation is written with it: no UPDATE.
    assert not [w for w in writes if w[0] == "UPDATE"]
    assert _inserted(create) == ["INQUIRYLOG", "DONATION", "AUDITEVENT"]
    # The ledger row needs no savepoint of its own (ON CONFLICT DO NOTHING): only the test's.
    assert sum(s.startswith("SAVEPOINT") for s in _statements(callback)) == 1
    # The verify's log row, the ledger row, the audit record (the receipt SMS is handed to
    # the tests' immediate task backend after commit).
    assert _inserted(callback) == ["INQUIRYLOG", "SERVICEDELIVERY", "AUDITEVENT"]
    if connection.vendor == "postgresql":
        # Written together: one statement for all of a step's inserts, the callback's with the
        # claim of the payment (its guard) in it; the lock is the only other.
        assert len(_insert_statements(create)) == len(_insert_statements(callback)) == 1
        assert 'UPDATE "GIVING_DONATION"' in _insert_statements(callback)[0]
        assert [
            s.split(" ", 1)[0]
            for s in _statements(callback)
            if not s.startswith(("SAVEPOINT", "RELEASE", 'SELECT 1 AS "A"'))
        ] == ["SELECT", "WITH"]
        # The next gift names the same pair: taken as this process read it, and checked again
        # in the one statement that writes the donation.
        with CaptureQueriesContext(connection) as next_create:
            client.post(
                "/giving/donate/",
                {"cause": cause.pk, "campaign": campaign.pk, "amount": "70,000", "unit": "toman"},
            )
        sent = [s for s in _statements(next_create) if not s.startswith(("SAVEPOINT", "RELEASE"))]
        assert [s.split(" ", 1)[0] for s in sent] == ["WITH"]
        assert 'FROM "GIVING_CAUSE"' in sent[0] and 'FROM "GIVING_CAMPAIGN"' in sent[0]
        assert Donation.objects.filter(amount_rials=700_000).count() == 1


def _insert_statements(captured):
    return [s for s in _statements(captured) if s.startswith(("INSERT", "WITH"))]


def _inserted(captured):
    """The tables a step inserts into, in order, whether one statement each or together."""
    return [
        table.rsplit("_", 1)[1]
        for statement in _insert_statements(captured)
        for table in re.findall(r'INSERT INTO "([A-Z_]+)"', statement)
    ]


def test_a_first_visits_fields_are_built_once_and_a_donors_own_never_held(cause):
    from django.template.loader import render_to_string

    from yavar.giving import donate_choices

    campaign = _campaign(cause, "پویش بهار")
    first = DonateForm(initial={"campaign": str(campaign.pk)})
    expected = render_to_string("core/form_fields.html", {"form": first})
    assert first.fields_html() == expected
    assert DonateForm(initial={"campaign": str(campaign.pk)}).fields_html() is first.fields_html()
    mine = DonateForm(initial={"campaign": str(campaign.pk), "donor_mobile": "09127776655"})
    assert 'value="09127776655"' in mine.fields_html()
    held = "".join(donate_choices._rendered.values())
    assert "09127776655" not in held
