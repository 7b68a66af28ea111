"""Validators for Iranian identifiers and account numbers.

Every `normalize_*` function accepts what people really type (Persian or Arabic digits, spaces,
dashes, invisible bidi marks pasted from RTL text) and returns the canonical ASCII form, or
raises ValidationError. Every `validate_*` function is the same check shaped as a Django
validator. Error codes are stable; messages are translatable.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yavar.core.persian import remove_invisible, to_ascii_digits

# Spaces and the dash family people put between digit groups.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212]+")

_LEGAL_ENTITY_COEFFICIENTS = (29, 27, 23, 19, 17, 29, 27, 23, 19, 17)

_MOBILE = re.compile(r"(?:(?:\+|00)?98)?0?(9[0-9]{9})")


def _clean(value: str) -> str:
    """Strip separators and invisible marks and turn every digit into ASCII."""
    return _SEPARATORS.sub("", remove_invisible(to_ascii_digits(str(value))))


def _is_digits(text: str, length: int) -> bool:
    # An explicit ASCII class: str.isdigit() would also accept superscripts and other scripts.
    return re.fullmatch(f"[0-9]{{{length}}}", text) is not None


def _digits(text: str) -> list[int]:
    return [int(char) for char in text]


# --- National code (کد ملی) -------------------------------------------------------------------


def _national_code_check_digit(first_nine: str) -> int:
    total = sum(digit * (10 - position) for position, digit in enumerate(_digits(first_nine)))
    remainder = total % 11
    return remainder if remainder < 2 else 11 - remainder


def complete_national_code(first_nine: str) -> str:
    """The national code that starts with these nine digits (for generated demo and test data)."""
    return first_nine + str(_national_code_check_digit(first_nine))


def normalize_national_code(value: str) -> str:
    """Return the 10-digit national code, or raise ValidationError.

    Shorter input is refused rather than left-padded: a missing leading zero is as likely to be
    a missing digit anywhere else, and guessing would attach a case to the wrong person.
    """
    code = _clean(value)
    if (
        not _is_digits(code, 10)
        # The ten same-digit codes pass the check digit but are never issued.
        or len(set(code)) == 1
        or _national_code_check_digit(code[:9]) != int(code[9])
    ):
        raise ValidationError(
            _("Enter a valid 10-digit national code."), code="invalid_national_code"
        )
    return code


def validate_national_code(value: str) -> None:
    normalize_national_code(value)


# --- Legal-entity national ID (شناسه ملی اشخاص حقوقی) -----------------------------------------


def _legal_entity_check_digit(first_ten: str) -> int:
    digits = _digits(first_ten)
    offset = digits[9] + 2
    total = sum(
        (offset + digit) * coefficient
        for digit, coefficient in zip(digits, _LEGAL_ENTITY_COEFFICIENTS, strict=True)
    )
    remainder = total % 11
    return 0 if remainder == 10 else remainder


def normalize_legal_entity_id(value: str) -> str:
    """Return the 11-digit national ID of a legal entity, or raise ValidationError."""
    entity_id = _clean(value)
    if (
        not _is_digits(entity_id, 11)
        or entity_id == "0" * 11
        or _legal_entity_check_digit(entity_id[:10]) != int(entity_id[10])
    ):
        raise ValidationError(
            _("Enter a valid 11-digit national ID of a legal entity."),
            code="invalid_legal_entity_id",
        )
    return entity_id


def validate_legal_entity_id(value: str) -> None:
    normalize_legal_entity_id(value)


# --- Sheba (Iranian IBAN) ---------------------------------------------------------------------


def _iban_remainder(iban: str) -> int:
    """ISO 13616 / ISO 7064 mod 97-10: a valid IBAN gives 1."""
    rearranged = iban[4:] + iban[:4]
    # int(char, 36) maps 0-9 to themselves and A..Z to 10..35, as the standard requires.
    numeric = "".join(str(int(char, 36)) for char in rearranged)
    return int(numeric) % 97


def normalize_sheba(value: str) -> str:
    """Return the Sheba number as "IR" followed by 24 digits, or raise ValidationError."""
    sheba = _clean(value).upper()
    if not (sheba.startswith("IR") and _is_digits(sheba[2:], 24) and _iban_remainder(sheba) == 1):
        raise ValidationError(
            _("Enter a valid Sheba number: IR followed by 24 digits."), code="invalid_sheba"
        )
    return sheba


def validate_sheba(value: str) -> None:
    normalize_sheba(value)


# --- Mobile number ----------------------------------------------------------------------------


def normalize_mobile(value: str) -> str:
    """Return the mobile number as 09xxxxxxxxx, or raise ValidationError.

    Accepts 09xxxxxxxxx, 9xxxxxxxxx and the international forms +989…, 00989… and 989…
    """
    match = _MOBILE.fullmatch(_clean(value).replace("(", "").replace(")", ""))
    if match is None:
        raise ValidationError(
            _("Enter a valid Iranian mobile number, such as 09121234567."),
            code="invalid_mobile",
        )
    return "0" + match.group(1)


def validate_mobile(value: str) -> None:
    normalize_mobile(value)


# --- Postal code ------------------------------------------------------------------------------


def normalize_postal_code(value: str) -> str:
    """Return the 10-digit postal code, or raise ValidationError.

    Only rules we can stand behind are checked: ten digits, not starting with 0, not one digit
    repeated. Stricter rules circulate online (e.g. "no 0 or 2 in the first five digits") but
    we have no authoritative source for them, and refusing a real address is worse than
    accepting a typo.
    """
    code = _clean(value)
    if not _is_digits(code, 10) or code[0] == "0" or len(set(code)) == 1:
        raise ValidationError(_("Enter a valid 10-digit postal code."), code="invalid_postal_code")
    return code


def validate_postal_code(value: str) -> None:
    normalize_postal_code(value)


# --- Bank card number -------------------------------------------------------------------------


def _passes_luhn(number: str) -> bool:
    total = 0
    # From the right, every second digit is doubled; a two-digit result counts as its digit sum.
    for position, digit in enumerate(reversed(_digits(number))):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def normalize_card_number(value: str) -> str:
    """Return the 16-digit bank card number, or raise ValidationError."""
    number = _clean(value)
    # All zeros passes Luhn but is no card.
    if not _is_digits(number, 16) or number == "0" * 16 or not _passes_luhn(number):
        raise ValidationError(
            _("Enter a valid 16-digit bank card number."), code="invalid_card_number"
        )
    return number


def validate_card_number(value: str) -> None:
    normalize_card_number(value)
