from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.persian import normalize_text
from yavar.core.validators import (
    normalize_mobile,
    normalize_national_code,
    normalize_postal_code,
)
from yavar.orgunits.models import OrgUnit

from .enums import (
    DocumentType,
    Education,
    Gender,
    HeadshipReason,
    IdType,
    Literacy,
    Nationality,
    Relation,
)
from .services import PersonData


def _optional(choices: Any) -> list[tuple[str, Any]]:
    return [("", "—"), *choices]


class PersonSearchForm(StyledForm):
    q = forms.CharField(label=_("Name, national code or mobile"), required=False)
    father = forms.CharField(label=_("Father's name"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=_optional(Gender.choices), required=False)
    female_headed = forms.BooleanField(label=_("Female-headed households only"), required=False)


class PersonForm(StyledForm):
    id_type = forms.ChoiceField(label=_("Identity document"), choices=IdType.choices)
    national_code = forms.CharField(label=_("National code"), required=False, max_length=20)
    foreign_id = forms.CharField(label=_("Identity number"), required=False, max_length=20)
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80)
    father_name = forms.CharField(label=_("Father's name"), max_length=80, required=False)
    birth_date = JalaliDateField(label=_("Birth date"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=Nationality.choices)
    literacy = forms.ChoiceField(
        label=_("Literacy"), choices=_optional(Literacy.choices), required=False
    )
    education = forms.ChoiceField(
        label=_("Education"), choices=_optional(Education.choices), required=False
    )
    mobile = forms.CharField(label=_("Mobile"), required=False, max_length=20)
    county: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("County"), queryset=OrgUnit.objects.none()
    )
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea({"rows": 2})
    )
    postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=20)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    confirm_not_duplicate = forms.BooleanField(
        label=_("I have checked: this is not one of the people listed above"), required=False
    )

    def __init__(self, *args: Any, counties: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        county_field = self.fields["county"]
        county_field.queryset = counties  # type: ignore[attr-defined]
        county_field.label_from_instance = lambda unit: unit.name_fa  # type: ignore[attr-defined]
        self.fields["national_code"].widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})
        self.fields["mobile"].widget.attrs.update({"dir": "ltr", "inputmode": "tel"})
        self.fields["postal_code"].widget.attrs.update({"dir": "ltr", "inputmode": "numeric"})

    def clean_national_code(self) -> str | None:
        value = self.cleaned_data.get("national_code", "")
        if self.data.get(self.add_prefix("id_type")) != IdType.NATIONAL_CODE:
            return None
        if not value:
            raise ValidationError(_("Enter the national code."))
        return normalize_national_code(value)

    def clean_mobile(self) -> str:
        value = self.cleaned_data.get("mobile", "")
        return normalize_mobile(value) if value else ""

    def clean_postal_code(self) -> str:
        value = self.cleaned_data.get("postal_code", "")
        return normalize_postal_code(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("id_type") and data["id_type"] != IdType.NATIONAL_CODE:
            if not data.get("foreign_id"):
                self.add_error("foreign_id", _("Enter the identity number."))
        return data

    def person_data(self) -> PersonData:
        d = self.cleaned_data
        return PersonData(
            id_type=d["id_type"],
            national_code=d.get("national_code") or None,
            foreign_id=(d.get("foreign_id") or "").strip()
            if d["id_type"] != IdType.NATIONAL_CODE
            else "",
            first_name=normalize_text(d["first_name"]),
            last_name=normalize_text(d["last_name"]),
            father_name=normalize_text(d.get("father_name", "")),
            birth_date=d.get("birth_date"),
            gender=d["gender"],
            nationality=d["nationality"],
            literacy=d.get("literacy", ""),
            education=d.get("education", ""),
            mobile=d.get("mobile", ""),
            address=d.get("address", "").strip(),
            postal_code=d.get("postal_code", ""),
        )


class HouseholdForm(StyledForm):
    headship_reason = forms.ChoiceField(
        label=_("If a woman heads the household: why"),
        choices=_optional(HeadshipReason.choices),
        required=False,
    )


class MemberForm(StyledForm):
    national_code = forms.CharField(label=_("National code of the member"), max_length=20)
    relation = forms.ChoiceField(
        label=_("Relation to the head"),
        choices=[c for c in Relation.choices if c[0] != Relation.HEAD],
    )

    def clean_national_code(self) -> str:
        return normalize_national_code(self.cleaned_data["national_code"])


class DocumentForm(StyledForm):
    doc_type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    number = forms.CharField(label=_("Number"), required=False, max_length=60)
    issuer = forms.CharField(label=_("Issued by (e.g. the court)"), required=False, max_length=150)
    issued_on = JalaliDateField(label=_("Issued on"), required=False)
    expires_on = JalaliDateField(label=_("Expires on"), required=False)
    file = forms.FileField(label=_("File (PDF, JPEG or PNG, at most 5 MB)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        issued, expires = data.get("issued_on"), data.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", _("The expiry date must not be before the issue date."))
        return data
