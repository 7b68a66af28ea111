"""Forms for gifts received in person and for benefactor accounts. They parse and validate
typed input (Persian digits, Jalali dates, identifiers); every rule about records lives in the
services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import JalaliDateField, StyledForm
from yavar.core.money import parse_amount
from yavar.core.persian import to_ascii_digits
from yavar.core.validators import (
    normalize_legal_entity_id,
    normalize_mobile,
    normalize_national_code,
)
from yavar.orgunits.models import OrgUnit

from .benefactors import BenefactorData, benefactor_by_identifier
from .enums import (
    IN_PERSON_CHANNELS,
    BenefactorKind,
    Channel,
    DonationStatus,
    ItemCategory,
    ItemCondition,
    MeasureUnit,
)
from .models import Benefactor, Campaign, Cause

LTR = {"dir": "ltr", "autocomplete": "off"}
NUMERIC = {**LTR, "inputmode": "numeric"}
AMOUNT_HELP = _("Enter the amount in digits, for example 500,000.")
IN_PERSON_CHOICES = [(c.value, c.label) for c in Channel if c.value in IN_PERSON_CHANNELS]


def _unit_label(unit: OrgUnit) -> str:
    return unit.name_fa


def _optional_mobile(value: str) -> str:
    return normalize_mobile(value) if value.strip() else ""


def _whole_number(value: str) -> int:
    try:
        return parse_amount(value, unit="rial")
    except ValueError as exc:
        raise ValidationError(_("Enter a whole number in digits.")) from exc


class _UnitsForm(StyledForm):
    """A form whose unit choices are the units in the user's scope."""

    unit_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.unit_fields:
            field = self.fields[name]
            if units is not None:
                field.queryset = units  # type: ignore[attr-defined]
            field.label_from_instance = _unit_label  # type: ignore[attr-defined]


class _BenefactorPicker(forms.Form):
    """An optional benefactor named by national code, legal ID or mobile."""

    benefactor_code = forms.CharField(
        label=_("Benefactor: national code, national ID or mobile (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(NUMERIC),
    )

    def clean_benefactor_code(self) -> Benefactor | None:
        code = self.cleaned_data.get("benefactor_code", "")
        if not code.strip():
            return None
        benefactor = benefactor_by_identifier(identifier=code)
        if benefactor is None:
            raise ValidationError(_("No benefactor is registered with this number."))
        return benefactor


class InPersonDonationForm(_BenefactorPicker, _UnitsForm):
    unit_fields = ("office",)
    channel = forms.ChoiceField(label=_("How it was received"), choices=IN_PERSON_CHOICES)
    reference = forms.CharField(
        label=_("Receipt-book, terminal, slip or tracking number"),
        max_length=40,
        widget=forms.TextInput(LTR),
    )
    amount = forms.CharField(
        label=_("Amount (rials)"), max_length=20, widget=forms.TextInput(NUMERIC)
    )
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=Cause.objects.filter(active=True))
    campaign = forms.ModelChoiceField(
        label=_("Campaign (optional)"), queryset=Campaign.objects.all(), required=False
    )
    office = forms.ModelChoiceField(label=_("Office that received it"), queryset=OrgUnit.objects)
    received_on = JalaliDateField(label=_("Date received"))
    donor_name = forms.CharField(label=_("Donor's name (optional)"), max_length=150, required=False)
    donor_mobile = forms.CharField(
        label=_("Donor's mobile for the receipt SMS (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({**NUMERIC, "inputmode": "tel"}),
    )
    anonymous = forms.BooleanField(label=_("The donor gives anonymously"), required=False)
    field_order = [
        "channel", "reference", "amount", "cause", "campaign", "office", "received_on",
        "benefactor_code", "donor_name", "donor_mobile", "anonymous",
    ]  # fmt: skip

    def clean_amount(self) -> int:
        try:
            return parse_amount(self.cleaned_data["amount"], unit="rial")
        except ValueError as exc:
            raise ValidationError(AMOUNT_HELP) from exc

    def clean_donor_mobile(self) -> str:
        return _optional_mobile(self.cleaned_data.get("donor_mobile", ""))

    def clean_received_on(self) -> Any:
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."))
        return day


class VoidForm(StyledForm):
    reason = forms.CharField(label=_("Why it is voided"), max_length=300)


class InPersonFilterForm(_UnitsForm):
    unit_fields = ("office",)
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("All channels")), *IN_PERSON_CHOICES], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            ("", _("All")),
            (DonationStatus.PAID.value, DonationStatus.PAID.label),
            (DonationStatus.VOIDED.value, DonationStatus.VOIDED.label),
        ],
        required=False,
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=OrgUnit.objects, required=False, empty_label=_("All offices")
    )
    q = forms.CharField(label=_("Reference or tracking code"), max_length=40, required=False)
    received_from = JalaliDateField(label=_("From"), required=False)
    received_to = JalaliDateField(label=_("To"), required=False)


