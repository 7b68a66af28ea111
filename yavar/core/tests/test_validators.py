"""Validator tests.

Messages are lazy translations, which need loaded Django settings to render, so these tests
compare error codes only.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError

from yavar.core.persian import to_persian_digits
from yavar.core.validators import (
    normalize_card_number,
    normalize_legal_entity_id,
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
    normalize_sheba,
    validate_card_number,
    validate_legal_entity_id,
    validate_mobile,
    validate_national_code,
    validate_postal_code,
    validate_sheba,
)

# --- Independent helpers that build valid numbers from the published algorithms ---------------


def with_national_code_check_digit(first_nine: str) -> str:
    total = sum(int(first_nine[i]) * (10 - i) for i in range(9))
    remainder = total % 11
    check = remainder if remainder < 2 else 11 - remainder
    return first_nine + str(check)


def with_legal_entity_check_digit(first_ten: str) -> str:
    coefficients = [29, 27, 23, 19, 17, 29, 27, 23, 19, 17]
    d = int(first_ten[9]) + 2
    total = sum((d + int(first_ten[i])) * coefficients[i] for i in range(10))
    remainder = total % 11
    return first_ten + str(0 if remainder == 10 else remainder)


def sheba_with_check_digits(bban: str) -> str:
    # ISO 13616: check digits = 98 - (BBAN + "IR00" as a number, I=18 and R=27) mod 97.
    check = 98 - int(bban + "182700") % 97
    return f"IR{check:02d}{bban}"


def with_luhn_check_digit(first_fifteen: str) -> str:
    total = 0
    for index, char in enumerate(reversed(first_fifteen)):
        digit = int(char)
        if index % 2 == 0:  # these become the doubled positions once the check digit is added
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return first_fifteen + str((10 - total % 10) % 10)


def flip_last_digit(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def refusal_code(check: Callable[[str], object], value: str) -> str | None:
    with pytest.raises(ValidationError) as caught:
        check(value)
    return caught.value.code


VALID_NATIONAL_CODE = with_national_code_check_digit("001234567")
VALID_LEGAL_ENTITY_ID = with_legal_entity_check_digit("1010123456")
# 22-digit BBAN: bank code 017, then the account part.
VALID_SHEBA = sheba_with_check_digits("017" + "0" * 7 + "123456789012")
VALID_CARD = with_luhn_check_digit("603799123456789")


# --- National code --------------------------------------------------------------------------


def test_national_code_helper_builds_the_expected_check_digit() -> None:
    # 0*10 + 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 = 112; 112 % 11 = 2; 11 - 2 = 9
    assert VALID_NATIONAL_CODE == "0012345679"


def test_valid_national_code_is_accepted_and_returned_as_is() -> None:
    assert normalize_national_code(VALID_NATIONAL_CODE) == VALID_NATIONAL_CODE
    validate_national_code(VALID_NATIONAL_CODE)


@pytest.mark.parametrize("first_nine", ["123456789", "000000010", "987654321", "333444555"])
def test_national_codes_with_a_computed_check_digit_are_accepted(first_nine: str) -> None:
    code = with_national_code_check_digit(first_nine)
    assert normalize_national_code(code) == code


def test_national_code_in_persian_digits_with_spaces_and_dashes_is_normalised() -> None:
    typed = " " + to_persian_digits("001-234567-9") + " "
    assert normalize_national_code(typed) == "0012345679"


def test_national_code_in_arabic_indic_digits_is_normalised() -> None:
    assert normalize_national_code("٠٠١٢٣٤٥٦٧٩") == "0012345679"


def test_national_code_with_wrong_check_digit_is_refused() -> None:
    wrong = flip_last_digit(VALID_NATIONAL_CODE)
    assert refusal_code(normalize_national_code, wrong) == "invalid_national_code"
    assert refusal_code(validate_national_code, wrong) == "invalid_national_code"


@pytest.mark.parametrize("digit", "0123456789")
def test_each_same_digit_national_code_is_refused(digit: str) -> None:
    assert refusal_code(validate_national_code, digit * 10) == "invalid_national_code"


def test_same_digit_national_codes_would_pass_the_check_digit_alone() -> None:
    # Why the explicit refusal exists: the checksum alone lets these through.
    assert with_national_code_check_digit("1" * 9) == "1" * 10


@pytest.mark.parametrize("value", ["12345679", "012345679", "00123456790", "", "abcdefghij"])
def test_national_code_of_wrong_length_or_not_digits_is_refused(value: str) -> None:
    assert refusal_code(validate_national_code, value) == "invalid_national_code"


def test_national_code_missing_a_leading_zero_is_not_padded() -> None:
    assert refusal_code(validate_national_code, VALID_NATIONAL_CODE[1:]) == "invalid_national_code"


# --- Legal-entity national ID ---------------------------------------------------------------


@pytest.mark.parametrize("first_ten", ["1010123456", "1400765091", "1086201234", "1032001290"])
def test_legal_entity_ids_with_a_computed_check_digit_are_accepted(first_ten: str) -> None:
    entity_id = with_legal_entity_check_digit(first_ten)
    assert normalize_legal_entity_id(entity_id) == entity_id
    validate_legal_entity_id(entity_id)


def test_legal_entity_id_in_persian_digits_with_spaces_is_normalised() -> None:
    typed = to_persian_digits(f" {VALID_LEGAL_ENTITY_ID[:5]} {VALID_LEGAL_ENTITY_ID[5:]} ")
    assert normalize_legal_entity_id(typed) == VALID_LEGAL_ENTITY_ID


def test_legal_entity_id_with_wrong_check_digit_is_refused() -> None:
    wrong = flip_last_digit(VALID_LEGAL_ENTITY_ID)
    assert refusal_code(validate_legal_entity_id, wrong) == "invalid_legal_entity_id"


def test_all_zero_legal_entity_id_is_refused() -> None:
    assert refusal_code(validate_legal_entity_id, "0" * 11) == "invalid_legal_entity_id"


@pytest.mark.parametrize("value", [VALID_LEGAL_ENTITY_ID[:10], VALID_LEGAL_ENTITY_ID + "0", "x"])
def test_legal_entity_id_of_wrong_length_is_refused(value: str) -> None:
    assert refusal_code(validate_legal_entity_id, value) == "invalid_legal_entity_id"


# --- Sheba ----------------------------------------------------------------------------------


def test_sheba_with_computed_check_digits_is_accepted() -> None:
    assert len(VALID_SHEBA) == 26
    assert normalize_sheba(VALID_SHEBA) == VALID_SHEBA
    validate_sheba(VALID_SHEBA)


def test_sheba_check_digits_satisfy_mod_97_independently() -> None:
    rearranged = VALID_SHEBA[4:] + "1827" + VALID_SHEBA[2:4]
    assert int(rearranged) % 97 == 1


def test_sheba_in_lowercase_with_spaces_and_persian_digits_is_normalised() -> None:
    groups = " ".join(VALID_SHEBA[i : i + 4] for i in range(0, 26, 4))
    typed = "  " + to_persian_digits(groups).lower() + " "
    assert normalize_sheba(typed) == VALID_SHEBA


def test_sheba_with_a_changed_digit_is_refused() -> None:
    assert refusal_code(validate_sheba, flip_last_digit(VALID_SHEBA)) == "invalid_sheba"


def test_sheba_with_swapped_adjacent_digits_is_refused() -> None:
    swapped = VALID_SHEBA[:-2] + VALID_SHEBA[-1] + VALID_SHEBA[-2]
    assert swapped != VALID_SHEBA
    assert refusal_code(validate_sheba, swapped) == "invalid_sheba"


@pytest.mark.parametrize(
    "value",
    [
        VALID_SHEBA[2:],  # no country code
        "DE" + VALID_SHEBA[2:],  # another country
        VALID_SHEBA[:-1],  # 23 digits
        VALID_SHEBA + "0",  # 25 digits
        "IR" + "A" * 24,
        "",
    ],
)
def test_malformed_sheba_is_refused(value: str) -> None:
    assert refusal_code(validate_sheba, value) == "invalid_sheba"


# --- Mobile ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "09121234567",
        "9121234567",
        "+989121234567",
        "00989121234567",
        "989121234567",
        "+98 912 123 4567",
        "0912-123-4567",
        "۰۹۱۲۱۲۳۴۵۶۷",
        " +۹۸۹۱۲۱۲۳۴۵۶۷ ",
    ],
)
def test_mobile_forms_are_normalised_to_the_local_form(typed: str) -> None:
    assert normalize_mobile(typed) == "09121234567"
    validate_mobile(typed)


@pytest.mark.parametrize(
    "value",
    [
        "02112345678",  # Tehran landline
        "0912123456",  # one digit short
        "091212345678",  # one digit long
        "+9121234567",  # plus without a country code
        "+449121234567",  # another country
        "phone",
        "",
    ],
)
def test_non_mobile_numbers_are_refused(value: str) -> None:
    assert refusal_code(validate_mobile, value) == "invalid_mobile"


# --- Postal code ----------------------------------------------------------------------------


def test_postal_code_in_persian_digits_with_a_dash_is_normalised() -> None:
    assert normalize_postal_code("۱۹۱۳۶-۷۴۵۱۱") == "1913674511"
    validate_postal_code("1913674511")


@pytest.mark.parametrize("value", ["0913674511", "191367451", "19136745111", "1" * 10, "abc"])
def test_invalid_postal_codes_are_refused(value: str) -> None:
    assert refusal_code(validate_postal_code, value) == "invalid_postal_code"


# --- Bank card ------------------------------------------------------------------------------


def test_luhn_helper_agrees_with_a_well_known_test_number() -> None:
    # 4111 1111 1111 1111 is the classic Luhn-valid test card.
    assert with_luhn_check_digit("411111111111111") == "4111111111111111"


def test_card_number_with_a_valid_luhn_digit_is_accepted() -> None:
    assert normalize_card_number(VALID_CARD) == VALID_CARD
    assert normalize_card_number("4111111111111111") == "4111111111111111"
    validate_card_number(VALID_CARD)


def test_card_number_in_persian_digits_with_groups_is_normalised() -> None:
    typed = to_persian_digits("-".join(VALID_CARD[i : i + 4] for i in range(0, 16, 4)))
    assert normalize_card_number(typed) == VALID_CARD


@pytest.mark.parametrize("position", range(16))
def test_card_number_with_any_single_digit_changed_is_refused(position: int) -> None:
    changed = str((int(VALID_CARD[position]) + 1) % 10)
    wrong = VALID_CARD[:position] + changed + VALID_CARD[position + 1 :]
    assert refusal_code(validate_card_number, wrong) == "invalid_card_number"


@pytest.mark.parametrize("value", ["0" * 16, VALID_CARD[:15], VALID_CARD + "0", "card"])
def test_malformed_card_numbers_are_refused(value: str) -> None:
    assert refusal_code(validate_card_number, value) == "invalid_card_number"
