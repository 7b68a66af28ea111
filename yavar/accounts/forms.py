from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm
from yavar.core.persian import to_ascii_digits

from .models import ApiToken
from .roles import Role, spec


class LoginForm(StyledForm):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TokenForm(StyledForm):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "dir": "ltr",
            }
        ),
    )

    def clean_token(self) -> str:
        token = to_ascii_digits(self.cleaned_data["token"]).replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits shown in your authenticator app."))
        return token


class ApiTokenIssueForm(StyledForm):
    name = forms.CharField(label=_("Name of the client system"), max_length=100)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(r.value, r.label) for r in Role if not spec(r).interactive],
    )
    org_unit_code = forms.CharField(label=_("Unit code"), initial="HQ", max_length=32)


class ApiTokenRevokeForm(forms.Form):
    token_id = forms.ModelChoiceField(queryset=ApiToken.objects.filter(revoked_at__isnull=True))
