from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.persian import normalize_text
from yavar.core.validators import normalize_national_code
from yavar.orgunits.models import OrgUnit
from yavar.people.services import PersonData

from . import risk
from .enums import (
    ContactMethod,
    Decision,
    DischargeReason,
    Perpetrator,
    ReferralSource,
    ServiceKind,
    ViolenceType,
)


class CaseOpenForm(StyledForm):
    house: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Safe house"), queryset=OrgUnit.objects.none()
    )
    national_code = forms.CharField(label=_("National code"), max_length=20)
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    father_name = forms.CharField(label=_("Father's name"), max_length=80, required=False)
    birth_date = JalaliDateField(label=_("Birth date"), required=False)
    referral_source = forms.ChoiceField(label=_("Referred by"), choices=ReferralSource.choices)
    referring_body = forms.CharField(label=_("Referring body"), max_length=150, required=False)
    referral_reference = forms.CharField(label=_("Their reference"), max_length=60, required=False)
    request_note = forms.CharField(
        label=_("Her request, in her words"), required=False, widget=forms.Textarea({"rows": 3})
    )
    safe_contact = forms.ChoiceField(
        label=_("Safe way to contact her"), choices=ContactMethod.choices
    )
    safe_contact_detail = forms.CharField(label=_("Contact detail"), max_length=150, required=False)

    def __init__(self, *args: Any, houses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["house"]
        field.queryset = houses  # type: ignore[attr-defined]
        field.label_from_instance = lambda unit: unit.name_fa  # type: ignore[attr-defined]
        if len(houses) == 1:  # staff of one house: nothing to choose
            field.initial = houses[0].pk

    def clean_national_code(self) -> str:
        return normalize_national_code(self.cleaned_data["national_code"])

    def person_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            national_code=d["national_code"],
            first_name=normalize_text(d["first_name"]),
            last_name=normalize_text(d["last_name"]),
            father_name=normalize_text(d["father_name"]),
            birth_date=d["birth_date"],
            gender="female",
        )


class IntakeForm(StyledForm):
    violence_types = forms.MultipleChoiceField(
        label=_("Types of violence"),
        choices=ViolenceType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    perpetrator = forms.ChoiceField(
        label=_("Relation to the perpetrator"), choices=Perpetrator.choices
    )
    risks = forms.MultipleChoiceField(
        label=_("Danger checklist: tick every yes"),
        required=False,
        choices=[(item.code, item.question) for item in risk.ITEMS],
        widget=forms.CheckboxSelectMultiple,
    )
    children = forms.IntegerField(
        label=_("Accompanying children"), min_value=0, max_value=12, initial=0
    )
    health_needs = forms.CharField(
        label=_("Health needs"), required=False, widget=forms.Textarea({"rows": 2})
    )
    legal_needs = forms.CharField(
        label=_("Legal needs"), required=False, widget=forms.Textarea({"rows": 2})
    )


class DecisionForm(StyledForm):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class AdmitForm(StyledForm):
    children_with_her = forms.IntegerField(
        label=_("Children staying with her"), min_value=0, max_value=12, initial=0
    )


class ServiceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Service"), choices=ServiceKind.choices)
    on = JalaliDateField(label=_("Date"))
    topic = forms.CharField(label=_("Topic / curriculum unit"), required=False, max_length=150)
    court = forms.CharField(label=_("Court"), required=False, max_length=150)
    court_case_number = forms.CharField(label=_("Court case number"), required=False, max_length=60)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea({"rows": 2}))


class ConsentForm(StyledForm):
    recipient = forms.CharField(label=_("Shared with"), max_length=150)
    purpose = forms.CharField(label=_("For"), max_length=200)
    given_on = JalaliDateField(label=_("Given on"))
    expires_on = JalaliDateField(label=_("Valid until"))


class ReferralForm(StyledForm):
    to_body = forms.CharField(label=_("Referred to"), max_length=150)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea({"rows": 2}))
    due_on = JalaliDateField(label=_("Feedback due by"))


class FeedbackForm(StyledForm):
    feedback = forms.CharField(label=_("Their feedback"), widget=forms.Textarea({"rows": 2}))
    on = JalaliDateField(label=_("Date"))


class SafetyPlanForm(StyledForm):
    plan = forms.CharField(label=_("Safety plan"), widget=forms.Textarea({"rows": 4}))


class DischargeForm(StyledForm):
    reason = forms.ChoiceField(label=_("Discharge reason"), choices=DischargeReason.choices)
    destination = forms.CharField(label=_("Where she went"), max_length=150)


class FollowUpForm(StyledForm):
    on = JalaliDateField(label=_("Date"))
    method = forms.ChoiceField(label=_("How"), choices=ContactMethod.choices)
    outcome = forms.CharField(label=_("How she is"), widget=forms.Textarea({"rows": 2}))


class ExtendForm(StyledForm):
    until = JalaliDateField(label=_("Stay approved until"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))


class BreakGlassForm(StyledForm):
    case_code = forms.CharField(label=_("Case code"), max_length=20)
    reason = forms.CharField(
        label=_("Why you need this case now (it is shown to the provincial focal point)"),
        widget=forms.Textarea({"rows": 3}),
        min_length=10,
    )
