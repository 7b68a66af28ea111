from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.validators import normalize_mobile, normalize_national_code
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import MAX_HOURS_PER_DAY, DayPart, Gender, Skill, VolunteerStatus, Weekday

AVAILABILITY_CHOICES = [
    (f"{day}_{part}", f"{day_label} — {part_label}")
    for day, day_label in Weekday.choices
    for part, part_label in DayPart.choices
]


class MobileForm(StyledForm):
    mobile = forms.CharField(
        label=_("Mobile number"), max_length=20, widget=forms.TextInput(attrs={"dir": "ltr"})
    )

    def clean_mobile(self) -> str:
        try:
            return normalize_mobile(self.cleaned_data["mobile"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("The code we texted you"),
        max_length=10,
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric"}),
    )


def _provinces() -> Any:
    return OrgUnit.objects.filter(kind=UnitKind.PROVINCE, active=True).order_by("name_fa")


class JoinForm(StyledForm):
    national_code = forms.CharField(
        label=_("National code"), max_length=20, widget=forms.TextInput(attrs={"dir": "ltr"})
    )
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    father_name = forms.CharField(label=_("Father's name"), max_length=80)
    birth_date = JalaliDateField(label=_("Birth date"))
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    province = forms.ModelChoiceField(label=_("Province"), queryset=OrgUnit.objects.none())
    county = forms.ModelChoiceField(
        label=_("County"), queryset=OrgUnit.objects.filter(kind=UnitKind.COUNTY, active=True)
    )
    skills = forms.MultipleChoiceField(
        label=_("Skills"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    skills_other = forms.CharField(label=_("Other skills"), max_length=200, required=False)
    availability = forms.MultipleChoiceField(
        label=_("When you are free each week"),
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
    )
    willing_children = forms.BooleanField(
        label=_("I am willing to work with children"), required=False
    )
    willing_safe_house = forms.BooleanField(
        label=_("I am willing to work with women in safe houses"), required=False
    )
    motivation = forms.CharField(
        label=_("Why do you want to volunteer?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = _provinces()
        province_id = self.data.get("province") if self.is_bound else None
        if province_id and str(province_id).isdigit():
            cast(forms.ModelChoiceField, self.fields["county"]).queryset = OrgUnit.objects.filter(
                kind=UnitKind.COUNTY, parent_id=int(province_id), active=True
            ).order_by("name_fa")
        else:
            # No counties until a province is chosen (the server then sends its list): a county
            # picked from a full list would be wiped by that list arriving a moment later.
            self.fields["county"].widget.choices = [("", "---------")]
        self.fields["province"].widget.attrs.update(
            {"hx-get": "counties/", "hx-target": "#id_county", "hx-trigger": "change"}
        )

    def clean_national_code(self) -> str:
        try:
            return normalize_national_code(self.cleaned_data["national_code"])
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        province, county = data.get("province"), data.get("county")
        if province and county and county.parent_id != province.pk:
            self.add_error("county", _("The county chosen is not in the province chosen."))
        if not data.get("skills") and not data.get("skills_other", "").strip():
            self.add_error("skills", _("Choose at least one skill or describe yours."))
        return data


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *list(VolunteerStatus.choices)], required=False
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=OrgUnit.objects.none(), required=False
    )
    skill = forms.ChoiceField(
        label=_("Skill"), choices=[("", _("All")), *list(Skill.choices)], required=False
    )
    cleared = forms.ChoiceField(
        label=_("Clearance"),
        choices=[("", _("All")), ("yes", _("Valid clearance")), ("no", _("No valid clearance"))],
        required=False,
    )

    def __init__(self, *args: Any, provinces: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["province"]).queryset = provinces
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"


class ReasonForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class NoteForm(StyledForm):
    reason = forms.CharField(
        label=_("Note (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InterviewForm(StyledForm):
    notes = forms.CharField(
        label=_("Interview notes"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClearanceForm(StyledForm):
    reference = forms.CharField(
        label=_("Clearance reference (for example the police certificate number)"),
        max_length=60,
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    issued_on = JalaliDateField(label=_("Issued on"))
    expires_on = JalaliDateField(label=_("Expires on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("issued_on") and data.get("expires_on"):
            if data["expires_on"] <= data["issued_on"]:
                self.add_error("expires_on", _("The expiry must be after the issue date."))
        return data


class AssignmentForm(StyledForm):
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=OrgUnit.objects.none())
    programme = forms.ChoiceField(label=_("Programme"), choices=())
    task = forms.CharField(
        label=_("Role and task"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    with_children = forms.BooleanField(label=_("Works with children"), required=False)
    starts_on = JalaliDateField(label=_("From"))
    ends_on = JalaliDateField(label=_("To"))

    def __init__(
        self, *args: Any, centres: Any, programmes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["centre"]).queryset = centres
        cast(forms.ChoiceField, self.fields["programme"]).choices = programmes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The end date must not be before the start date."))
        return data


class EndAssignmentForm(StyledForm):
    reason = forms.CharField(label=_("Reason for ending"), max_length=1000)
    ended_on = JalaliDateField(label=_("Ended on"), required=False)


class HoursForm(StyledForm):
    on = JalaliDateField(label=_("Date"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(MAX_HOURS_PER_DAY),
        decimal_places=1,
        max_digits=4,
    )
    activity = forms.CharField(label=_("Activity"), max_length=300)


class VolunteerHoursForm(HoursForm):
    assignment = forms.TypedChoiceField(label=_("Assignment"), coerce=int, choices=())

    def __init__(self, *args: Any, assignments: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["assignment"]).choices = assignments
