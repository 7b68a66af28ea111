"""Jalali (Solar Hijri) calendar: conversion, periods, parsing and formatting.

The conversion is arithmetic and uses the 33-year leap cycle (years whose remainder mod 33 is
1, 5, 9, 13, 17, 22, 26 or 30 are leap), the same rule jdatetime uses, so both always agree.
The official calendar is astronomical and can differ from this rule in some years far from
today.

Reports and quotas run on Jalali years, seasons and months, while the database stores Gregorian
dates; `period_bounds` bridges the two with half-open [start, end) ranges.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from yavar.core.persian import to_ascii_digits, to_persian_digits

MONTH_NAMES_FA: tuple[str, ...] = (
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
)
SEASON_NAMES_FA: tuple[str, ...] = ("بهار", "تابستان", "پاییز", "زمستان")

MIN_YEAR = 1
# The last Jalali year that ends before datetime.date.max, so every JalaliDate converts.
MAX_YEAR = 9377

_CYCLE_YEARS = 33
_CYCLE_DAYS = 33 * 365 + 8
_LEAP_REMAINDERS = frozenset({1, 5, 9, 13, 17, 22, 26, 30})

# A known Nowruz fixes the arithmetic to the real calendar: 1 Farvardin 1403 = 2024-03-20.
_ANCHOR_YEAR = 1403
_ANCHOR_ORDINAL = date(2024, 3, 20).toordinal()

_FIRST_HALF_DAYS = 6 * 31

_DATE_PATTERN = re.compile(r"\s*([0-9]{4})\s*([/\-.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})\s*")


def is_leap_jalali(year: int) -> bool:
    """Return whether the Jalali year has 366 days (Esfand has 30 days)."""
    return year % _CYCLE_YEARS in _LEAP_REMAINDERS


def month_length(year: int, month: int) -> int:
    """Return the number of days of a Jalali month."""
    if not 1 <= month <= 12:
        raise ValueError(f"Jalali month must be between 1 and 12, not {month}.")
    if month <= 6:
        return 31
    if month <= 11:
        return 30
    return 30 if is_leap_jalali(year) else 29


def _leap_years_before(year: int) -> int:
    """Count leap years in 1..year-1 (years k in 0..year-1 with k mod 33 a leap remainder)."""
    full_cycles, rest = divmod(year, _CYCLE_YEARS)
    return 8 * full_cycles + sum(1 for remainder in _LEAP_REMAINDERS if remainder < rest)


def _days_before_year(year: int) -> int:
    """Days from 1 Farvardin of year 1 to 1 Farvardin of `year`."""
    return 365 * (year - 1) + _leap_years_before(year)


_EPOCH_ORDINAL = _ANCHOR_ORDINAL - _days_before_year(_ANCHOR_YEAR)


def _nowruz_ordinal(year: int) -> int:
    return _EPOCH_ORDINAL + _days_before_year(year)


def _days_before_month(month: int) -> int:
    return 31 * (month - 1) if month <= 7 else _FIRST_HALF_DAYS + 30 * (month - 7)


@dataclass(frozen=True, order=True)
class JalaliDate:
    """A date in the Jalali calendar; always valid once constructed."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(
                f"Jalali year must be between {MIN_YEAR} and {MAX_YEAR}, not {self.year}."
            )
        length = month_length(self.year, self.month)
        if not 1 <= self.day <= length:
            raise ValueError(
                f"Day {self.day} does not exist in month {self.month} of {self.year}; "
                f"that month has {length} days."
            )

    def to_gregorian(self) -> date:
        ordinal = _nowruz_ordinal(self.year) + _days_before_month(self.month) + self.day - 1
        return date.fromordinal(ordinal)

    @classmethod
    def from_gregorian(cls, value: date) -> JalaliDate:
        """Convert a Gregorian date (an aware datetime is first moved to local time)."""
        ordinal = _as_local_date(value).toordinal()
        # The mean-year estimate is off by at most one year; the loops correct it.
        year = (ordinal - _EPOCH_ORDINAL) * _CYCLE_YEARS // _CYCLE_DAYS + 1
        while _nowruz_ordinal(year + 1) <= ordinal:
            year += 1
        while _nowruz_ordinal(year) > ordinal:
            year -= 1
        day_of_year = ordinal - _nowruz_ordinal(year)
        if day_of_year < _FIRST_HALF_DAYS:
            month, day = divmod(day_of_year, 31)
            return cls(year, month + 1, day + 1)
        month, day = divmod(day_of_year - _FIRST_HALF_DAYS, 30)
        return cls(year, month + 7, day + 1)

    def isoformat(self) -> str:
        """Return the date as "1403/01/15"."""
        return f"{self.year:04d}/{self.month:02d}/{self.day:02d}"

    def __str__(self) -> str:
        return self.isoformat()


def _as_local_date(value: date) -> date:
    """Return the calendar date a person in the current time zone would see."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.date()
    return value


def _season_of_month(month: int) -> int:
    return (month - 1) // 3 + 1


def jalali_year(value: date) -> int:
    return JalaliDate.from_gregorian(value).year


def jalali_month(value: date) -> int:
    return JalaliDate.from_gregorian(value).month


def jalali_season(value: date) -> int:
    """Return 1 (spring, months 1-3) to 4 (winter, months 10-12)."""
    return _season_of_month(jalali_month(value))


def _first_day(year: int, month: int) -> date:
    """First Gregorian day of a Jalali month; month 13 means the next year's Farvardin."""
    if month == 13:
        return JalaliDate(year + 1, 1, 1).to_gregorian()
    return JalaliDate(year, month, 1).to_gregorian()


def period_bounds(
    year: int, *, season: int | None = None, month: int | None = None
) -> tuple[date, date]:
    """Return the Gregorian half-open range [start, end) of a Jalali year, season or month."""
    if season is not None and month is not None:
        raise ValueError("Give a season or a month, not both.")
    if season is not None:
        if not 1 <= season <= 4:
            raise ValueError(f"Season must be between 1 and 4, not {season}.")
        first_month = 3 * season - 2
        return _first_day(year, first_month), _first_day(year, first_month + 3)
    if month is not None:
        if not 1 <= month <= 12:
            raise ValueError(f"Jalali month must be between 1 and 12, not {month}.")
        return _first_day(year, month), _first_day(year, month + 1)
    return _first_day(year, 1), _first_day(year, 13)


def parse_jalali(text: str) -> JalaliDate:
    """Parse "1403/01/05", "1403-1-5" or "1403.1.5", in any digit script."""
    match = _DATE_PATTERN.fullmatch(to_ascii_digits(text))
    if match is None:
        raise ValueError(f"{text!r} is not a Jalali date in the form 1403/01/05.")
    year, _separator, month, day = match.groups()
    try:
        return JalaliDate(int(year), int(month), int(day))
    except ValueError as error:
        raise ValueError(f"{text!r} is not a valid Jalali date: {error}") from error


def format_jalali(
    value: date | datetime, *, persian_digits: bool = True, with_time: bool = False
) -> str:
    """Format as "۱۴۰۳/۰۱/۱۵", optionally followed by " ۱۴:۳۰" for datetimes.

    Aware datetimes are shown in the current Django time zone; naive ones are taken as local.
    `with_time` is ignored for plain dates, which have no time to show.
    """
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    text = JalaliDate.from_gregorian(value).isoformat()
    if with_time and isinstance(value, datetime):
        text += f" {value:%H:%M}"
    return to_persian_digits(text) if persian_digits else text
