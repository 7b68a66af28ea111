"""Form pieces shared by every app: the Jalali date field and its picker widget."""

from __future__ import annotations

import datetime as dt
from typing import Any, Self

from django import forms
from django.utils.translation import gettext_lazy as _

from .jalali import JalaliDate, parse_jalali
from .persian import to_persian_digits


class JalaliDateInput(forms.TextInput):
    """A text box the Jalali picker (jalalidatepicker, from npm) attaches to via data-jdp."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"data-jdp": "", "autocomplete": "off", "inputmode": "numeric", "dir": "ltr"}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, dt.date):
            return to_persian_digits(JalaliDate.from_gregorian(value).isoformat())
        return super().format_value(value)


class JalaliDateField(forms.DateField):
    """Takes 1403/01/05 in Persian or ASCII digits; cleans to a Gregorian date."""

    widget = JalaliDateInput
    default_error_messages = {
        "invalid": _("Enter a valid Jalali date, for example 1403/01/15."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return parse_jalali(str(value)).to_gregorian()
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc


class StyledForm(forms.Form):
    """Bootstrap classes and error state on every widget, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            if isinstance(widget, forms.RadioSelect):  # radios and multiple checkboxes
                css = "form-check-input"
                # Each option in its own .form-check, wrapping on narrow screens.
                widget.template_name = "core/widgets/choices.html"
                widget.option_template_name = "core/widgets/choice_option.html"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid_widgets()

    def mark_invalid_widgets(self) -> None:
        """Error state (class and aria-invalid) on the widgets of the fields with errors."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                    widget.attrs["aria-invalid"] = "true"


class SharedField:
    """For a form field no form ever changes: every form uses the class's own instance.

    Django gives each form a deep copy of its fields so that one form may change its own (a
    queryset, a widget's attributes); copying ten fields costs more than checking a post. A form
    that only checks what was posted, and is never rendered, changes nothing, so its fields may
    be shared, across threads too: cleaning reads a field and never writes it."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self
