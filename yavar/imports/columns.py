"""Columns of an import and the parsers that turn one cell into one clean value.

A parser takes the raw cell as the reader gives it (str, int, float, bool, date, datetime;
never None or blank: the engine handles empty cells) and returns the clean value or raises
CellInvalid(code, **params). Parsers are plain closures, called once per cell of a 100,000-row
file, so the common case is kept short; pure ones memoise, because real files repeat the same
dates, names and choices thousands of times.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise

from yavar.core.jalali import JalaliDate
from yavar.core.persian import search_key, to_ascii_digits
from yavar.core.validators import normalize_mobile, normalize_national_code, normalize_postal_code

Parser = Callable[[Any], Any]

# Years below this are Jalali (1300s, 1400s), above it Gregorian: no real date is ambiguous.
_GREGORIAN_FROM_YEAR = 1700
_DATE = re.compile(
    r"\s*([0-9]{4})\s*([/\-.])\s*([0-9]{1,2})\s*\2\s*([0-9]{1,2})(?:[ T][0-9:.]+)?\s*"
)
_COMPACT_DATE = re.compile(r"\s*([0-9]{4})([0-9]{2})([0-9]{2})\s*")
# Memoised parsers live as long as the process: their memory is bounded.
_MEMO_LIMIT = 50_000
# A cell that is already the canonical form (the common case in a file from another system)
# skips the general normaliser; anything else still goes through it.
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_CANONICAL_MOBILE = re.compile(r"09[0-9]{9}")
# Ordinal of 1970-01-01, to turn the Unix clock into a day number without a timezone.
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()


class CellInvalid(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def header_key(text: Any) -> str:
    """How a header (or a choice) is matched: spelling, ZWNJ, spaces and punctuation aside."""
    return "".join(ch for ch in search_key(str(text)) if ch.isalnum())


@dataclass(frozen=True)
class Column:
    name: str  # key of the cleaned value
    label: str | Promise  # shown to people (a header of the template file, error reports)
    aliases: tuple[str, ...]  # header spellings, Persian first; matched through header_key
    parse: Parser | None = None  # None: the importer supplies it (it needs per-batch data)
    required: bool = False
    unique: bool = False  # two rows of one file may not share the value
    keys: frozenset[str] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        keys = {header_key(alias) for alias in (*self.aliases, self.name)}
        object.__setattr__(self, "keys", frozenset(keys))

    @property
    def header(self) -> str:
        """The header written into template files: the first (Persian) alias."""
        return self.aliases[0]


def _integral(raw: Any) -> Any:
    """Excel stores typed digits as floats; 12.0 means the text "12"."""
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    return raw


def cell_text(raw: Any) -> str:
    """A cell as the text its author typed (12.0 → "12"), surrounding spaces removed."""
    return str(_integral(raw)).strip()


# --- Text -------------------------------------------------------------------------------------


def text(max_length: int) -> Parser:
    def parse(raw: Any) -> str:
        value = cell_text(raw)
        if len(value) > max_length:
            raise CellInvalid("too_long", limit=max_length)
        if value[:1] == "=":
            # No name or address starts with "="; a formula stored as text would run in the
            # Excel of whoever exports it later.
            raise CellInvalid("formula")
        return value

    return parse


# --- Identifiers ------------------------------------------------------------------------------


def national_code(raw: Any) -> str:
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        raw = _integral(raw)
        # A number cell has lost its leading zeros to Excel, not to the typist, so they are
        # put back; the check digit still has to hold.
        if not isinstance(raw, int) or not 0 < raw < 10**10:
            raise CellInvalid("invalid_national_code")
        raw = f"{raw:010d}"
    elif raw.__class__ is str and _TEN_DIGITS.fullmatch(raw):
        # What normalize_national_code checks, for input it would leave as it is.
        d = raw.encode()
        # Σ digit × (10 − position) over the first nine; 48 is "0" and 54 the sum of weights.
        total = (
            10 * d[0] + 9 * d[1] + 8 * d[2] + 7 * d[3] + 6 * d[4]
            + 5 * d[5] + 4 * d[6] + 3 * d[7] + 2 * d[8] - 48 * 54
        ) % 11  # fmt: skip
        if (total if total < 2 else 11 - total) == d[9] - 48 and raw.count(raw[0]) != 10:
            return raw
        raise CellInvalid("invalid_national_code")
    try:
        return normalize_national_code(raw)
    except ValidationError:
        raise CellInvalid("invalid_national_code") from None


def mobile(raw: Any) -> str:
    if raw.__class__ is str and _CANONICAL_MOBILE.fullmatch(raw):
        return raw
    try:
        return normalize_mobile(str(_integral(raw)))
    except ValidationError:
        raise CellInvalid("invalid_mobile") from None


def postal_code(raw: Any) -> str:
    if raw.__class__ is str and _TEN_DIGITS.fullmatch(raw):
        # normalize_postal_code's rules: not starting with 0, not one digit repeated.
        if raw[0] != "0" and raw.count(raw[0]) != 10:
            return raw
        raise CellInvalid("invalid_postal_code")
    try:
        return normalize_postal_code(str(_integral(raw)))
    except ValidationError:
        raise CellInvalid("invalid_postal_code") from None


# --- Dates ------------------------------------------------------------------------------------


def _date_from_text(value: str) -> dt.date:
    match = _DATE.fullmatch(value) or _COMPACT_DATE.fullmatch(value)
    if match is None:
        raise CellInvalid("invalid_date")
    groups = match.groups()
    year, month, day = int(groups[0]), int(groups[-2]), int(groups[-1])
    try:
        if year < _GREGORIAN_FROM_YEAR:
            return JalaliDate(year, month, day).to_gregorian()
        return dt.date(year, month, day)
    except ValueError:
        raise CellInvalid("invalid_date") from None


def date(*, earliest: dt.date, latest_today: bool = True) -> Parser:
    """A date written as Jalali (1370/05/12) or Gregorian (1991-08-03), in any digit script,
    or an Excel date cell. Dates before `earliest` or (if asked) after today are refused."""
    # Text → date is pure, so it is memoised for the life of the process (bounded); the range
    # check is not, because "today" moves.
    memo: dict[Any, dt.date | CellInvalid] = {}

    def check(value: dt.date) -> dt.date:
        if value < earliest:
            raise CellInvalid("date_out_of_range")
        # Today, wherever the clock's timezone is, is at least the UTC day before: older dates
        # need no look-up of the current timezone (~5 µs a cell, half a second a file).
        if latest_today and value.toordinal() >= time.time() // 86400 + _EPOCH_ORDINAL - 1:
            if value > timezone.localdate():
                raise CellInvalid("date_out_of_range")
        return value

    def parse(raw: Any) -> dt.date:
        if isinstance(raw, dt.datetime):
            return check(raw.date())
        if isinstance(raw, dt.date):
            return check(raw)
        found = memo.get(raw)
        if found is None:
            try:
                found = _date_from_text(to_ascii_digits(str(_integral(raw))))
            except CellInvalid as error:
                found = error
            if len(memo) < _MEMO_LIMIT:
                memo[raw] = found
        if isinstance(found, CellInvalid):
            raise found
        return check(found)

    return parse


# --- Choices ----------------------------------------------------------------------------------


def choice(mapping: Mapping[str, str], labels: Iterable[tuple[str, Any]] = ()) -> Parser:
    """One of a closed set. `mapping` is spelling → value; `labels` are (value, label) pairs
    (a TextChoices' .choices) whose values and labels, in every UI language, are accepted too."""
    # Plain str values, not enum members (TextChoices are str subclasses): staging and the
    # database drivers take exact types fastest.
    plain = str.__str__
    table = {header_key(spelling): plain(value) for spelling, value in mapping.items()}
    labels = [(plain(value), label) for value, label in labels]
    for value, _label in labels:
        table.setdefault(header_key(value), value)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for value, label in labels:
                table.setdefault(header_key(label), value)
    memo: dict[Any, str | None] = {}

    def parse(raw: Any) -> str:
        try:
            found = memo[raw]
        except KeyError:
            found = table.get(header_key(_integral(raw)))
            if len(memo) < _MEMO_LIMIT:
                memo[raw] = found
        if found is None:
            raise CellInvalid("invalid_choice", value=str(raw)[:40])
        return found

    return parse
