"""One cell → one clean value, or a coded error."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core.exceptions import ValidationError

from yavar.core.validators import normalize_mobile, normalize_national_code, normalize_postal_code
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


def _outcome(parse, raw):  # type: ignore[no-untyped-def]
    try:
        return parse(raw)
    except (CellInvalid, ValidationError) as error:
        return type(error)


@pytest.mark.parametrize("seed", range(3))
def test_the_fast_paths_for_canonical_cells_agree_with_the_core_validators(seed):
    """Ten-digit and 09… cells skip the general normalisers: they must decide exactly as the
    core validators would, valid or not."""
    rnd = random.Random(seed)
    samples = ["0000000000", "1111111111", "0123456789", "1234567891", "0012345679"]
    samples += [national_code(rnd.randrange(10**9)) for _ in range(300)]
    samples += [f"{rnd.randrange(10**10):010d}" for _ in range(300)]
    for raw in samples:
        for fast, core in (
            (col.national_code, normalize_national_code),
            (col.postal_code, normalize_postal_code),
        ):
            expected = raw if _outcome(core, raw) == raw else CellInvalid
            assert _outcome(fast, raw) == expected, (fast.__name__, raw)
    for raw in [f"09{rnd.randrange(10**9):09d}" for _ in range(100)]:
        assert col.mobile(raw) == normalize_mobile(raw) == raw


def test_a_date_in_the_future_is_refused_even_just_after_midnight(settings):
    from django.utils import timezone

    today = timezone.localdate()
    assert BIRTH(today) == today
    for ahead in (1, 2, 400):
        with pytest.raises(CellInvalid) as refused:
            BIRTH(today + dt.timedelta(days=ahead))
        assert refused.value.code == "date_out_of_range"
    # Tehran is ahead of UTC: its "tomorrow" may be UTC's today, and is still refused.
    settings.TIME_ZONE = "Asia/Tehran"
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(CellInvalid):
        BIRTH(tomorrow.isoformat())
