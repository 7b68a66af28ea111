"""The finance officer's reconciliation pages. Each view parses, calls one selector or service,
and renders or redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError

from . import forms, selectors, services
from .enums import LineStatus
from .importer import BankStatementImporter

PER_PAGE = 50
manage = require_permission(Perm.GIVING_MANAGE)


@manage
def statements(request: HttpRequest) -> HttpResponse:
    days = forms.MissingForm(request.GET).days_or_default()
    page = Paginator(selectors.statement_list(user=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reconciliation/statements.html",
        {
            "page": page,
            "work": selectors.work_counts(user=request.user, days=days),
            "days": days,
            "import_kind": BankStatementImporter.kind,
            "can_upload": selectors.can_resolve_unvouched(user=request.user),
        },
    )


@manage
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_get(user=request.user, pk=pk)
    status = request.GET.get("status", "")
    if status not in LineStatus.values:
        status = ""
    lines = selectors.statement_lines(user=request.user, statement=statement, status=status)
    return render(
        request,
        "reconciliation/statement.html",
        {
            "statement": statement,
            "page": Paginator(lines, PER_PAGE).get_page(request.GET.get("page")),
            "status": status,
            "statuses": LineStatus.choices,
        },
    )


@require_POST
@manage
def statement_rematch(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_get(user=request.user, pk=pk)
    counts = services.statement_rematch(actor=request.user, statement=statement)
    messages.success(
        request,
        _("Matched: %(matched)s; suggested: %(suggested)s.") % counts,
    )
    return redirect("reconciliation:statement", pk=statement.pk)


def _list(request: HttpRequest, template: str, rows: Any, **extra: Any) -> HttpResponse:
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, **extra})


@manage
def unmatched(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        "reconciliation/unmatched.html",
        selectors.unmatched_lines(user=request.user),
    )


@manage
def suggested(request: HttpRequest) -> HttpResponse:
    return _list(
        request,
        "reconciliation/suggested.html",
        selectors.suggested_lines(user=request.user),
        dismiss_form=forms.DismissForm(),
    )


@manage
def missing(request: HttpRequest) -> HttpResponse:
    days = forms.MissingForm(request.GET).days_or_default()
    return _list(
        request,
        "reconciliation/missing.html",
        selectors.missing_donations(user=request.user, days=days),
        days=days,
    )


def _line_page(request: HttpRequest, pk: int, **bound: django_forms.Form) -> HttpResponse:
    line = selectors.line_get(user=request.user, pk=pk)
    context: dict[str, Any] = {
        "line": line,
        "country": selectors.can_resolve_unvouched(user=request.user),
        "match_form": forms.ManualMatchForm(),
        "exclude_form": forms.ExcludeForm(),
        "record_form": forms.RecordDonationForm(),
        "reopen_form": forms.ReasonForm(),
        "dismiss_form": forms.DismissForm(),
        **bound,
    }
    return render(request, "reconciliation/line.html", context, status=400 if bound else 200)


@manage
def line_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _line_page(request, pk)


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type[django_forms.Form] | None,
    form_name: str,
    call: Callable[..., Any],
    done: str,
) -> HttpResponse:
    """Parse the form, call the service; a refusal is shown on the line's page, unchanged."""
    line = selectors.line_get(user=request.user, pk=pk)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        return _line_page(request, pk, **{form_name: form})
    try:
        call(actor=request.user, line=line, **(form.cleaned_data if form else {}))
    except ApplicationError as exc:
        if form is None:
            messages.error(request, str(exc.message))
            return redirect("reconciliation:line", pk=pk)
        form.add_error(None, str(exc.message))
        return _line_page(request, pk, **{form_name: form})
    messages.success(request, done)
    return redirect("reconciliation:line", pk=pk)


@require_POST
@manage
def line_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, None, "", services.line_confirm_suggestion, _("Match confirmed."))


@require_POST
@manage
def line_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.DismissForm,
        "dismiss_form",
        services.line_dismiss_suggestion,
        _("The suggestion was dismissed."),
    )


@require_POST
@manage
def line_match(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ManualMatchForm,
        "match_form",
        services.line_match_manually,
        _("The line was matched to the donation."),
    )


@require_POST
@manage
def line_exclude(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExcludeForm,
        "exclude_form",
        services.line_mark_not_donation,
        _("The line was marked as not a donation."),
    )


@require_POST
@manage
def line_record(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.RecordDonationForm,
        "record_form",
        services.line_record_donation,
        _("The donation was recorded as paid and matched to the line."),
    )


@require_POST
@manage
def line_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ReasonForm,
        "reopen_form",
        services.line_reopen,
        _("The line is open again."),
    )
