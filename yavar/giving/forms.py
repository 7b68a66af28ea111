from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from operator import attrgetter
from typing import Any

from django import forms
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm
from yavar.core.money import parse_amount
from yavar.core.validators import normalize_mobile
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import public_counties

from .donate_choices import Choices, DonateChoices, MemoSelect, donate_choices, memo_render
from .models import Campaign, Cause
from .selectors import posted_campaign, posted_cause, posted_cause_and_campaign


def _listed(
    lists: Callable[[], DonateChoices], pick: Callable[[DonateChoices], Choices], empty: Choices
) -> Choices:
    return (*empty, *pick(lists()))


FIELDS_TEMPLATE = "core/form_fields.html"
PERSONAL_INITIAL = ("donor_mobile", "donor_name", "anonymous")


_PK_RANGE = range(1, 2**63)


def _posted_pk(value: Any) -> int:
    """A posted primary key, or 0 (no row has it) for anything else."""
    try:
        pk = int(str(value))
    except ValueError:
        return 0
    return pk if pk in _PK_RANGE else 0


class _PostedChoices:
    """A donation form's posted cause and campaign, read together on first use."""

    def __init__(self, cause_pk: int, campaign_pk: int, today: Any) -> None:
        self.pks, self.today = (cause_pk, campaign_pk), today
        self.found: tuple[Cause | None, Campaign | None] | None = None

    def _both(self) -> tuple[Cause | None, Campaign | None]:
        if self.found is None:
            self.found = posted_cause_and_campaign(*self.pks, today=self.today)
        return self.found

    def cause(self, pk: int) -> Cause | None:
        if pk != self.pks[0]:
            return posted_cause(pk)
        return self._both()[0] if self.pks[1] else posted_cause(pk)

    def campaign(self, pk: int) -> Campaign | None:
        if pk != self.pks[1]:
            return posted_campaign(pk, today=self.today)
        return self._both()[1]


class PostedChoiceField(forms.ModelChoiceField):
    """A model choice whose posted value is looked up by `lookup` (one plain statement, see
    selectors.posted_cause) rather than by compiling the field's queryset on every post. The
    queryset still serves the field everywhere else; the answer and the error are the same."""

    lookup: Callable[[int], Any] | None = None

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values or self.lookup is None:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        pk = _posted_pk(value)
        found = self.lookup(pk) if pk else None
        if found is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return found


class DonateForm(StyledForm):
    """What is submitted is looked up in the database, so an inactive cause or a closed
    campaign is never accepted, whatever list the donor saw."""

    cause = PostedChoiceField(
        label=_("Give to"), queryset=Cause.objects.filter(active=True), widget=MemoSelect
    )
    campaign = PostedChoiceField(
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
    unit = forms.ChoiceField(
        label=_("In"), choices=[("toman", _("tomans")), ("rial", _("rials"))], initial="toman"
    )
    donor_name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    donor_mobile = forms.CharField(
        label=_("Mobile for the receipt SMS (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput({"inputmode": "tel", "dir": "ltr"}),
    )
    anonymous = forms.BooleanField(label=_("Give anonymously"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound:
            # Posted choices are looked up as they stand now: an active cause, a campaign
            # running today (both in one statement when both are posted). A shown form lists
            # them from donate_choices.
            posted = _PostedChoices(
                _posted_pk(self.data.get(self.add_prefix("cause"))),
                _posted_pk(self.data.get(self.add_prefix("campaign"))),
                timezone.localdate(),
            )
            self.fields["cause"].lookup = posted.cause  # type: ignore[attr-defined]
            self.fields["campaign"].lookup = posted.campaign  # type: ignore[attr-defined]
        # Shown lists come from donate_choices, read only if the form is rendered; a posted
        # value is looked up in the database by the field itself.
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

    def clean_donor_mobile(self) -> str:
        value = self.cleaned_data.get("donor_mobile", "")
        return normalize_mobile(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            data["amount_rials"] = parse_amount(
                data.get("amount", ""), unit=data.get("unit", "toman")
            )
        except ValueError:
            self.add_error("amount", _("Enter the amount in digits, for example 500,000."))
        campaign = data.get("campaign")
        if campaign is not None:
            # A campaign's gifts go to its own cause (usually the one posted beside it).
            cause = data.get("cause")
            data["cause"] = (
                cause if getattr(cause, "pk", None) == campaign.cause_id else campaign.cause
            )
        return data


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
