from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yavar.core.money import format_rials, parse_amount, toman_to_rials


def test_a_toman_is_ten_rials() -> None:
    assert toman_to_rials(1) == 10
    assert toman_to_rials(125_000) == 1_250_000
    assert toman_to_rials(0) == 0


@pytest.mark.parametrize("tomans", [1.5, 10.0, "10", True])
def test_toman_conversion_refuses_anything_but_int(tomans: object) -> None:
    with pytest.raises(TypeError):
        toman_to_rials(tomans)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "rials"),
    [
        ("1250000", 1_250_000),
        ("1,250,000", 1_250_000),
        ("۱٬۲۵۰٬۰۰۰", 1_250_000),
        ("۱،۲۵۰،۰۰۰", 1_250_000),
        ("١٢٥٠٠٠٠", 1_250_000),
        ("1 250 000", 1_250_000),
        ("  ۱۲۵۰۰۰۰  ", 1_250_000),
        ("0", 0),
        ("999", 999),
    ],
)
def test_amounts_in_rials_are_parsed(text: str, rials: int) -> None:
    assert parse_amount(text) == rials


def test_amounts_in_tomans_are_returned_in_rials() -> None:
    assert parse_amount("۱۲۵٬۰۰۰", unit="toman") == 1_250_000


@pytest.mark.parametrize("text", ["-5000", "−5000", "۵۰۰۰-", "-۱٬۰۰۰"])
def test_negative_amounts_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="negative"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["12.5", "۱۲٫۵", "1,250.00", "12,5", "1,2,3", "12,34,567"])
def test_decimals_and_ambiguous_separators_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


@pytest.mark.parametrize("text", ["", "   ", "abc", "۱۲ هزار", "+100", "1e6", ",100", "100,"])
def test_non_numbers_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_amount(text)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(ValueError, match="unit"):
        parse_amount("100", unit="dollar")


def test_rials_are_formatted_with_persian_digits_and_arabic_thousands_separator() -> None:
    assert format_rials(1_250_000) == "۱٬۲۵۰٬۰۰۰"
    assert format_rials(999) == "۹۹۹"
    assert format_rials(0) == "۰"


def test_rials_can_be_formatted_with_ascii_digits() -> None:
    assert format_rials(1_250_000, persian_digits=False) == "1,250,000"


def test_negative_rials_get_a_leading_minus() -> None:
    assert format_rials(-1_250_000) == "-۱٬۲۵۰٬۰۰۰"
    assert format_rials(-500, persian_digits=False) == "-500"


@pytest.mark.parametrize("amount", [12.5, 10.0, "10", False])
def test_formatting_refuses_anything_but_int(amount: object) -> None:
    with pytest.raises(TypeError):
        format_rials(amount)  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**18), st.booleans())
def test_formatted_amounts_parse_back_to_the_same_rials(amount: int, persian: bool) -> None:
    assert parse_amount(format_rials(amount, persian_digits=persian)) == amount
