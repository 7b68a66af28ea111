"""Persian text helpers: digit conversion, display normalisation and search keys.

People type Persian with Arabic keyboards, paste from PDFs and mix digit scripts, so the same
name can arrive in many byte forms. `normalize_text` gives the canonical display form;
`search_key` folds the remaining harmless variations away for matching.
"""

from __future__ import annotations

import re

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
ASCII_DIGITS = "0123456789"

ZWNJ = "\u200c"

_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, ASCII_DIGITS * 2)
_TO_PERSIAN_DIGITS = str.maketrans(ASCII_DIGITS, PERSIAN_DIGITS)

# Arabic code points that look like Persian letters but sort and compare differently.
_ARABIC_TO_PERSIAN_LETTERS = str.maketrans(
    {
        "\u064a": "\u06cc",  # ي Arabic yeh -> ی Farsi yeh
        "\u0649": "\u06cc",  # ى alef maksura -> ی
        "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
    }
)

# Harakat (incl. the combining hamzas U+0654/U+0655), superscript alef and tatweel: decoration
# that changes the bytes of a word but not the word.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640]")

# Zero-width and bidi control characters, invisible in display and usually pasted by accident.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_ZWNJ_RUN = re.compile(ZWNJ + "+")

# Letter variants that only matter for display, folded for searching.
_SEARCH_LETTER_FOLDS = str.maketrans(
    {
        "\u06c0": "\u0647",  # ۀ heh with yeh above -> ه
        "\u0623": "\u0627",  # أ alef with hamza above -> ا
        "\u0625": "\u0627",  # إ alef with hamza below -> ا (آ stays distinct on purpose)
    }
)


def to_ascii_digits(text: str) -> str:
    """Replace Persian and Arabic-Indic digits with ASCII digits."""
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str) -> str:
    """Replace ASCII digits with Persian digits, leaving everything else untouched."""
    return text.translate(_TO_PERSIAN_DIGITS)


def remove_invisible(text: str) -> str:
    """Drop zero-width and bidi control characters, ZWNJ included."""
    return _INVISIBLE.sub("", text)


def normalize_text(text: str) -> str:
    """Return the canonical display form of Persian text.

    Arabic yeh/kaf become their Persian forms, digits become ASCII, diacritics and tatweel go,
    whitespace collapses to single spaces. ZWNJ is kept (it is part of correct spelling), but
    repeated ZWNJs become one and a ZWNJ touching a space or an end of the text is dropped.
    """
    text = text.translate(_ARABIC_TO_PERSIAN_LETTERS)
    text = to_ascii_digits(text)
    text = _DIACRITICS.sub("", text)
    # A ZWNJ only means something between two letters, so one at a word's edge is noise.
    words = (_ZWNJ_RUN.sub(ZWNJ, word).strip(ZWNJ) for word in text.split())
    return " ".join(word for word in words if word)


def search_key(text: str) -> str:
    """Return a key under which spelling variants of the same text compare equal.

    Use it for lookups and uniqueness checks, never for display.
    """
    text = normalize_text(text).translate(_SEARCH_LETTER_FOLDS)
    # Persian writers join compounds with ZWNJ, a space or nothing ("محمد‌رضا", "محمد رضا",
    # "محمدرضا"), so all separators are dropped for the key to make those spellings equal.
    text = remove_invisible(text).replace(" ", "")
    return text.casefold()
