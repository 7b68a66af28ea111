"""A gift goes to the country, a province, or a county within it: chosen by the donor, or fixed
by the campaign it is given through. The target decides the figures and the ledger row."""

import datetime as dt

import pytest
from django.utils import timezone

from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError
from yavar.giving import figures, office, services
from yavar.giving.enums import Channel, GivingErrorCode, Method
from yavar.giving.models import Campaign, Cause, Donation
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
CALLBACK = "/giving/callback/"


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="women", area="women", title="زنان سرپرست خانوار")


def campaign_for(cause, unit):
    today = timezone.localdate()
    return Campaign.objects.create(
        cause=cause,
        title=f"پویش {unit.name_fa}",
        method=Method.ONLINE,
        province=unit,
        goal_rials=10_000_000,
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=9),
    )


def pay(bank, client, donation):
    services.donation_send_to_bank(donation=donation, callback_url="http://testserver" + CALLBACK)
    donation.refresh_from_db()
    client.post(CALLBACK, bank.simulator.pay(donation.gateway_token).fields)
    donation.refresh_from_db()
    return donation


def test_a_donor_gives_to_a_county_and_the_ledger_counts_it_there(personas, cause, bank, client):
    donation = services.donation_start(
        cause=cause, amount_rials=500_000, province=personas.tehran, county=personas.tehran_county
    )
    donation = pay(bank, client, donation)
    assert (donation.province, donation.county) == (personas.tehran, personas.tehran_county)
    row = ServiceDelivery.objects.get(kind="cash_donation", source_id=str(donation.pk))
    assert (row.org_unit, row.province) == (personas.tehran_county, personas.tehran)
    page = client.get(f"/giving/receipt/{donation.tracking_code}/").content.decode()
    assert f"{personas.tehran_county.name_fa}، {personas.tehran.name_fa}" in page
    api = client.get(f"/api/v1/giving/donations/{donation.tracking_code}").json()
    assert (api["province"], api["county"]) == (
        personas.tehran.name_fa,
        personas.tehran_county.name_fa,
    )


def test_a_county_alone_brings_its_province(personas, cause):
    donation = services.donation_start(
        cause=cause, amount_rials=500_000, county=personas.isfahan_county
    )
    assert (donation.province, donation.county) == (personas.isfahan, personas.isfahan_county)


@pytest.mark.parametrize(
    "county_of",
    [
        lambda p: p.isfahan_county,  # a county of another province
        lambda p: p.tehran_office,  # a centre is not a county
    ],
)
def test_a_county_outside_the_province_is_refused_and_nothing_is_written(
    personas, cause, county_of
):
    with pytest.raises(ApplicationError) as refused:
        services.donation_start(
            cause=cause, amount_rials=500_000, province=personas.tehran, county=county_of(personas)
        )
    assert refused.value.code == GivingErrorCode.COUNTY_NOT_IN_PROVINCE
    assert not Donation.objects.exists()


def test_a_county_campaign_fixes_the_target(personas, cause):
    campaign = campaign_for(cause, personas.isfahan_county)
    donation = services.donation_start(cause=cause, amount_rials=500_000, campaign=campaign)
    assert (donation.province, donation.county) == (personas.isfahan, personas.isfahan_county)
    for other in ({"province": personas.tehran}, {"county": personas.tehran_county}):
        with pytest.raises(ApplicationError) as refused:
            services.donation_start(cause=cause, amount_rials=500_000, campaign=campaign, **other)
        assert refused.value.code == GivingErrorCode.OUTSIDE_CAMPAIGN_TARGET
    assert Donation.objects.count() == 1


def test_a_province_campaign_takes_a_county_of_its_own_province(personas, cause):
    campaign = campaign_for(cause, personas.tehran)
    plain = services.donation_start(cause=cause, amount_rials=500_000, campaign=campaign)
    assert (plain.province, plain.county) == (personas.tehran, None)
    narrowed = services.donation_start(
        cause=cause, amount_rials=500_000, campaign=campaign, county=personas.tehran_county
    )
    assert (narrowed.province, narrowed.county) == (personas.tehran, personas.tehran_county)
    with pytest.raises(ApplicationError) as refused:
        services.donation_start(
            cause=cause, amount_rials=500_000, campaign=campaign, county=personas.isfahan_county
        )
    assert refused.value.code == GivingErrorCode.COUNTY_NOT_IN_PROVINCE


def test_a_gift_received_at_an_office_goes_to_the_office_county(personas, cause):
    donation = office.in_person_record(
        actor=personas.tehran_expert,
        channel=Channel.IN_PERSON,
        reference="RB-77",
        amount_rials=2_000_000,
        cause=cause,
        office=personas.tehran_office,
        received_on=timezone.localdate(),
    )
    assert (donation.province, donation.county) == (personas.tehran, personas.tehran_county)


def test_the_county_list_follows_the_province(personas, client):
    options = client.get(f"/giving/donate/counties/?province={personas.isfahan.pk}")
    html = options.content.decode()
    isfahan_counties = OrgUnit.objects.filter(kind=UnitKind.COUNTY, parent=personas.isfahan)
    assert html.count("<option") == isfahan_counties.count() + 1
    assert personas.isfahan_county.name_fa in html
    assert personas.tehran_county.name_fa not in html
    empty = client.get("/giving/donate/counties/?province=x").content.decode()
    assert empty.count("<option") == 1


def test_the_donate_page_refuses_a_county_of_another_province_in_persian(personas, cause, client):
    page = client.get("/giving/donate/").content.decode()
    assert 'hx-get="/giving/donate/counties/"' in page and 'id="id_county"' in page
    answer = client.post(
        "/giving/donate/",
        {
            "cause": cause.pk,
            "province": personas.tehran.pk,
            "county": personas.isfahan_county.pk,
            "amount": "۵۰۰٬۰۰۰",
            "unit": "toman",
        },
    )
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "شهرستان انتخاب‌شده در استان انتخاب‌شده نیست" in html
    # The posted province's counties come back with the form, not the whole country's.
    assert personas.tehran_county.name_fa in html
    assert not Donation.objects.exists()


def test_figures_by_county(personas, cause, bank, client):
    for county, amount in ((personas.tehran_county, 300_000), (personas.isfahan_county, 700_000)):
        pay(bank, client, services.donation_start(cause=cause, amount_rials=amount, county=county))
    pay(bank, client, services.donation_start(cause=cause, amount_rials=900_000))  # country-wide
    rows = figures.by_county(user=personas.national_expert, flt=figures.FigureFilter())
    assert [(r.label, r.count, r.total) for r in rows] == [
        (f"{personas.isfahan_county.name_fa}، {personas.isfahan.name_fa}", 1, 700_000),
        (f"{personas.tehran_county.name_fa}، {personas.tehran.name_fa}", 1, 300_000),
    ]
    mine = figures.by_county(user=personas.tehran_expert, flt=figures.FigureFilter())
    assert [r.total for r in mine] == [300_000]
