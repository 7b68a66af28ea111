"""The demo set for gifts received in person is made through the real services, spans three
provinces and every in-person channel, and running it again changes nothing."""

import pytest

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.catalog.models import ServiceDelivery
from yavar.giving.demo_office import seed_office
from yavar.giving.enums import IN_PERSON_CHANNELS
from yavar.giving.models import Benefactor, Donation, InKindDonation, ServicePledge
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_demo_set_is_whole_and_idempotent():
    make_user("finance.officer", Role.FINANCE_OFFICER, OrgUnit.objects.get(code="HQ"))
    seed_office()
    counts = (
        Benefactor.objects.count(),
        Donation.objects.count(),
        InKindDonation.objects.count(),
        ServicePledge.objects.count(),
        ServiceDelivery.objects.count(),
    )
    seed_office()
    assert counts == (
        Benefactor.objects.count(),
        Donation.objects.count(),
        InKindDonation.objects.count(),
        ServicePledge.objects.count(),
        ServiceDelivery.objects.count(),
    )
    in_person = Donation.objects.filter(channel__in=IN_PERSON_CHANNELS)
    assert set(in_person.values_list("channel", flat=True)) == set(IN_PERSON_CHANNELS)
    assert in_person.values("province").distinct().count() == 3
    assert Benefactor.objects.filter(kind="legal").exists()
    assert all(p.hours_delivered > 0 for p in ServicePledge.objects.all())
    assert ServiceDelivery.objects.filter(kind="service_pledge").count() == 6
