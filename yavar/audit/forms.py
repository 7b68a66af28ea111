from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.persian import to_ascii_digits

from .selectors import TrailFilter


class TrailSearchForm(StyledForm):
    LOG_CHOICES = [("changes", _("Changes")), ("reads", _("Reads of sensitive records"))]

    log = forms.ChoiceField(label=_("Log"), choices=LOG_CHOICES, required=False)
    person = forms.CharField(label=_("Person (national code or ID)"), required=False)
    object_type = forms.CharField(label=_("Object type"), required=False)
    object_id = forms.CharField(label=_("Object ID"), required=False)
    actor = forms.CharField(label=_("Actor (username)"), required=False)
    date_from = JalaliDateField(label=_("From date"), required=False)
    date_to = JalaliDateField(label=_("To date"), required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return data

    def to_filter(self) -> TrailFilter:
        d = self.cleaned_data
        return TrailFilter(
            person=to_ascii_digits(d.get("person", "").strip()),
            object_type=d.get("object_type", "").strip().lower(),
            object_id=to_ascii_digits(d.get("object_id", "").strip()),
            actor=d.get("actor", "").strip(),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
