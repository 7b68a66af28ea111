"""Staff run campaigns: HQ national ones, a province its own; results per campaign; scope."""

import datetime as dt

import pytest
from django.utils import timezone

from yavar.audit.models import AuditEvent
from yavar.giving.enums import DonationStatus, Method
from yavar.giving.models import Campaign, Cause, Donation

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان")


def _form(cause, **over):
    today = timezone.localdate()
    data = {
        "title": "پویش نوروزی",
        "cause": cause.pk,
        "method": Method.SMS,
        "province": "",
        "goal": "۵۰۰٬۰۰۰٬۰۰۰",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=30)).isoformat(),
    }
    data.update(over)
    return data


def test_hq_expert_creates_a_national_campaign(personas, login, cause):
    client = login(personas.national_expert)
    response = client.post("/giving/campaigns/new/", _form(cause))
    assert response.status_code == 302, response.content.decode()[:2000]
    campaign = Campaign.objects.get()
    assert campaign.province is None and campaign.goal_rials == 500_000_000
    assert campaign.method == Method.SMS
    assert AuditEvent.objects.filter(action="campaign.create", object_id=str(campaign.pk)).exists()


def test_province_runs_its_own_campaign_but_not_another_or_a_national_one(personas, login, cause):
    client = login(personas.tehran_expert)
    assert client.post("/giving/campaigns/new/", _form(cause)).status_code == 200  # no HQ scope
    response = client.post("/giving/campaigns/new/", _form(cause, province=personas.isfahan.pk))
    assert response.status_code == 200 and not Campaign.objects.exists()
    response = client.post("/giving/campaigns/new/", _form(cause, province=personas.tehran.pk))
    assert response.status_code == 302
    isfahan = Campaign.objects.create(
        cause=cause,
        title="اصفهان",
        method=Method.EVENT,
        province=personas.isfahan,
        goal_rials=1_000_000,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    assert client.get(f"/giving/campaigns/{isfahan.pk}/").status_code == 404
    assert "اصفهان" not in client.get("/giving/campaigns/").content.decode()


def test_bad_dates_and_goal_are_refused_with_nothing_saved(personas, login, cause):
    client = login(personas.national_expert)
    today = timezone.localdate()
    response = client.post(
        "/giving/campaigns/new/",
        _form(cause, goal="abc", ends_on=(today - dt.timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 200 and not Campaign.objects.exists()
    assert "invalid-feedback" in response.content.decode()


def test_results_and_cause_fixed_once_donations_exist_and_close(personas, login, cause):
    other = Cause.objects.create(code="women", area="women_heads", title="زنان")
    campaign = Campaign.objects.create(
        cause=cause,
        title="مهر",
        method=Method.ONLINE,
        goal_rials=1_000_000,
        starts_on=timezone.localdate() - dt.timedelta(days=2),
        ends_on=timezone.localdate() + dt.timedelta(days=2),
    )
    for i, (amount, status) in enumerate(
        [
            (300_000, DonationStatus.PAID),
            (100_000, DonationStatus.PAID),
            (900_000, DonationStatus.FAILED),
        ]
    ):
        Donation.objects.create(
            tracking_code=f"{i:012d}",
            cause=cause,
            campaign=campaign,
            amount_rials=amount,
            status=status,
        )
    client = login(personas.national_expert)
    page = client.get("/giving/campaigns/").content.decode()
    assert "۴۰۰٬۰۰۰" in page and "۲۰۰٬۰۰۰" in page  # raised, and the average of two gifts
    response = client.post(f"/giving/campaigns/{campaign.pk}/", _form(other, title="مهر"))
    assert response.status_code == 200
    campaign.refresh_from_db()
    assert campaign.cause == cause
    response = client.post(f"/giving/campaigns/{campaign.pk}/close/", {"reason": "هدف رسید"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.ends_on == timezone.localdate()
    assert AuditEvent.objects.filter(action="campaign.close").exists()


def test_roles_without_the_permission_are_refused(personas, login, cause):
    client = login(personas.isfahan_worker)
    assert client.get("/giving/campaigns/").status_code == 403


def test_public_page_shows_what_each_running_campaign_raised_in_one_query(
    client, cause, django_assert_max_num_queries
):
    today = timezone.localdate()
    for n in range(3):
        campaign = Campaign.objects.create(
            cause=cause,
            title=f"پویش {n}",
            method=Method.ONLINE,
            goal_rials=10_000_000,
            starts_on=today,
            ends_on=today,
        )
        Donation.objects.create(
            tracking_code=f"{n:012d}",
            cause=cause,
            campaign=campaign,
            amount_rials=(n + 1) * 1_000_000,
            status=DonationStatus.PAID,
        )
    Campaign.objects.create(
        cause=cause,
        title="پویش گذشته",
        method=Method.SMS,
        goal_rials=1,
        starts_on=today - dt.timedelta(days=9),
        ends_on=today - dt.timedelta(days=1),
    )
    with django_assert_max_num_queries(3):
        page = client.get("/giving/").content.decode()
    assert "۳٬۰۰۰٬۰۰۰" in page and "۱٬۰۰۰٬۰۰۰" in page
    assert "پویش گذشته" not in page
