"""The finance pages: HQ finance sees the account, a provincial officer only their province's
donations, and everyone else is turned away."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yavar.giving.enums import Channel
from yavar.giving.reconciliation.enums import LineStatus
from yavar.giving.reconciliation.models import StatementLine
from yavar.giving.reconciliation.samples import SampleLine

from .conftest import paid, statement_of

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


@pytest.fixture
def setup(cause, personas, import_statement):
    """A suggestion for a Tehran donation, one for an Isfahan donation, an unmatched line, and
    an Isfahan donation no statement shows."""
    yesterday = today() - dt.timedelta(days=1)
    tehran = paid(
        cause, 1_100_000, channel=Channel.IN_PERSON, day=yesterday, province=personas.tehran
    )
    isfahan = paid(
        cause, 1_300_000, channel=Channel.IN_PERSON, day=yesterday, province=personas.isfahan
    )
    old = paid(cause, 4_000_000, day=today() - dt.timedelta(days=30), province=personas.isfahan)
    batch = import_statement(
        [
            SampleLine(today(), credit=1_100_000),
            SampleLine(today(), credit=1_300_000),
            SampleLine(today(), credit=9_900_000, description="واریز نامشخص"),
        ]
    )
    return {
        "statement": statement_of(batch),
        "tehran": StatementLine.objects.get(suggested_donation=tehran),
        "isfahan": StatementLine.objects.get(suggested_donation=isfahan),
        "unmatched": StatementLine.objects.get(amount_rials=9_900_000),
        "old": old,
    }


def test_hq_finance_sees_statements_summaries_and_work_lists(finance, setup, login, client):
    login(finance)
    page = client.get("/giving/statements/").content.decode()
    assert 'data-testid="work-unmatched">۱<' in page and 'data-testid="work-suggested">۲<' in page
    assert 'data-testid="work-missing">۱<' in page
    detail = client.get(f"/giving/statements/{setup['statement'].pk}/").content.decode()
    assert "۱۲٬۳۰۰٬۰۰۰" in detail  # paid in
    assert "۹٬۹۰۰٬۰۰۰" in client.get("/giving/statements/unmatched/").content.decode()
    assert "۱٬۳۰۰٬۰۰۰" in client.get("/giving/statements/suggested/").content.decode()
    missing = client.get("/giving/statements/missing/?days=7").content.decode()
    assert setup["old"].tracking_code in missing.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    assert client.get(f"/giving/statements/lines/{setup['unmatched'].pk}/").status_code == 200


def test_a_provincial_finance_officer_sees_only_their_provinces_donations(
    tehran_finance, setup, login, client
):
    login(tehran_finance)
    suggested = client.get("/giving/statements/suggested/").content.decode()
    assert "۱٬۱۰۰٬۰۰۰" in suggested and "۱٬۳۰۰٬۰۰۰" not in suggested
    assert client.get(f"/giving/statements/lines/{setup['tehran'].pk}/").status_code == 200
    assert client.get(f"/giving/statements/lines/{setup['isfahan'].pk}/").status_code == 404
    # An unmatched line could be anyone's money: HQ's alone.
    assert client.get(f"/giving/statements/lines/{setup['unmatched'].pk}/").status_code == 404
    assert client.get(f"/giving/statements/{setup['statement'].pk}/").status_code == 404
    assert "۹٬۹۰۰٬۰۰۰" not in client.get("/giving/statements/unmatched/").content.decode()
    missing = client.get("/giving/statements/missing/?days=7").content.decode()
    assert "۴٬۰۰۰٬۰۰۰" not in missing  # Isfahan's
    # Acting on another province's line answers as if it did not exist, and changes nothing.
    response = client.post(f"/giving/statements/lines/{setup['isfahan'].pk}/confirm/")
    assert response.status_code == 404
    setup["isfahan"].refresh_from_db()
    assert setup["isfahan"].status == LineStatus.SUGGESTED
    # Its own province's suggestion it may confirm.
    client.post(f"/giving/statements/lines/{setup['tehran'].pk}/confirm/")
    setup["tehran"].refresh_from_db()
    assert setup["tehran"].status == LineStatus.MATCHED


@pytest.mark.parametrize("who", ["national_expert", "tehran_expert", "auditor", "isfahan_worker"])
def test_other_roles_are_turned_away(who, personas, setup, login, client):
    login(getattr(personas, who))
    assert client.get("/giving/statements/").status_code == 403
    assert client.get(f"/giving/statements/lines/{setup['unmatched'].pk}/").status_code == 403
    response = client.post(
        f"/giving/statements/lines/{setup['unmatched'].pk}/exclude/",
        {"reason": "bank_fee", "note": "x"},
    )
    assert response.status_code == 403
    assert StatementLine.objects.get(pk=setup["unmatched"].pk).status == LineStatus.UNMATCHED


def test_the_line_page_resolves_and_bad_input_changes_nothing(cause, finance, setup, login, client):
    login(finance)
    line = setup["unmatched"]
    url = f"/giving/statements/lines/{line.pk}/"
    bad = client.post(url + "exclude/", {"reason": "bank_fee", "note": ""})
    assert bad.status_code == 400
    line.refresh_from_db()
    assert line.status == LineStatus.UNMATCHED
    wrong = client.post(url + "match/", {"tracking_code": setup["old"].tracking_code})
    assert wrong.status_code == 400
    line.refresh_from_db()
    assert line.status == LineStatus.UNMATCHED
    response = client.post(url + "record/", {"cause": cause.pk, "donor_name": "خیر"})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.status == LineStatus.MATCHED and line.donation.cause == cause
    response = client.post(url + "reopen/", {"reason": "ثبت تکراری"})
    line.refresh_from_db()
    assert response.status_code == 302 and line.status == LineStatus.UNMATCHED


def test_anonymous_visitors_are_sent_to_log_in(setup, client):
    response = client.get("/giving/statements/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
