"""Display filters: Jalali dates, Persian digits and rials in the Persian UI.

Loaded as a template builtin, so every template can write `{{ value|jdate }}`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from yavar.core.jalali import format_jalali
from yavar.core.money import format_rials
from yavar.core.persian import to_persian_digits

register = template.Library()


def persian_ui() -> bool:
    return (get_language() or "fa").startswith("fa")


_LATIN = re.compile("[A-Za-z]")


@register.filter
def digits(value: Any) -> str:
    """Persian digits in the Persian UI, ASCII otherwise. A code with Latin letters in it
    (a slip number like "SLIP-E2E-5501") is left as written: mixed scripts misread."""
    if value is None:
        return ""
    text = str(value)
    if not persian_ui() or _LATIN.search(text):
        return text
    return to_persian_digits(text)


@register.filter
def number(value: Any) -> str:
    """An integer with thousands separators in the UI's digits."""
    if value in (None, ""):
        return ""
    text = f"{int(value):,}"
    return to_persian_digits(text.replace(",", "٬")) if persian_ui() else text


@register.filter
def rials(value: Any) -> str:
    if value in (None, ""):
        return ""
    return format_rials(int(value), persian_digits=persian_ui())


@register.filter
def jdate(value: Any) -> str:
    """Jalali date (yyyy/mm/dd) for a date or datetime; Gregorian ISO in the English UI is
    still Jalali, because Jalali is the organisation's calendar in both languages."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return format_jalali(value, persian_digits=persian_ui())


@register.filter
def jdatetime(value: Any) -> str:
    if not value:
        return ""
    return format_jalali(value, persian_digits=persian_ui(), with_time=True)


@register.simple_tag
def jalali_today() -> str:
    return jdate(timezone.localdate())
