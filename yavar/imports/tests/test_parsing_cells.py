"""One cell → one clean value, or a coded error."""

from __future__ import annotations

import datetime as dt

import pytest

from yavar.imports import columns as col
from yavar.imports.columns import CellInvalid

from .helpers import national_code

BIRTH = col.date(earliest=dt.date(1900, 1, 1))


@pytest.mark.parametrize(
    "raw",
    [
        "1370/05/12",
        "1370/5/12",
        "۱۳۷۰/۰۵/۱۲",
        "١٣٧٠-٠٥-١٢",
        "13700512",
        13700512.0,
        "1991-08-03",
        "1991/08/03",
        "1991-08-03 00:00:00",
        dt.date(1991, 8, 3),
        dt.datetime(1991, 8, 3, 0, 0),
    ],
)
def test_jalali_gregorian_and_excel_dates_all_mean_the_same_day(raw):
    assert BIRTH(raw) == dt.date(1991, 8, 3)


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1370/13/01", "invalid_date"),
        ("1371/12/30", "invalid_date"),  # 1371 is not a leap year
        ("12/05/1370", "invalid_date"),
        ("yesterday", "invalid_date"),
        ("1850-01-01", "date_out_of_range"),
        ("1499/01/01", "date_out_of_range"),  # in the future
    ],
)
def test_impossible_dates_are_refused_with_a_code(raw, code):
    with pytest.raises(CellInvalid) as refused:
        BIRTH(raw)
    assert refused.value.code == code


def test_a_national_code_from_a_number_cell_gets_its_leading_zeros_back():
    code = national_code(1_234_567)  # "001234567x"
    assert code.startswith("00")
    assert col.national_code(float(int(code))) == code
    assert col.national_code(f" {code[:3]}-{code[3:]} ") == code
    assert col.national_code("۰۰" + code[2:]) == code


@pytest.mark.parametrize("raw", ["1234567890", "123", 12.5, "1111111111", True])
def test_an_invalid_national_code_is_refused(raw):
    with pytest.raises(CellInvalid) as refused:
        col.national_code(raw)
    assert refused.value.code == "invalid_national_code"


def test_choices_accept_persian_and_english_spellings():
    gender = col.choice({"زن": "female", "مرد": "male"}, [("female", "Female"), ("male", "Male")])
    assert gender("زن") == gender(" Female ") == gender("female") == "female"
    with pytest.raises(CellInvalid) as refused:
        gender("نامشخص")
    assert refused.value.params == {"value": "نامشخص"}


def test_text_keeps_what_was_typed_and_enforces_the_length():
    assert col.text(10)("  محمد‌رضا ") == "محمد‌رضا"
    assert col.text(10)(1234.0) == "1234"
    with pytest.raises(CellInvalid):
        col.text(3)("abcd")
    with pytest.raises(CellInvalid) as refused:
        col.text(80)('=HYPERLINK("http://example.com")')
    assert refused.value.code == "formula"


def test_mobile_and_postal_code_from_number_cells():
    assert col.mobile(9121234567.0) == "09121234567"
    assert col.postal_code(1234567891.0) == "1234567891"
    with pytest.raises(CellInvalid):
        col.postal_code("0123456789")
