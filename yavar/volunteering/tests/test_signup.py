"""Signing up on the public page: prove the mobile by SMS (through the simulator), fill in the
form, get a reference number; bad input and a second application are refused kindly."""

import datetime as dt

import pytest

from yavar.core.persian import to_persian_digits
from yavar.volunteering.models import Volunteer

from .conftest import jalali, last_code, new_code, prove_mobile

pytestmark = pytest.mark.django_db

JOIN = "/volunteers/join/"
MOBILE = "09121112233"


def form_data(personas, **overrides):
    data = {
        "step": "apply",
        "national_code": new_code(),
        "first_name": "مریم",
        "last_name": "رحیمی",
        "father_name": "علی",
        "birth_date": jalali(dt.date(1992, 3, 25)),
        "gender": "female",
        "province": personas.tehran.pk,
        "county": personas.tehran_county.pk,
        "skills": ["teaching", "it"],
        "availability": ["sat_morning", "mon_evening"],
        "willing_children": "on",
        "motivation": "می‌خواهم کمک کنم",
    }
    data.update(overrides)
    return data


def test_the_form_is_shown_only_after_the_mobile_is_proven_by_sms(client, personas, sms):
    page = client.get(JOIN).content.decode()
    assert 'data-testid="join-form"' not in page
    client.post(JOIN, {"step": "send", "mobile": "۰۹۱۲۱۱۱۲۲۳۳"})
    assert sms.simulator.outbox()[-1].mobile == MOBILE
    wrong = client.post(
        JOIN, {"step": "confirm", "code": "000000" if last_code(sms) != "000000" else "111111"}
    )
    assert 'data-testid="join-form"' not in wrong.content.decode()
    right = client.post(JOIN, {"step": "confirm", "code": last_code(sms)})
    assert 'data-testid="join-form"' in right.content.decode()


def test_applicant_gets_a_reference_number(client, personas, sms):
    prove_mobile(client, sms, JOIN, MOBILE)
    data = form_data(personas)
    response = client.post(JOIN, data, follow=True)
    volunteer = Volunteer.objects.get(national_code=data["national_code"])
    assert volunteer.mobile == MOBILE
    assert volunteer.status == "applied"
    assert volunteer.skill_list == ["teaching", "it"]
    assert volunteer.willing_children and not volunteer.willing_safe_house
    assert volunteer.birth_date == dt.date(1992, 3, 25)
    page = response.content.decode()
    assert 'data-testid="reference"' in page
    assert to_persian_digits(volunteer.reference) in page


def test_posting_the_form_without_a_proven_mobile_changes_nothing(client, personas):
    response = client.post(JOIN, form_data(personas))
    assert response.status_code == 200
    assert not Volunteer.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("national_code", "1234567890"),
        ("birth_date", "1403/13/40"),
        ("motivation", ""),
        ("availability", []),
    ],
)
def test_bad_input_gets_a_message_and_saves_nothing(client, personas, sms, field, value):
    prove_mobile(client, sms, JOIN, MOBILE)
    response = client.post(JOIN, form_data(personas, **{field: value}))
    assert response.status_code == 200
    assert (
        "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode()
    )
    assert not Volunteer.objects.exists()


def test_a_county_of_another_province_is_refused(client, personas, sms):
    prove_mobile(client, sms, JOIN, MOBILE)
    response = client.post(JOIN, form_data(personas, county=personas.isfahan_county.pk))
    assert response.status_code == 200
    assert not Volunteer.objects.exists()


def test_counties_follow_the_chosen_province(client, personas):
    options = client.get(f"{JOIN}counties/", {"province": personas.isfahan.pk}).content.decode()
    assert personas.isfahan_county.name_fa in options
    assert personas.tehran_county.name_fa not in options


def test_a_second_application_with_the_same_code_is_refused_kindly(client, personas, sms):
    prove_mobile(client, sms, JOIN, MOBILE)
    data = form_data(personas)
    client.post(JOIN, data)
    again = client.post(JOIN, {**data, "first_name": "دیگری"})
    page = again.content.decode()
    assert 'data-testid="already-applied"' in page
    assert "/volunteers/me/" in page
    assert Volunteer.objects.filter(national_code=data["national_code"]).count() == 1
    assert Volunteer.objects.get().first_name == "مریم"
