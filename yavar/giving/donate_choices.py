"""The donation form's drop-downs, read once and reused while nothing they show has changed.

Under a campaign spike every donor opens the same form, whose causes, running campaigns and 31
provinces change a few times a year. One aggregate query (row counts and the latest
`updated_at` of the three lists, plus today's date for "running") tells whether the lists held
by this process still stand; only then are they reused, so an edit shows on the very next page.
What a donor submits is always checked against the database (donate_post.DonatePost), never against
these lists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db import connection
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .models import Campaign, Cause

Choices = tuple[tuple[Any, str], ...]


@dataclass(frozen=True)
class DonateChoices:
    causes: Choices
    campaigns: Choices
    provinces: Choices


def _version() -> tuple[Any, ...]:
    cause, campaign, unit = (m._meta.db_table for m in (Cause, Campaign, OrgUnit))
    # Table names come from our own models; the one value is a parameter.
    sql = (
        f"SELECT (SELECT COUNT(*) FROM {cause}), (SELECT MAX(updated_at) FROM {cause}), "  # noqa: S608
        f"(SELECT COUNT(*) FROM {campaign}), (SELECT MAX(updated_at) FROM {campaign}), "
        f"(SELECT COUNT(*) FROM {unit} WHERE kind = %s), "
        f"(SELECT MAX(updated_at) FROM {unit} WHERE kind = %s)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [UnitKind.PROVINCE, UnitKind.PROVINCE])
        row = cursor.fetchone()
    return tuple(row) if row else ()


def _read(today: dt.date) -> DonateChoices:
    # Labels as the model choice fields would show them: __str__, provinces by Persian name.
    return DonateChoices(
        causes=tuple(Cause.objects.filter(active=True).order_by("pk").values_list("pk", "title")),
        campaigns=tuple(
            Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today)
            .order_by("pk")
            .values_list("pk", "title")
        ),
        provinces=tuple(
            OrgUnit.objects.filter(kind=UnitKind.PROVINCE)
            .order_by("name_fa")
            .values_list("pk", "name_fa")
        ),
    )


# (key, lists): swapped whole, so threads of one worker never see half an update.
_held: tuple[tuple[Any, ...], DonateChoices] | None = None


def donate_choices() -> DonateChoices:
    global _held
    today = timezone.localdate()
    key = (connection.alias, connection.settings_dict["NAME"], today, *_version())
    held = _held
    if held is not None and held[0] == key:
        return held[1]
    choices = _read(today)
    _held = (key, choices)
    return choices


# Rendered HTML by everything it depends on: a few entries in practice (the donation form's
# fields for a first visit, per language and campaign link; each drop-down per chosen value).
_MEMO_LIMIT = 512
_rendered: dict[tuple[Any, ...], SafeString] = {}


def memo_render(key: tuple[Any, ...], render: Callable[[], str]) -> SafeString:
    """HTML that depends on `key` alone, built once (bounded: an odd key costs one render)."""
    html = _rendered.get(key)
    if html is None:
        html = mark_safe(render())  # noqa: S308 - the output of our own templates
        if len(_rendered) >= _MEMO_LIMIT:
            _rendered.clear()
        _rendered[key] = html
    return html


class MemoSelect(forms.Select):
    """A <select> over a fixed tuple of choices whose HTML is built once per value and
    attributes, instead of one template render per option on every page. `load`, if set,
    supplies the choices when the widget is rendered (and only then)."""

    load: Callable[[], Choices] | None = None

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.load is not None:
            self.choices = self.load()
        key = (
            type(self),
            name,
            tuple(self.format_value(value)),
            tuple(sorted(self.build_attrs(self.attrs, attrs).items())),
            tuple(self.choices),
            get_language(),
        )
        return memo_render(
            key, lambda: super(MemoSelect, self).render(name, value, attrs, renderer)
        )
