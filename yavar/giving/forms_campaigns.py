from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.money import parse_amount
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import Method
from .models import Cause


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("Title"), max_length=150)
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=Cause.objects.filter(active=True))
    method = forms.ChoiceField(
        label=_("Method of attracting participation"), choices=Method.choices
    )
    province = forms.ModelChoiceField(
        label=_("Target area (empty: the whole country)"),
        required=False,
        queryset=OrgUnit.objects.none(),
    )
    goal = forms.CharField(
        label=_("Goal (rials)"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "numeric", "dir": "ltr"}),
    )
    starts_on = JalaliDateField(label=_("Starts on"))
    ends_on = JalaliDateField(label=_("Ends on"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Provinces and counties the user may run campaigns in (centres are not targets).
        areas = scope.units(user, Perm.GIVING_CAMPAIGNS).filter(
            kind__in=[UnitKind.PROVINCE, UnitKind.COUNTY]
        )
        field = self.fields["province"]
        field.queryset = areas.order_by("path")  # type: ignore[attr-defined]
        field.label_from_instance = lambda u: u.name_fa  # type: ignore[attr-defined]

    def clean_goal(self) -> int:
        try:
            amount = parse_amount(self.cleaned_data["goal"], unit="rial")
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the amount in digits, for example 500,000.")
            ) from exc
        if amount <= 0:
            raise forms.ValidationError(_("The goal must be more than zero."))
        return amount

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date cannot be before the start date."))
        return data

    def campaign_fields(self) -> dict[str, Any]:
        """The cleaned values under the names the campaign services take."""
        d = self.cleaned_data
        return {
            "cause": d["cause"],
            "title": d["title"],
            "method": d["method"],
            "province": d.get("province"),
            "goal_rials": d["goal"],
            "starts_on": d["starts_on"],
            "ends_on": d["ends_on"],
        }


class CloseForm(StyledForm):
    reason = forms.CharField(label=_("Why it is closed early"), max_length=300)
