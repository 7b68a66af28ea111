from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from operator import attrgetter
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm
from yavar.core.money import parse_amount
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import public_counties

from .donate_choices import Choices, DonateChoices, MemoSelect, donate_choices, memo_render
from .donate_post import UNITS, DonatePost
from .models import Campaign, Cause


def _listed(
    lists: Callable[[], DonateChoices], pick: Callable[[DonateChoices], Choices], empty: Choices
) -> Choices:
    return (*empty, *pick(lists()))


FIELDS_TEMPLATE = "core/form_fields.html"
PERSONAL_INITIAL = ("donor_mobile", "donor_name", "anonymous")


class DonateForm(StyledForm):
    """The donation form as a page shows it. A post is checked by `DonatePost` (donate_post),
    whose errors and cleaned data this form takes: given one already checked (`checked`), or
    checking one itself."""

    cause = forms.ModelChoiceField(
        label=_("Give to"), queryset=Cause.objects.filter(active=True), widget=MemoSelect
    )
    campaign = forms.ModelChoiceField(
        label=_("Campaign (optional)"),
        queryset=Campaign.objects.none(),
        required=False,
        widget=MemoSelect,
    )
    province = forms.ModelChoiceField(
        label=_("Province (optional)"),
        required=False,
        queryset=OrgUnit.objects.filter(kind="province"),
        widget=MemoSelect,
    )
    # Filled from the province chosen (donate_counties); the service checks the pair.
    county = forms.ModelChoiceField(
        label=_("County (optional)"),
        required=False,
        queryset=OrgUnit.objects.filter(kind=UnitKind.COUNTY, active=True),
    )
    amount = forms.CharField(
        label=_("Amount"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}),
    )
    unit = forms.ChoiceField(label=_("In"), choices=UNITS, initial="toman")
    donor_name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    donor_mobile = forms.CharField(
        label=_("Mobile for the receipt SMS (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"inputmode": "tel", "dir": "ltr"}),
    )
    anonymous = forms.BooleanField(label=_("Give anonymously"), required=False)

    def __init__(self, *args: Any, checked: DonatePost | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._checked = checked
        # Shown lists come from donate_choices, read only if the form is rendered; a posted
        # value is looked up in the database by DonatePost.
        self._lists = lists = cache(donate_choices)  # once per form, not once per drop-down
        for name, pick in (
            ("cause", attrgetter("causes")),
            ("campaign", attrgetter("campaigns")),
            ("province", attrgetter("provinces")),
        ):
            field: Any = self.fields[name]
            empty = () if field.empty_label is None else (("", field.empty_label),)
            field.widget.load = partial(_listed, lists, pick, empty)
        self.fields["province"].widget.attrs.update(
            {
                "hx-get": reverse("giving:donate_counties"),
                "hx-target": "#id_county",
                "hx-trigger": "change",
            }
        )
        # No counties listed until a province is chosen; a donor who posts one gets its list
        # back with the form.
        province_id = str(self.data.get("province", "")) if self.is_bound else ""
        self.fields["county"].widget.choices = lambda: [  # read only if the form is rendered
            ("", "---------"),
            *((c.pk, c.name_fa) for c in public_counties(province_id=province_id)),
        ]

    def lists(self) -> DonateChoices:
        """The drop-downs' lists this form shows (read once per form)."""
        return self._lists()

    def is_personal(self) -> bool:
        """Whether the form holds anything of the visitor's own: something posted, or the
        mobile they proved and their profile's defaults."""
        return self.is_bound or any(self.initial.get(k) for k in PERSONAL_INITIAL)

    def fields_html(self) -> SafeString:
        """The fields as core/form_fields.html renders them. A visitor who brings nothing of
        their own gets the same HTML as every other one for the same language, campaign link
        and lists, so that is built once; anything personal is rendered afresh and never
        held."""
        if self.is_personal():
            return render_to_string(FIELDS_TEMPLATE, {"form": self})
        key = (get_language(), str(self.initial.get("campaign") or ""), self._lists())
        return memo_render(key, lambda: render_to_string(FIELDS_TEMPLATE, {"form": self}))

    def full_clean(self) -> None:
        if not self.is_bound:
            super().full_clean()
            return
        checked = self._checked if self._checked is not None else DonatePost(self.data)
        self._errors = checked.errors
        self.cleaned_data = checked.cleaned_data
        self.mark_invalid_widgets()


class AllocationForm(StyledForm):
    cause = forms.ModelChoiceField(label=_("Cause"), queryset=Cause.objects.all())
    province = forms.ModelChoiceField(
        label=_("Province (optional)"),
        required=False,
        queryset=OrgUnit.objects.filter(kind="province").order_by("name_fa"),
    )
    amount = forms.CharField(
        label=_("Amount (rials)"),
        max_length=20,
        widget=forms.TextInput({"inputmode": "numeric", "dir": "ltr"}),
    )
    purpose = forms.CharField(label=_("What it pays for"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].label_from_instance = lambda u: u.name_fa  # type: ignore[attr-defined]

    def clean_amount(self) -> int:
        try:
            return parse_amount(self.cleaned_data["amount"], unit="rial")
        except ValueError as exc:
            raise forms.ValidationError(
                _("Enter the amount in digits, for example 500,000.")
            ) from exc
