"""The card edit form, built from the schema: one field per leaf of the form, grouped by
section; lists are one item per line; links are one per line with " | " between columns."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm

from . import labels
from .schema import Card

LINES, TEXT, LONG, INT, NULLBOOL, BOOL, MULTI, CHOICE = (
    "lines",
    "text",
    "long",
    "int",
    "nullbool",
    "bool",
    "multi",
    "choice",
)
INTERNAL_COLUMNS = ("system", "fields", "mode")
EXTERNAL_COLUMNS = ("body", "system", "fields", "fee", "mode", "by_whom")

# (path in the card, kind, label, choices)
SPEC: list[tuple[str, str, Any, Any]] = [
    ("title", LONG, _("Service title"), None),
    ("provider", TEXT, _("Executive body"), None),
    ("parent_body", TEXT, _("Parent body"), None),
    ("description", LONG, _("Description"), None),
    ("audience", LONG, _("Audience"), None),
    ("service_types", MULTI, _("Type of service"), labels.SERVICE_TYPES),
    ("nature", CHOICE, _("Nature"), labels.NATURES),
    ("levels", MULTI, _("Level"), labels.LEVELS),
    ("life_events", MULTI, _("Related life events"), labels.LIFE_EVENTS),
    ("life_events_other", TEXT, _("Other life event"), None),
    ("start_triggers", MULTI, _("How the service starts"), labels.START_TRIGGERS),
    ("start_other", TEXT, _("Other way of starting"), None),
    ("required_documents", LINES, _("Required documents (one per line)"), None),
    ("laws", LINES, _("Governing laws and regulations (one per line)"), None),
    ("statistics.periods", MULTI, _("Recipients counted per"), labels.PERIODS),
    ("statistics.recipients", INT, _("Number of recipients"), None),
    ("statistics.groups", INT, _("Number of groups"), None),
    ("statistics.reference_year", INT, _("Jalali year of the figure"), None),
    ("statistics.text", LONG, _("Recipients, as written"), None),
    ("average_duration", TEXT, _("Average duration"), None),
    ("frequency.once_forever", BOOL, _("Once for ever"), None),
    ("frequency.times", TEXT, _("Times"), None),
    ("frequency.periods", MULTI, _("Frequency per"), labels.PERIODS),
    ("in_person_visits", INT, _("In-person visits"), None),
    ("fees.amounts", TEXT, _("Fee amounts"), None),
    ("fees.bank_accounts", LONG, _("Bank accounts"), None),
    ("fees.electronic_payment", NULLBOOL, _("Electronic payment"), None),
    ("fees.per_capita_rials", INT, _("Per-capita cost (rials)"), None),
    ("fees.cap_rials", INT, _("Cap (rials)"), None),
    ("web_address", TEXT, _("Web address"), None),
    ("system_name", TEXT, _("System name"), None),
]
for stage_code, stage_label in labels.STAGES:
    SPEC += [
        (f"stages.{stage_code}.electronic", NULLBOOL, stage_label, None),
        (f"stages.{stage_code}.channels", MULTI, _("Channels"), labels.CHANNELS),
        (f"stages.{stage_code}.channels_other", TEXT, _("Other channel"), None),
        (
            f"stages.{stage_code}.in_person_reasons",
            MULTI,
            _("Why in person"),
            labels.IN_PERSON_REASONS,
        ),
        (f"stages.{stage_code}.in_person_other", TEXT, _("Other reason"), None),
        (f"stages.{stage_code}.with_other_bodies", NULLBOOL, _("With other bodies"), None),
        (f"stages.{stage_code}.description", LONG, _("Notes on this stage"), None),
    ]
SPEC += [
    ("internal_links", LINES, _("Links to other systems: system | fields | online/batch"), None),
    (
        "external_links",
        LINES,
        _("Links to other bodies: body | system | fields | fee | online/batch/paper | by whom"),
        None,
    ),
    ("process_titles", LINES, _("Process titles, in order (one per line)"), None),
    ("process_diagram", LINES, _("Process diagram steps (one per line)"), None),
    ("filled_by.unit", TEXT, _("Filled in by: unit"), None),
    ("filled_by.person", TEXT, _("Filled in by: person"), None),
    ("filled_by.phone", TEXT, _("Filled in by: phone"), None),
    ("notes", LONG, _("Notes"), None),
]


def _name(path: str) -> str:
    return path.replace(".", "__")


def _get(data: dict[str, Any], path: str) -> Any:
    for part in path.split("."):
        data = data.get(part, {}) if isinstance(data, dict) else {}
    return data


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[leaf] = value


def _field(kind: str, label: Any, choices: Any) -> forms.Field:
    if kind == MULTI:
        return forms.MultipleChoiceField(
            label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple
        )
    if kind == CHOICE:
        return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=False)
    if kind == INT:
        return forms.IntegerField(label=label, required=False, min_value=0)
    if kind == NULLBOOL:
        return forms.NullBooleanField(label=label, required=False)
    if kind == BOOL:
        return forms.BooleanField(label=label, required=False)
    widget = forms.Textarea({"rows": 3}) if kind in (LONG, LINES) else forms.TextInput
    return forms.CharField(label=label, required=False, widget=widget)


def _links_to_text(links: list[dict[str, str]], columns: tuple[str, ...]) -> str:
    return "\n".join(" | ".join(link.get(c, "") for c in columns) for link in links)


def _text_to_links(text: str, columns: tuple[str, ...]) -> list[dict[str, str]]:
    links = []
    for line in text.splitlines():
        if line.strip():
            cells = [c.strip() for c in line.split("|")] + [""] * len(columns)
            links.append(dict(zip(columns, cells[: len(columns)], strict=True)))
    return links


class CardForm(StyledForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(label=_("What changed (for the version history)"), max_length=300)

    def __init__(self, *args: Any, card: Card, based_on: int, **kwargs: Any) -> None:
        data = card.model_dump(mode="json")
        initial = {"based_on": based_on}
        for path, kind, _label, _choices in SPEC:
            value = _get(data, path)
            if path == "internal_links":
                value = _links_to_text(value, INTERNAL_COLUMNS)
            elif path == "external_links":
                value = _links_to_text(value, EXTERNAL_COLUMNS)
            elif kind == LINES:
                value = "\n".join(value or [])
            initial[_name(path)] = value
        super().__init__(*args, initial=initial, **kwargs)
        for path, kind, label, choices in SPEC:
            self.fields[_name(path)] = _field(kind, label, choices)
        self.order_fields(["based_on", "note"])

    def card_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for path, kind, _label, _choices in SPEC:
            value = self.cleaned_data.get(_name(path))
            if path == "internal_links":
                value = _text_to_links(value or "", INTERNAL_COLUMNS)
            elif path == "external_links":
                value = _text_to_links(value or "", EXTERNAL_COLUMNS)
            elif kind == LINES:
                value = [line.strip() for line in (value or "").splitlines() if line.strip()]
            elif kind == CHOICE:
                value = value or None
            elif kind == TEXT or kind == LONG:
                value = (value or "").strip()
            _set(data, path, value)
        return data

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Fields grouped under the form's numbered sections, for the template."""
        groups: dict[str, list[forms.BoundField]] = {}
        for path, _kind, _label, _choices in SPEC:
            head = path.split(".")[0]
            key = f"stages.{path.split('.')[1]}" if head == "stages" else head
            groups.setdefault(SECTION_OF.get(key, "other"), []).append(self[_name(path)])
        return list(groups.items())


SECTION_OF = {
    **{
        k: "1-4"
        for k in (
            "title",
            "provider",
            "parent_body",
            "description",
            "audience",
            "service_types",
            "nature",
            "levels",
            "life_events",
            "life_events_other",
            "start_triggers",
            "start_other",
            "required_documents",
            "laws",
        )
    },
    **{k: "5" for k in ("statistics", "average_duration", "frequency", "in_person_visits", "fees")},
    **{k: "6" for k in ("web_address", "system_name")},
    **{f"stages.{code}": "6" for code, _l in labels.STAGES},
    "internal_links": "7",
    "external_links": "8",
    "process_titles": "9",
    "process_diagram": "9",
    "filled_by": "10",
    "notes": "10",
}


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """dotted path → display string, for comparing two versions row by row."""
    if isinstance(data, dict):
        out: dict[str, str] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}.{key}" if prefix else key))
        return out
    if isinstance(data, list):
        if all(not isinstance(v, dict | list) for v in data):
            return {prefix: "\n".join(str(v) for v in data)}
        out = {}
        for i, value in enumerate(data, 1):
            out.update(flatten(value, f"{prefix}[{i}]"))
        return out
    return {prefix: "" if data is None else str(data)}
