import pytest

from tests.people_factory import person_data
from yavar.safehouse import services
from yavar.safehouse.models import House

SURVIVOR_NAME = "MARKERNAME"


@pytest.fixture
def house(personas) -> House:
    return House.objects.create(org_unit=personas.safe_house, beds=3, max_stay_days=90)


@pytest.fixture
def case(personas, house):
    return services.case_open(
        actor=personas.safehouse_staff,
        house_unit=personas.safe_house,
        person_data=person_data(first_name=SURVIVOR_NAME, last_name="نجفی"),
        referral_source="crisis_centre",
        referring_body="اورژانس اجتماعی ۱۲۳ تهران",
        referral_reference="REF-77",
        safe_contact="trusted_person",
        safe_contact_detail="MARKERCONTACT خواهرش",
    )


def high_risk() -> dict[str, bool]:
    return {"threat_to_kill": True, "weapon": True, "strangling": True, "escalating": True}
