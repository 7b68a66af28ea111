"""Jalali calendar tests; jdatetime is the independent reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from yavar.core.jalali import (
    MONTH_NAMES_FA,
    SEASON_NAMES_FA,
    JalaliDate,
    format_jalali,
    is_leap_jalali,
    jalali_month,
    jalali_season,
    jalali_year,
    month_length,
    parse_jalali,
    period_bounds,
)

EXAMPLES = hypothesis_settings(max_examples=400, deadline=None)

gregorian_dates = st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31))
# Jalali years whose every day falls inside the Gregorian range above.
jalali_years = st.integers(min_value=1179, max_value=1579)


def reference_month_length(year: int, month: int) -> int:
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if jdatetime.date(year, 1, 1).isleap() else 29


@st.composite
def jalali_triples(draw: st.DrawFn) -> tuple[int, int, int]:
    year = draw(jalali_years)
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=reference_month_length(year, month)))
    return year, month, day


def reference_first_day(year: int, month: int) -> date:
    """First Gregorian day of a Jalali month per jdatetime; month 13 is next year's Farvardin."""
    if month == 13:
        year, month = year + 1, 1
    return jdatetime.date(year, month, 1).togregorian()


def django_settings_available() -> bool:
    try:
        return bool(settings.TIME_ZONE)
    except ImproperlyConfigured:
        return False


# --- Known fixed points -----------------------------------------------------------------------


def test_first_of_farvardin_1403_is_20_march_2024() -> None:
    assert JalaliDate(1403, 1, 1).to_gregorian() == date(2024, 3, 20)
    assert JalaliDate.from_gregorian(date(2024, 3, 20)) == JalaliDate(1403, 1, 1)


def test_nowruz_1404_is_21_march_2025() -> None:
    assert JalaliDate(1404, 1, 1).to_gregorian() == date(2025, 3, 21)
    assert JalaliDate.from_gregorian(date(2025, 3, 21)) == JalaliDate(1404, 1, 1)


def test_leap_year_1403_ends_on_30_esfand() -> None:
    assert JalaliDate(1403, 12, 30).to_gregorian() == date(2025, 3, 20)


def test_first_half_of_the_year_ends_on_31_shahrivar() -> None:
    assert JalaliDate(1403, 6, 31).to_gregorian() == date(2024, 9, 21)
    assert JalaliDate(1403, 7, 1).to_gregorian() == date(2024, 9, 22)


# --- Agreement with jdatetime -----------------------------------------------------------------


@EXAMPLES
@given(gregorian_dates)
def test_gregorian_to_jalali_agrees_with_jdatetime(value: date) -> None:
    reference = jdatetime.date.fromgregorian(date=value)
    converted = JalaliDate.from_gregorian(value)
    assert (converted.year, converted.month, converted.day) == (
        reference.year,
        reference.month,
        reference.day,
    )


@EXAMPLES
@given(jalali_triples())
def test_jalali_to_gregorian_agrees_with_jdatetime(triple: tuple[int, int, int]) -> None:
    assert JalaliDate(*triple).to_gregorian() == jdatetime.date(*triple).togregorian()


def test_leap_years_agree_with_jdatetime_from_1200_to_1600() -> None:
    disagreements = [
        year
        for year in range(1200, 1601)
        if is_leap_jalali(year) != jdatetime.date(year, 1, 1).isleap()
    ]
    assert disagreements == []


def test_leap_years_are_exactly_the_years_one_day_longer() -> None:
    for year in range(1200, 1601):
        length = (
            JalaliDate(year + 1, 1, 1).to_gregorian() - JalaliDate(year, 1, 1).to_gregorian()
        ).days
        assert length == (366 if is_leap_jalali(year) else 365)


@EXAMPLES
@given(gregorian_dates)
def test_year_month_and_season_agree_with_jdatetime(value: date) -> None:
    reference = jdatetime.date.fromgregorian(date=value)
    assert jalali_year(value) == reference.year
    assert jalali_month(value) == reference.month
    assert jalali_season(value) == (reference.month - 1) // 3 + 1


# --- Round trips and ordering -----------------------------------------------------------------


@EXAMPLES
@given(gregorian_dates)
def test_gregorian_round_trip_returns_the_same_date(value: date) -> None:
    assert JalaliDate.from_gregorian(value).to_gregorian() == value


