"""A posted donation form, checked without building the form a page shows.

Under a campaign spike nearly every post is valid and answered with a redirect to the bank, so
nothing of `forms.DonateForm`'s display (its model choice fields and their querysets, widget
classes, the drop-down lists) is needed to take it. `DonatePost` holds the rules a donation
form's post is checked by, on fields every post shares (`core.forms.SharedField`); a post that
fails, or that the service refuses, is shown through a `DonateForm` that takes this one's
errors (`DonateForm(data, checked=post)`), so the rules live here alone.

What is posted is looked up in the database: an active cause, a campaign running today (both
in one statement, or this process's last reading of the pair: `known_choices`, whose facts a
web donation's insert checks again in its own statement), a province, a county; an inactive
cause or a closed campaign is refused whatever list the donor saw.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import SharedField
from yavar.core.money import parse_amount
from yavar.core.validators import normalize_mobile
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import public_county, public_province

from .known_choices import known_cause_and_campaign
from .models import Campaign, Cause
from .selectors import posted_campaign, posted_cause

UNITS = [("toman", _("tomans")), ("rial", _("rials"))]

# The model choice fields' own message, so a refused choice reads the same as on any form.
INVALID_CHOICE = forms.ModelChoiceField.default_error_messages["invalid_choice"]

_PK_RANGE = range(1, 2**63)


def posted_pk(value: Any) -> int:
    """A posted primary key, or 0 (no row has it) for anything else."""
    try:
        pk = int(str(value))
    except ValueError:
        return 0
    return pk if pk in _PK_RANGE else 0


class _PostedChoices:
    """A post's cause and campaign, read together on first use."""

    def __init__(self, cause_pk: int, campaign_pk: int, today: Any) -> None:
        self.pks, self.today = (cause_pk, campaign_pk), today
        self.found: tuple[Cause | None, Campaign | None] | None = None

    def _both(self) -> tuple[Cause | None, Campaign | None]:
        if self.found is None:
            self.found = known_cause_and_campaign(*self.pks, today=self.today)
        return self.found

    def cause(self, pk: int) -> Cause | None:
        return self._both()[0] if pk == self.pks[0] else posted_cause(pk)

    def campaign(self, pk: int) -> Campaign | None:
        if pk != self.pks[1]:
            return posted_campaign(pk, today=self.today)
        return self._both()[1]


def _refused(value: Any) -> forms.ValidationError:
    return forms.ValidationError(INVALID_CHOICE, code="invalid_choice", params={"value": value})


class _Key(SharedField, forms.Field):
    """A posted primary key (looked up by the form): the key, None if left empty."""

    def to_python(self, value: Any) -> tuple[int, Any] | None:
        if value in self.empty_values:
            return None
        ProhibitNullCharactersValidator()(value)
        return (posted_pk(value), value)  # the value as posted, for the refusal's message


class _Text(SharedField, forms.CharField):
    pass


class _Choice(SharedField, forms.ChoiceField):
    pass


class _Flag(SharedField, forms.BooleanField):
    pass


class DonatePost(forms.Form):
    cause = _Key()
    campaign = _Key(required=False)
    province = _Key(required=False)
    county = _Key(required=False)
    amount = _Text(max_length=20)
    unit = _Choice(choices=UNITS)
    donor_name = _Text(max_length=150, required=False)
    donor_mobile = _Text(max_length=20, required=False)
    anonymous = _Flag(required=False)

    def __init__(self, data: Any) -> None:
        super().__init__(data)
        self._posted = _PostedChoices(
            posted_pk(self.data.get("cause")),
            posted_pk(self.data.get("campaign")),
            timezone.localdate(),
        )

    @staticmethod
    def _found(posted: tuple[int, Any] | None, lookup: Any) -> Any:
        if posted is None:
            return None
        pk, value = posted
        found = lookup(pk) if pk else None
        if found is None:
            raise _refused(value)
        return found

    def clean_cause(self) -> Cause:
        return self._found(self.cleaned_data["cause"], self._posted.cause)

    def clean_campaign(self) -> Campaign | None:
        return self._found(self.cleaned_data["campaign"], self._posted.campaign)

    def clean_province(self) -> OrgUnit | None:
        return self._found(self.cleaned_data["province"], public_province)

    def clean_county(self) -> OrgUnit | None:
        return self._found(self.cleaned_data["county"], public_county)

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
