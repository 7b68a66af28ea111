from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm
from yavar.core.persian import to_ascii_digits
from yavar.orgunits.models import OrgUnit

from ..models import Campaign, Cause
from .enums import MISSING_AFTER_DAYS, ExclusionReason


class ManualMatchForm(StyledForm):
    tracking_code = forms.CharField(
        label=_("Tracking code of the donation"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )

    def clean_tracking_code(self) -> str:
        value = to_ascii_digits(self.cleaned_data["tracking_code"]).strip()
        if not value.isdigit():
            raise forms.ValidationError(_("Enter the donation's tracking code in digits."))
        return value


class ExcludeForm(StyledForm):
    reason = forms.ChoiceField(label=_("What it is"), choices=ExclusionReason.choices)
    note = forms.CharField(label=_("Note"), max_length=300)


class ReasonForm(StyledForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class DismissForm(StyledForm):
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RecordDonationForm(StyledForm):
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=Cause.objects.filter(active=True))
    campaign = forms.ModelChoiceField(
        label=_("Campaign (optional)"), queryset=Campaign.objects.all(), required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province (optional)"),
        required=False,
        queryset=OrgUnit.objects.filter(kind="province").order_by("name_fa"),
    )
    donor_name = forms.CharField(label=_("Donor's name (optional)"), max_length=150, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].label_from_instance = lambda u: u.name_fa  # type: ignore[attr-defined]


class MissingForm(forms.Form):
    days = forms.IntegerField(min_value=0, max_value=3650, required=False)

    def days_or_default(self) -> int:
        if self.is_valid() and self.cleaned_data["days"] is not None:
            return int(self.cleaned_data["days"])
        return MISSING_AFTER_DAYS
