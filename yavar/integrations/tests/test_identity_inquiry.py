from datetime import date

import pytest

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.integrations.civil_registry import IdentityStatus, get_civil_registry
from yavar.integrations.civil_registry.simulator import synthetic_record
from yavar.integrations.models import InquiryLog

from .conftest import CODE, OTHER_CODE, ZAHRA

pytestmark = pytest.mark.django_db


def inquire(**given):
    fields = {
        "national_code": CODE,
        "birth_date": ZAHRA.birth_date,
        "first_name": ZAHRA.first_name,
        "last_name": ZAHRA.last_name,
    }
    return get_civil_registry().inquire(**{**fields, **given})


def test_identity_matches_when_names_and_birth_date_agree(registry):
    result = inquire()
    assert result.status == IdentityStatus.MATCH
    assert result.mismatched_fields == []
    assert (result.first_name, result.last_name, result.father_name) == (
        "فاطمه‌زهرا",
        "نیک‌نام",
        "علی",
    )
    assert result.birth_date == date(1988, 6, 1)
    assert result.gender == "female" and result.alive is True


@pytest.mark.parametrize(
    ("first_name", "last_name"),
    [
        ("فاطمه زهرا", "نیکنام"),  # space instead of ZWNJ, ZWNJ left out
        ("فاطمهزهرا", "نيک‌نام"),  # Arabic yeh
        (" فاطمه‌زهرا ", "نیك نام"),  # Arabic kaf, stray spaces
    ],
)
def test_names_differing_only_by_zwnj_arabic_letters_or_spaces_still_match(
    registry, first_name, last_name
):
    result = inquire(first_name=first_name, last_name=last_name)
    assert result.status == IdentityStatus.MATCH


def test_national_code_in_persian_digits_is_accepted(registry):
    assert inquire(national_code="۰۰۱۲۳۴۵۶۷۹").status == IdentityStatus.MATCH


def test_mismatch_lists_the_fields_that_differ(registry):
    result = inquire(first_name="مریم", birth_date=date(1988, 6, 2))
    assert result.status == IdentityStatus.MISMATCH
    assert result.mismatched_fields == ["first_name", "birth_date"]
    assert result.first_name == "فاطمه‌زهرا"  # the registry's spelling, for the worker to see


def test_birth_date_and_empty_names_are_not_compared_when_not_given(registry):
    result = inquire(birth_date=None, first_name="", last_name="")
    assert result.status == IdentityStatus.MATCH


def test_unknown_national_code_is_not_found(registry):
    registry.simulator.mark_unknown(OTHER_CODE)
    result = inquire(national_code=OTHER_CODE)
    assert result.status == IdentityStatus.NOT_FOUND
    assert not result.found and result.first_name == ""


def test_deceased_person_is_reported_as_deceased(registry):
    registry.simulator.mark_deceased(CODE)
    result = inquire()
    assert result.status == IdentityStatus.DECEASED and result.alive is False


def test_any_valid_code_has_a_stable_synthetic_person_for_demos(registry):
    person = synthetic_record(OTHER_CODE)
    result = inquire(
        national_code=OTHER_CODE,
        birth_date=person.birth_date,
        first_name=person.first_name,
        last_name=person.last_name,
    )
    assert result.status == IdentityStatus.MATCH
    assert synthetic_record(OTHER_CODE) == person


def test_invalid_national_code_is_refused_before_anything_is_sent(registry):
    with pytest.raises(ApplicationError) as refused:
        inquire(national_code="0012345678")
    assert refused.value.code == ErrorCode.INVALID_INPUT
    assert "national_code" in refused.value.fields
    assert registry.simulator.requests_seen == 0
    assert not InquiryLog.objects.exists()
