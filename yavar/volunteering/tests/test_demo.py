"""The demo volunteers load twice without duplicates and cover every status."""

import pytest

from yavar.volunteering.demo import seed_volunteers
from yavar.volunteering.enums import VolunteerStatus
from yavar.volunteering.models import Assignment, HoursEntry, Volunteer

pytestmark = pytest.mark.django_db


def test_demo_volunteers_are_idempotent_and_cover_every_status(personas):
    seed_volunteers()
    seed_volunteers()
    assert Volunteer.objects.count() == 15
    assert set(Volunteer.objects.values_list("status", flat=True)) == set(VolunteerStatus.values)
    assert Volunteer.objects.values("province").distinct().count() == 3
    assert Assignment.objects.filter(centre__confidential=True).exists()
    assert {"confirmed", "pending"} <= set(HoursEntry.objects.values_list("status", flat=True))
    for v in Volunteer.objects.all():
        v.full_clean()
