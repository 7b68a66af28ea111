from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError
from yavar.orgunits.models import OrgUnit

from . import services
from .forms import ApiTokenIssueForm, ApiTokenRevokeForm, LoginForm, TokenForm
from .permissions import Perm
from .roles import Role
from .selectors import api_token_list, capabilities_of


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/accounts/home/"


def lockout_response(
    request: HttpRequest, credentials: Any = None, *args: Any, **kw: Any
) -> HttpResponse:
    """django-axes calls this once an account has had too many failed logins."""
    form = LoginForm(initial={"username": (credentials or {}).get("username", "")})
    return render(request, "accounts/login.html", {"form": form, "locked": True}, status=429)


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
        )
        if getattr(request, "axes_locked_out", False):
            return lockout_response(request, {"username": form.cleaned_data["username"]})
        if user is None:
            form.add_error(None, _("The username or password is not correct."))
        else:
            login(request, user)
            if user.requires_second_factor():
                return redirect(f"/accounts/2fa/?next={_next_url(request)}")
            return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("accounts:login")


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Ask for the current TOTP code; users without a device are sent to enrol."""
    user = request.user
    if services.totp_device_for(user) is None:  # type: ignore[arg-type]
        return redirect(f"/accounts/2fa/enrol/?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services.totp_verify(user=user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        except ApplicationError as exc:
            form.add_error("token", str(exc.message))
        else:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/second_factor.html", {"form": form, "next": _next_url(request)}
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if services.totp_device_for(user) is not None and not user.is_verified():  # type: ignore[arg-type, union-attr]
        # Replacing an existing device needs the old one first.
        return redirect("accounts:second_factor")
    device_id = request.session.get("enrol_device_id")
    device = TOTPDevice.objects.filter(pk=device_id, user=user, confirmed=False).first()
    if device is None:
        device = services.totp_enrol_start(user=user)  # type: ignore[arg-type]
        request.session["enrol_device_id"] = device.pk
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrol_confirm(user=user, device=device, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        except ApplicationError as exc:
            form.add_error("token", str(exc.message))
        else:
            request.session.pop("enrol_device_id", None)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now active on your account."))
            return redirect(_next_url(request))
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/enrol.html",
        {
            "form": form,
            "qr": _qr_svg(device.config_url),
            "secret": secret,
            "next": _next_url(request),
        },
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/home.html",
        {"memberships": user.active_memberships, "capabilities": capabilities_of(user)},  # type: ignore[union-attr, arg-type]
    )


@login_required
def security(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/security.html",
        {"device": services.totp_device_for(request.user)},  # type: ignore[arg-type]
    )


@require_permission(Perm.ACCOUNTS_MANAGE)
def tokens(request: HttpRequest) -> HttpResponse:
    issue_form = ApiTokenIssueForm(request.POST if "issue" in request.POST else None)
    new_secret = None
    if issue_form.is_bound and issue_form.is_valid():
        unit = OrgUnit.objects.filter(code=issue_form.cleaned_data["org_unit_code"]).first()
        if unit is None:
            issue_form.add_error("org_unit_code", _("No unit has this code."))
        else:
            try:
                _token, new_secret = services.api_token_issue(
                    actor=request.user,
                    name=issue_form.cleaned_data["name"],
                    role=Role(issue_form.cleaned_data["role"]),
                    org_unit=unit,
                )
            except ApplicationError as exc:
                issue_form.add_error(None, str(exc.message))
    if "revoke" in request.POST:
        revoke_form = ApiTokenRevokeForm(request.POST)
        if revoke_form.is_valid():
            services.api_token_revoke(
                actor=request.user, token=revoke_form.cleaned_data["token_id"]
            )
            messages.success(request, _("The token was revoked."))
            return redirect("accounts:tokens")
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": api_token_list(user=request.user), "form": issue_form, "new_secret": new_secret},
    )
