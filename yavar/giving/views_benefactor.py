"""A donor's own pages under /giving/me/: prove a mobile by SMS code, then see every gift given
with it and keep one's benefactor profiles. No password; the proof lives in the session."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.core.errors import ApplicationError
from yavar.integrations.errors import IntegrationError
from yavar.integrations.sms import verification

from . import benefactors
from .forms_office import BenefactorForm, CodeForm, MobileForm


def add_errors(form: Any, exc: ApplicationError) -> None:
    """A refusal on the form: field errors where the service named a field, else on top."""
    placed = False
    for field, messages in exc.fields.items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, str(exc.message))


def posted_version(request: HttpRequest) -> int:
    """The record version the editor started from (0, never a match, if it was tampered)."""
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else 0


def mobile_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The view runs only for a session that proved its mobile; it receives that mobile."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mobile = verification.verified_mobile(request.session)
        if mobile is None:
            return redirect("giving:me_sign_in")
        return view(request, mobile, *args, **kwargs)

    return wrapped


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step one texts a code to the mobile; step two checks it."""
    mobile_form, code_form = MobileForm(), CodeForm()
    step = "mobile"
    if request.method == "POST" and "code" in request.POST:
        step = "code"
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            try:
                verification.confirm_code(request.session, code_form.cleaned_data["code"])
            except ApplicationError as exc:
                add_errors(code_form, exc)
            else:
                return redirect("giving:me")
    elif request.method == "POST":
        mobile_form = MobileForm(request.POST)
        if mobile_form.is_valid():
            text = _("Yavar, State Welfare Organisation. Your code to see your donations: {code}")
            try:
                verification.send_code(
                    request.session, mobile_form.cleaned_data["mobile"], text=text
                )
            except ApplicationError as exc:
                add_errors(mobile_form, exc)
            except IntegrationError:
                mobile_form.add_error(
                    None, _("The SMS service is not available right now. Please try again soon.")
                )
            else:
                step = "code"
    return render(
        request,
        "giving/me/sign_in.html",
        {"mobile_form": mobile_form, "code_form": code_form, "step": step},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    verification.forget(request.session)
    return redirect("giving:campaigns")


@mobile_required
def history(request: HttpRequest, mobile: str) -> HttpResponse:
    return render(
        request,
        "giving/me/history.html",
        {
            "mobile": mobile,
            "donations": benefactors.donor_history(mobile=mobile)[:200],
            "profiles": benefactors.benefactors_of_mobile(mobile=mobile),
        },
    )


@mobile_required
def profile_new(request: HttpRequest, mobile: str) -> HttpResponse:
    form = BenefactorForm(request.POST or None, with_mobile=False, initial={"wants_sms": True})
    if request.method == "POST" and form.is_valid():
        try:
            benefactors.benefactor_create(actor=None, data=form.to_data(mobile=mobile))
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:me")
    return render(request, "giving/me/profile.html", {"form": form, "mobile": mobile})


@mobile_required
def profile_edit(request: HttpRequest, mobile: str, pk: int) -> HttpResponse:
    benefactor = benefactors.benefactor_of_mobile(mobile=mobile, pk=pk)
    initial = BenefactorForm.initial_from(benefactor)
    form = BenefactorForm(request.POST or None, with_mobile=False, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            benefactors.benefactor_update(
                actor=None,
                benefactor=benefactor,
                data=form.to_data(mobile=mobile),
                expected_version=posted_version(request),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:me")
    return render(
        request,
        "giving/me/profile.html",
        {"form": form, "mobile": mobile, "benefactor": benefactor},
    )