@EXAMPLES
@given(jalali_triples())
def test_jalali_round_trip_returns_the_same_date(triple: tuple[int, int, int]) -> None:
    jalali = JalaliDate(*triple)
    assert JalaliDate.from_gregorian(jalali.to_gregorian()) == jalali


@EXAMPLES
@given(gregorian_dates)
def test_the_next_gregorian_day_is_the_next_jalali_day(value: date) -> None:
    today = JalaliDate.from_gregorian(value)
    tomorrow = JalaliDate.from_gregorian(value + timedelta(days=1))
    if today.day < month_length(today.year, today.month):
        assert tomorrow == JalaliDate(today.year, today.month, today.day + 1)
    elif today.month < 12:
        assert tomorrow == JalaliDate(today.year, today.month + 1, 1)
    else:
        assert tomorrow == JalaliDate(today.year + 1, 1, 1)


@EXAMPLES
@given(gregorian_dates, gregorian_dates)
def test_jalali_dates_order_like_their_gregorian_dates(first: date, second: date) -> None:
    assert (JalaliDate.from_gregorian(first) < JalaliDate.from_gregorian(second)) == (
        first < second
    )


@EXAMPLES
@given(jalali_triples())
def test_parsing_the_iso_format_gives_back_the_date(triple: tuple[int, int, int]) -> None:
    jalali = JalaliDate(*triple)
    assert parse_jalali(jalali.isoformat()) == jalali


@EXAMPLES
@given(gregorian_dates)
def test_parsing_the_persian_formatted_date_gives_back_the_date(value: date) -> None:
    assert parse_jalali(format_jalali(value)).to_gregorian() == value


# --- Month lengths and validation -------------------------------------------------------------


def test_month_lengths_follow_the_calendar() -> None:
    assert [month_length(1402, month) for month in range(1, 13)] == [31] * 6 + [30] * 5 + [29]
    assert month_length(1403, 12) == 30


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [(1403, 13, 1), (1403, 0, 1), (1403, 7, 31), (1403, 1, 32), (1403, 1, 0), (1402, 12, 30)],
)
def test_impossible_jalali_dates_cannot_be_built(year: int, month: int, day: int) -> None:
    with pytest.raises(ValueError):
        JalaliDate(year, month, day)


def test_gregorian_date_before_the_jalali_epoch_is_refused() -> None:
    with pytest.raises(ValueError):
        JalaliDate.from_gregorian(date(622, 3, 20))


def test_jalali_date_is_immutable_and_hashable() -> None:
    jalali = JalaliDate(1403, 1, 15)
    with pytest.raises(AttributeError):
        jalali.day = 16  # type: ignore[misc]
    assert {jalali, JalaliDate(1403, 1, 15)} == {jalali}


# --- Periods ----------------------------------------------------------------------------------


@EXAMPLES
@given(jalali_years)
def test_year_bounds_agree_with_jdatetime(year: int) -> None:
    assert period_bounds(year) == (reference_first_day(year, 1), reference_first_day(year, 13))


@EXAMPLES
@given(jalali_years, st.integers(min_value=1, max_value=4))
def test_season_bounds_agree_with_jdatetime(year: int, season: int) -> None:
    first_month = 3 * season - 2
    expected = (reference_first_day(year, first_month), reference_first_day(year, first_month + 3))
    assert period_bounds(year, season=season) == expected


@EXAMPLES
@given(jalali_years, st.integers(min_value=1, max_value=12))
def test_month_bounds_agree_with_jdatetime(year: int, month: int) -> None:
    expected = (reference_first_day(year, month), reference_first_day(year, month + 1))
    assert period_bounds(year, month=month) == expected


@EXAMPLES
@given(jalali_years, st.integers(min_value=1, max_value=12))
def test_month_bounds_are_half_open(year: int, month: int) -> None:
    start, end = period_bounds(year, month=month)
    assert jalali_month(start) == month
    assert jalali_month(end - timedelta(days=1)) == month
    assert jalali_month(end) == month % 12 + 1
    assert (end - start).days == month_length(year, month)


def test_season_bounds_of_1403() -> None:
    assert period_bounds(1403, season=1) == (date(2024, 3, 20), date(2024, 6, 21))
    assert period_bounds(1403, season=4) == (date(2024, 12, 21), date(2025, 3, 21))


