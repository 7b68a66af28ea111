from __future__ import annotations

import pytest

from yavar.core.persian import (
    ZWNJ,
    normalize_text,
    remove_invisible,
    search_key,
    to_ascii_digits,
    to_persian_digits,
)


def test_persian_and_arabic_indic_digits_become_ascii() -> None:
    assert to_ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert to_ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert to_ascii_digits("پلاک ۱۲، واحد ٣") == "پلاک 12، واحد 3"


def test_ascii_digits_become_persian_and_other_text_is_left_alone() -> None:
    assert to_persian_digits("0123456789") == "۰۱۲۳۴۵۶۷۸۹"
    assert to_persian_digits("Room 12 / اتاق") == "Room ۱۲ / اتاق"
    assert to_persian_digits("٣") == "٣"


def test_arabic_yeh_and_kaf_are_replaced_with_persian_letters() -> None:
    assert normalize_text("علي") == "علی"
    assert normalize_text("موسى") == "موسی"
    assert normalize_text("كاظم") == "کاظم"


def test_normalize_text_turns_digits_into_ascii() -> None:
    assert normalize_text("کوچه ۱۴ پلاک ٧") == "کوچه 14 پلاک 7"


def test_diacritics_and_tatweel_are_removed() -> None:
    assert normalize_text("مُحَمَّد") == "محمد"
    assert normalize_text("رحمٰن") == "رحمن"
    assert normalize_text("محـــمد") == "محمد"


def test_whitespace_runs_collapse_and_ends_are_stripped() -> None:
    assert normalize_text("  علی \t\n  رضایی\u00a0 ") == "علی رضایی"


def test_normalize_text_keeps_zwnj_between_letters() -> None:
    assert normalize_text(f"محمد{ZWNJ}رضا") == f"محمد{ZWNJ}رضا"
    assert normalize_text(f"می{ZWNJ}روم") == f"می{ZWNJ}روم"


def test_normalize_text_drops_zwnj_that_only_touches_spaces_or_ends() -> None:
    assert normalize_text(f"{ZWNJ}علی {ZWNJ} رضا{ZWNJ}") == "علی رضا"
    assert normalize_text(f"علی{ZWNJ} {ZWNJ}رضا") == "علی رضا"
    assert normalize_text(f"می{ZWNJ}{ZWNJ}روم") == f"می{ZWNJ}روم"


def test_normalize_text_of_blank_input_is_empty() -> None:
    assert normalize_text("") == ""
    assert normalize_text(f" \t{ZWNJ} ") == ""


def test_normalize_text_is_idempotent() -> None:
    text = f"  كتاب‌هاي  مُحَمَّد ۱۲{ZWNJ} "
    assert normalize_text(normalize_text(text)) == normalize_text(text)


@pytest.mark.parametrize("variant", [f"محمد{ZWNJ}رضا", "محمد رضا", "محمدرضا", " محمد  رضا "])
def test_zwnj_space_and_joined_spellings_share_a_search_key(variant: str) -> None:
    assert search_key(variant) == search_key("محمدرضا")


def test_arabic_letter_forms_share_a_search_key_with_persian_ones() -> None:
    assert search_key("علي كريمي") == search_key("علی کریمی")


def test_search_key_ignores_diacritics_and_digit_scripts() -> None:
    assert search_key("مُحَمَّد ۱۲") == search_key("محمد 12")


def test_search_key_folds_heh_with_yeh_and_hamza_alefs() -> None:
    assert search_key("خانۀ") == search_key("خانه")
    assert search_key("أحمد") == search_key("احمد")
    assert search_key("إبراهیم") == search_key("ابراهیم")


def test_search_key_keeps_alef_madda_distinct() -> None:
    assert search_key("آرش") != search_key("ارش")


def test_search_key_removes_zero_width_and_bidi_controls() -> None:
    noisy = "\u200fعلی\u200b\u202b رضا\u202c\u2067\u2069\ufeff\u200e"
    assert search_key(noisy) == search_key("علیرضا")


def test_search_key_casefolds_latin_text() -> None:
    assert search_key("Ali REZAEI") == search_key("ali rezaei")


def test_remove_invisible_keeps_visible_text() -> None:
    assert remove_invisible(f"\u200eمی{ZWNJ}روم\u200f") == "میروم"


def test_digits_filter_leaves_codes_with_latin_letters_as_written() -> None:
    from django.utils import translation

    from yavar.core.templatetags.yavar_format import digits

    with translation.override("fa"):
        assert digits("1405/09/02") == "۱۴۰۵/۰۹/۰۲"
        assert digits("SLIP-E2E-5501") == "SLIP-E2E-5501"
    with translation.override("en"):
        assert digits("1405") == "1405"
