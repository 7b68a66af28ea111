"""A donation post is checked on fields every post shares (donate_post.DonatePost); a post that
fails is shown through the page's own form with those errors. Nothing one post does to the
check may reach the next, and the rules are the model choice fields' rules."""

import copy
import datetime as dt
import threading

import pytest
from django import forms
from django.utils import timezone

from yavar.giving.donate_post import DonatePost
from yavar.giving.enums import Method
from yavar.giving.forms import DonateForm
from yavar.giving.models import Campaign, Donation
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

REFUSED = str(forms.ModelChoiceField.default_error_messages["invalid_choice"])


def _campaign(cause, *, days=(-1, 30)):
    today = timezone.localdate()
    return Campaign.objects.create(
        cause=cause,
        title="پویش بهار",
        method=Method.ONLINE,
        goal_rials=1_000_000_000,
        starts_on=today + dt.timedelta(days=days[0]),
        ends_on=today + dt.timedelta(days=days[1]),
    )


def _shape(fields):
    # What a shown form or a check could change on a field: its attributes and its widget's.
    return {name: (copy.copy(vars(f)), copy.copy(f.widget.attrs)) for name, f in fields.items()}


def test_every_post_shares_the_class_fields_and_a_failed_check_changes_none(cause):
    before = _shape(DonatePost.base_fields)
    post = DonatePost({"cause": "x", "amount": "abc", "province": "\x00"})
    assert not post.is_valid()
    assert all(post.fields[n] is DonatePost.base_fields[n] for n in DonatePost.base_fields)
    shown = DonateForm(post.data, checked=post)
    shown.as_div()
    assert _shape(DonatePost.base_fields) == before


def test_a_refused_post_is_shown_with_its_errors_and_the_next_visitor_sees_none(cause, client):
    refused = client.post("/giving/donate/", {"cause": cause.pk, "amount": "abc", "unit": "toman"})
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "مبلغ را با رقم وارد کنید" in page  # the Persian UI is the default
    assert 'value="abc"' in page and "is-invalid" in page
    assert not Donation.objects.exists()
    assert "is-invalid" not in client.get("/giving/donate/").content.decode()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("cause", "abc"),
        ("cause", "99999"),
        ("cause", str(2**70)),
        ("campaign", "0"),
        ("campaign", "closed"),
        ("province", "99999"),
        ("province", "county"),
        ("county", "inactive"),
    ],
)
def test_a_choice_that_is_not_open_is_refused_as_a_model_choice_field_would(cause, field, value):
    closed = _campaign(cause, days=(-30, -1))
    county = OrgUnit.objects.filter(kind=UnitKind.COUNTY).first()
    inactive = OrgUnit.objects.filter(kind=UnitKind.COUNTY).last()
    inactive.active = False
    inactive.save()
    value = {
        "closed": str(closed.pk),
        "county": str(county.pk),
        "inactive": str(inactive.pk),
    }.get(value, value)
    post = DonatePost({"cause": cause.pk, "amount": "50,000", "unit": "toman", field: value})
    assert not post.is_valid()
    assert post.errors[field] == [REFUSED % {"value": value}]


def test_a_valid_post_cleans_to_the_rows_and_the_rials(cause):
    campaign = _campaign(cause)
    province = OrgUnit.objects.filter(kind=UnitKind.PROVINCE).first()
    county = OrgUnit.objects.filter(kind=UnitKind.COUNTY, parent=province, active=True).first()
    post = DonatePost(
        {
            "cause": cause.pk,
            "campaign": campaign.pk,
            "province": province.pk,
            "county": county.pk,
            "amount": "۵۰٬۰۰۰",
            "unit": "toman",
            "donor_mobile": "۰۹۱۲۳۴۵۶۷۸۹",
            "anonymous": "on",
        }
    )
    assert post.is_valid(), post.errors
    got = post.cleaned_data
    assert (got["cause"], got["campaign"], got["province"], got["county"]) == (
        cause,
        campaign,
        province,
        county,
    )
    assert got["amount_rials"] == 500_000 and got["donor_mobile"] == "09123456789"
    assert got["anonymous"] is True


def test_posts_checked_at_once_in_threads_each_keep_their_own():
    # gunicorn's threads check posts side by side on the same shared fields. (No cause is
    # posted, so no thread reads the database; the amount is still cleaned.)
    amounts = [f"{n * 1000 + 10_000:,}" for n in range(16)]
    results: dict[str, int] = {}
    start = threading.Barrier(len(amounts))

    def check(amount):
        start.wait()
        post = DonatePost({"amount": amount, "unit": "rial"})
        assert set(post.errors) == {"cause"}
        results[amount] = post.cleaned_data["amount_rials"]

    threads = [threading.Thread(target=check, args=(a,)) for a in amounts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {a: int(a.replace(",", "")) for a in amounts}