def test_period_bounds_refuses_both_season_and_month() -> None:
    with pytest.raises(ValueError):
        period_bounds(1403, season=1, month=1)


@pytest.mark.parametrize("kwargs", [{"season": 0}, {"season": 5}, {"month": 0}, {"month": 13}])
def test_period_bounds_refuses_out_of_range_periods(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        period_bounds(1403, **kwargs)


def test_seasons_split_the_year_into_quarters() -> None:
    assert jalali_season(date(2024, 3, 20)) == 1
    assert jalali_season(date(2024, 6, 21)) == 2
    assert jalali_season(date(2024, 9, 22)) == 3
    assert jalali_season(date(2025, 3, 20)) == 4


# --- Parsing ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["1403/01/05", "1403-1-5", "1403.01.5", " 1403 / 1 / 05 ", "۱۴۰۳/۰۱/۰۵", "١٤٠٣-١-٥"],
)
def test_common_jalali_date_spellings_are_parsed(text: str) -> None:
    assert parse_jalali(text) == JalaliDate(1403, 1, 5)


@pytest.mark.parametrize(
    "text",
    [
        "1403/13/01",  # no 13th month
        "1403/07/31",  # Mehr has 30 days
        "1402/12/30",  # 1402 is not leap
        "1403/00/10",
        "1403/01/00",
        "1403/01-05",  # mixed separators
        "03/01/05",  # two-digit year
        "1403/01",
        "",
        "فردا",
    ],
)
def test_invalid_jalali_dates_are_refused_with_value_error(text: str) -> None:
    with pytest.raises(ValueError, match="Jalali date"):
        parse_jalali(text)


def test_thirtieth_of_esfand_parses_in_a_leap_year() -> None:
    assert parse_jalali("1403/12/30").to_gregorian() == date(2025, 3, 20)


# --- Formatting -------------------------------------------------------------------------------


def test_iso_format_is_zero_padded_and_slash_separated() -> None:
    assert JalaliDate(1403, 1, 15).isoformat() == "1403/01/15"
    assert str(JalaliDate(1403, 1, 5)) == "1403/01/05"


def test_dates_are_formatted_with_persian_digits_by_default() -> None:
    assert format_jalali(date(2024, 4, 3)) == "۱۴۰۳/۰۱/۱۵"
    assert format_jalali(date(2024, 4, 3), persian_digits=False) == "1403/01/15"


def test_naive_datetimes_are_formatted_with_time_when_asked() -> None:
    moment = datetime(2024, 4, 3, 9, 5, 30)
    assert format_jalali(moment) == "۱۴۰۳/۰۱/۱۵"
    assert format_jalali(moment, with_time=True) == "۱۴۰۳/۰۱/۱۵ ۰۹:۰۵"
    assert format_jalali(moment, with_time=True, persian_digits=False) == "1403/01/15 09:05"


def test_with_time_is_ignored_for_plain_dates() -> None:
    assert format_jalali(date(2024, 4, 3), with_time=True) == "۱۴۰۳/۰۱/۱۵"


@pytest.mark.skipif(not django_settings_available(), reason="needs Django settings")
def test_aware_datetimes_are_shown_in_the_current_time_zone() -> None:
    # 20:45 UTC on 19 March 2024 is already Nowruz 1403 in Tehran (UTC+03:30).
    moment = datetime(2024, 3, 19, 20, 45, tzinfo=UTC)
    with timezone.override(ZoneInfo("Asia/Tehran")):
        assert format_jalali(moment, with_time=True, persian_digits=False) == "1403/01/01 00:15"
        assert jalali_year(moment) == 1403
    with timezone.override(ZoneInfo("UTC")):
        assert format_jalali(moment, with_time=True, persian_digits=False) == "1402/12/29 20:45"
        assert jalali_year(moment) == 1402


def test_month_and_season_names_are_in_calendar_order() -> None:
    assert len(MONTH_NAMES_FA) == 12
    assert MONTH_NAMES_FA[0] == "فروردین"
    assert MONTH_NAMES_FA[6] == "مهر"
    assert MONTH_NAMES_FA[11] == "اسفند"
    assert SEASON_NAMES_FA == ("بهار", "تابستان", "پاییز", "زمستان")
