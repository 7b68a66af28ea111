"""Money as integer rials.

Amounts are stored and computed as int rials only: floats lose exactness, and a single unit
avoids the classic ×10 toman/rial mix-ups. Tomans exist only at the edges (input and display).
"""

from __future__ import annotations

import re

from yavar.core.persian import remove_invisible, to_ascii_digits, to_persian_digits

RIALS_PER_TOMAN = 10

_UNIT_FACTORS = {"rial": 1, "toman": RIALS_PER_TOMAN}

# Latin comma, Arabic thousands separator, Arabic comma, and a space (whitespace is collapsed
# to one space before matching).
_GROUP_SEPARATOR = "[,\u066c\u060c ]"
# Either plain digits, or correct groups of three: "12,5" is refused because to many people
# it means twelve and a half, and guessing a factor of 100 in money is not acceptable.
_AMOUNT = re.compile(rf"[0-9]+|[0-9]{{1,3}}(?:{_GROUP_SEPARATOR}[0-9]{{3}})+")
_MINUS_SIGNS = ("-", "\u2212")


def _require_int(amount: int) -> None:
    # bool is an int subclass; True rials is surely a bug.
    if not isinstance(amount, int) or isinstance(amount, bool):
        raise TypeError(f"Money must be an int number of rials, not {type(amount).__name__}.")


def toman_to_rials(tomans: int) -> int:
    _require_int(tomans)
    return tomans * RIALS_PER_TOMAN


def parse_amount(text: str, *, unit: str = "rial") -> int:
    """Parse a non-negative whole amount typed by a person and return it in rials.

    Accepts Persian/Arabic digits and thousands separators (',' '٬' '،' or spaces). Refuses
    negatives, decimals and anything else with ValueError. `unit` is "rial" or "toman".
    """
    factor = _UNIT_FACTORS.get(unit)
    if factor is None:
        raise ValueError(f"Unknown unit {unit!r}; use 'rial' or 'toman'.")
    cleaned = " ".join(remove_invisible(to_ascii_digits(text)).split())
    if any(sign in cleaned for sign in _MINUS_SIGNS):
        raise ValueError("Amounts cannot be negative.")
    if _AMOUNT.fullmatch(cleaned) is None:
        raise ValueError(f"{text!r} is not a whole amount such as 1,250,000.")
    return int(re.sub(_GROUP_SEPARATOR, "", cleaned)) * factor


def format_rials(amount: int, *, persian_digits: bool = True) -> str:
    """Format rials with thousands separators: "۱٬۲۵۰٬۰۰۰" or "1,250,000".

    Negative amounts get a plain ASCII '-' in front ("-۵۰۰") rather than U+2212, so the text
    stays easy to copy into spreadsheets and to search.
    """
    _require_int(amount)
    text = f"{amount:,}"
    if persian_digits:
        text = to_persian_digits(text).replace(",", "\u066c")
    return text