# --- Benefactors ------------------------------------------------------------------------------


class BenefactorForm(StyledForm):
    """The profile form. On the public pages the mobile is the one just proven, so the field
    is dropped (`with_mobile=False`)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=BenefactorKind.choices)
    name = forms.CharField(label=_("Full name, or the entity's registered name"), max_length=200)
    national_code = forms.CharField(
        label=_("National code (persons)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(NUMERIC),
    )
    legal_id = forms.CharField(
        label=_("National ID (legal entities)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(NUMERIC),
    )
    mobile = forms.CharField(
        label=_("Mobile"), max_length=20, widget=forms.TextInput({**NUMERIC, "inputmode": "tel"})
    )
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    address = forms.CharField(label=_("Address (optional)"), max_length=300, required=False)
    province = forms.ModelChoiceField(
        label=_("Province (optional)"),
        required=False,
        queryset=OrgUnit.objects.filter(kind="province").order_by("name_fa"),
    )
    wants_sms = forms.BooleanField(label=_("Send me receipts by SMS"), required=False)
    wants_paper_receipt = forms.BooleanField(label=_("I also want paper receipts"), required=False)
    anonymous = forms.BooleanField(label=_("Give anonymously by default"), required=False)

    def __init__(self, *args: Any, with_mobile: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_mobile:
            del self.fields["mobile"]
        self.fields["province"].label_from_instance = _unit_label  # type: ignore[attr-defined]

    def clean_mobile(self) -> str:
        return normalize_mobile(self.cleaned_data.get("mobile", ""))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == BenefactorKind.PERSON:
            data["legal_id"] = None
            try:
                data["national_code"] = normalize_national_code(data.get("national_code") or "")
            except ValidationError as error:
                self.add_error("national_code", error)
        elif kind == BenefactorKind.LEGAL:
            data["national_code"] = None
            try:
                data["legal_id"] = normalize_legal_entity_id(data.get("legal_id") or "")
            except ValidationError as error:
                self.add_error("legal_id", error)
        return data

    def to_data(self, *, mobile: str | None = None) -> BenefactorData:
        d = self.cleaned_data
        return BenefactorData(
            kind=d["kind"],
            name=d["name"],
            mobile=mobile or d["mobile"],
            national_code=d.get("national_code"),
            legal_id=d.get("legal_id"),
            email=d.get("email", ""),
            address=d.get("address", ""),
            province=d.get("province"),
            wants_sms=d.get("wants_sms", False),
            wants_paper_receipt=d.get("wants_paper_receipt", False),
            anonymous=d.get("anonymous", False),
        )

    @staticmethod
    def initial_from(benefactor: Benefactor) -> dict[str, Any]:
        return {
            "kind": benefactor.kind,
            "name": benefactor.name,
            "national_code": benefactor.national_code or "",
            "legal_id": benefactor.legal_id or "",
            "mobile": benefactor.mobile,
            "email": benefactor.email,
            "address": benefactor.address,
            "province": benefactor.province_id,
            "wants_sms": benefactor.wants_sms,
            "wants_paper_receipt": benefactor.wants_paper_receipt,
            "anonymous": benefactor.anonymous,
        }


class BenefactorSearchForm(forms.Form):
    q = forms.CharField(
        label=_("National code, national ID, mobile or name"), max_length=100, required=False
    )


class MobileForm(StyledForm):
    mobile = forms.CharField(
        label=_("Your mobile number"),
        max_length=20,
        widget=forms.TextInput({**NUMERIC, "inputmode": "tel", "autocomplete": "tel"}),
    )


class CodeForm(StyledForm):
    code = forms.CharField(
        label=_("The code we texted you"),
        max_length=12,
        widget=forms.TextInput({**NUMERIC, "autocomplete": "one-time-code"}),
    )


# --- Goods and pledges ------------------------------------------------------------------------


class InKindForm(_BenefactorPicker, _UnitsForm):
    unit_fields = ("office",)
    description = forms.CharField(label=_("Description"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=ItemCategory.choices)
    quantity = forms.CharField(label=_("Quantity"), max_length=12, widget=forms.TextInput(NUMERIC))
    measure = forms.ChoiceField(label=_("Unit of measure"), choices=MeasureUnit.choices)
    estimated_value = forms.CharField(
        label=_("Estimated value (rials)"), max_length=20, widget=forms.TextInput(NUMERIC)
    )
    condition = forms.ChoiceField(label=_("Condition"), choices=ItemCondition.choices)
    warehouse_receipt = forms.CharField(
        label=_("Warehouse receipt number"), max_length=40, widget=forms.TextInput(LTR)
    )
    office = forms.ModelChoiceField(label=_("Office that received it"), queryset=OrgUnit.objects)
    received_on = JalaliDateField(label=_("Date received"))
    donor_name = forms.CharField(label=_("Donor's name (optional)"), max_length=150, required=False)
    donor_mobile = forms.CharField(
        label=_("Donor's mobile (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({**NUMERIC, "inputmode": "tel"}),
    )
    field_order = [
        "description", "category", "quantity", "measure", "estimated_value", "condition",
        "warehouse_receipt", "office", "received_on", "benefactor_code", "donor_name",
        "donor_mobile",
    ]  # fmt: skip

    def clean_quantity(self) -> int:
        value = _whole_number(self.cleaned_data["quantity"])
        if value <= 0:
            raise ValidationError(_("Enter a quantity of at least 1."))
        return value

    def clean_estimated_value(self) -> int:
        try:
            return parse_amount(self.cleaned_data["estimated_value"], unit="rial")
        except ValueError as exc:
            raise ValidationError(AMOUNT_HELP) from exc

    def clean_donor_mobile(self) -> str:
        return _optional_mobile(self.cleaned_data.get("donor_mobile", ""))


class DistributionForm(_UnitsForm):
    unit_fields = ("to_centre",)
    quantity = forms.CharField(label=_("Quantity"), max_length=12, widget=forms.TextInput(NUMERIC))
    distributed_on = JalaliDateField(label=_("Date handed over"))
    to_centre = forms.ModelChoiceField(
        label=_("To a centre"), queryset=OrgUnit.objects, required=False
    )
    client_national_code = forms.CharField(
        label=_("Or to a client: national code"),
        max_length=20,
        required=False,
        widget=forms.TextInput(NUMERIC),
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=300, required=False)

    def clean_quantity(self) -> int:
        return _whole_number(self.cleaned_data["quantity"])

    def clean_client_national_code(self) -> str:
        value = self.cleaned_data.get("client_national_code", "")
        return normalize_national_code(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("to_centre")) == bool(data.get("client_national_code")):
            raise ValidationError(
                _("Choose either a centre or a client as the recipient, not both and not neither.")
            )
        return data


class PledgeForm(_UnitsForm):
    unit_fields = ("unit",)
    benefactor_code = forms.CharField(
        label=_("Benefactor: national code, national ID or mobile"),
        max_length=20,
        widget=forms.TextInput(NUMERIC),
    )
    profession = forms.CharField(label=_("Profession"), max_length=100)
    service = forms.CharField(label=_("Service offered"), max_length=200)
    hours_pledged = forms.CharField(
        label=_("Hours pledged"), max_length=6, widget=forms.TextInput(NUMERIC)
    )
    starts_on = JalaliDateField(label=_("From"))
    ends_on = JalaliDateField(label=_("To"))
    unit = forms.ModelChoiceField(label=_("Centre or unit served"), queryset=OrgUnit.objects)

    clean_benefactor_code = _BenefactorPicker.clean_benefactor_code

    def clean_hours_pledged(self) -> int:
        value = _whole_number(self.cleaned_data["hours_pledged"])
        if value <= 0:
            raise ValidationError(_("Enter at least one hour."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The period must end on or after the day it starts."))
        return data


class PledgeDeliveryForm(_UnitsForm):
    unit_fields = ("centre",)
    delivered_on = JalaliDateField(label=_("Date"))
    hours = forms.CharField(label=_("Hours"), max_length=6, widget=forms.TextInput(NUMERIC))
    centre = forms.ModelChoiceField(label=_("Centre"), queryset=OrgUnit.objects)
    people_served = forms.CharField(
        label=_("How many people were served"),
        max_length=6,
        initial="0",
        widget=forms.TextInput(NUMERIC),
    )
    note = forms.CharField(label=_("Note (no names of clients)"), max_length=300, required=False)

    def clean_hours(self) -> int:
        return _whole_number(self.cleaned_data["hours"])

    def clean_people_served(self) -> int:
        return _whole_number(to_ascii_digits(self.cleaned_data["people_served"]) or "0")


# --- Putting mistakes right -------------------------------------------------------------------


class ReasonForm(StyledForm):
    """Cancelling a goods receipt or reversing a handover: the reason stays on record."""

    reason = forms.CharField(label=_("Reason"), max_length=300)


class WithdrawForm(StyledForm):
    ended_on = JalaliDateField(label=_("Ended on"))
    reason = forms.CharField(label=_("Why the pledge ends early"), max_length=300)
