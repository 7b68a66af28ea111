"""Safe-house pages. Every page that shows a case reads it through selectors.case_get, which
logs the read; forms post to one action view that calls one service."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import xlsxwriter
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import JalaliDate

from . import forms, risk, selectors, services
from .enums import CaseStatus
from .models import Case, Intake, Referral

VIEW, CHANGE = Perm.SAFEHOUSE_CASE_VIEW, Perm.SAFEHOUSE_CASE_CHANGE


def _houses(user: Any) -> Any:
    return scope.units(user, CHANGE).filter(centre_type="safe_house", safe_house__isnull=False)


@require_permission(VIEW, hidden=True)
def case_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    status = request.GET.get("status", "")
    supervisor = user.has_yavar_perm(Perm.SAFEHOUSE_SUPERVISE)
    return render(
        request,
        "safehouse/list.html",
        {
            "cases": selectors.case_list(
                user=user, status=status if status in CaseStatus.values else ""
            ),
            "houses": selectors.houses(user=user),
            "statuses": CaseStatus.choices,
            "status": status,
            "overdue": selectors.overdue_referrals(user=user) if supervisor else [],
            "alerts": selectors.break_glass_alerts(user=user) if supervisor else [],
        },
    )


@require_permission(CHANGE, hidden=True)
def case_open(request: HttpRequest) -> HttpResponse:
    form = forms.CaseOpenForm(request.POST or None, houses=_houses(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.case_open(
                actor=request.user,
                house_unit=d["house"],
                person_data=form.person_data(),
                referral_source=d["referral_source"],
                referring_body=d["referring_body"],
                referral_reference=d["referral_reference"],
                request_note=d["request_note"],
                safe_contact=d["safe_contact"],
                safe_contact_detail=d["safe_contact_detail"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("safehouse:case", pk=case.pk)
    return render(request, "safehouse/open.html", {"form": form})


@require_permission(VIEW, hidden=True)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(user=request.user, pk=pk)
    can_change = scope.can(request.user, CHANGE, case.org_unit)
    intake = Intake.objects.filter(case=case).first()
    return render(
        request,
        "safehouse/case.html",
        {
            "case": case,
            "can_change": can_change,
            "can_supervise": scope.can(request.user, Perm.SAFEHOUSE_SUPERVISE, case.org_unit),
            "intake": intake,
            "risk_level": risk.level(intake.risk_score) if intake else "",
            "services_done": case.services.all(),
            "consents": case.consents.all(),
            "referrals": case.referrals.all(),
            "follow_ups": case.follow_ups.all(),
            "forms": {
                "intake": forms.IntakeForm(),
                "decide": forms.DecisionForm(),
                "admit": forms.AdmitForm(),
                "service": forms.ServiceForm(initial={"on": timezone.localdate()}),
                "consent": forms.ConsentForm(initial={"given_on": timezone.localdate()}),
                "referral": forms.ReferralForm(),
                "safety_plan": forms.SafetyPlanForm(initial={"plan": case.safety_plan}),
                "discharge": forms.DischargeForm(),
                "follow_up": forms.FollowUpForm(initial={"on": timezone.localdate()}),
                "extend": forms.ExtendForm(initial={"until": case.stay_until}),
            },
        },
    )


def _intake(request: HttpRequest, case: Case, d: dict[str, Any]) -> None:
    services.case_record_intake(
        actor=request.user,
        case=case,
        violence_types=d["violence_types"],
        perpetrator=d["perpetrator"],
        risk_answers={code: True for code in d["risks"]},
        children=d["children"],
        health_needs=d["health_needs"],
        legal_needs=d["legal_needs"],
    )


ACTIONS: dict[str, tuple[type[Any] | None, Callable[[HttpRequest, Case, dict[str, Any]], Any]]] = {
    "intake": (forms.IntakeForm, _intake),
    "decide": (forms.DecisionForm, lambda r, c, d: services.case_decide(actor=r.user, case=c, **d)),
    "admit": (forms.AdmitForm, lambda r, c, d: services.case_admit(actor=r.user, case=c, **d)),
    "self_care": (None, lambda r, c, d: services.move_to_self_care(actor=r.user, case=c)),
    "service": (forms.ServiceForm, lambda r, c, d: services.service_add(actor=r.user, case=c, **d)),
    "consent": (
        forms.ConsentForm,
        lambda r, c, d: services.consent_record(actor=r.user, case=c, **d),
    ),
    "referral": (
        forms.ReferralForm,
        lambda r, c, d: services.referral_create(actor=r.user, case=c, **d),
    ),
    "safety_plan": (
        forms.SafetyPlanForm,
        lambda r, c, d: services.safety_plan_save(actor=r.user, case=c, **d),
    ),
    "discharge": (
        forms.DischargeForm,
        lambda r, c, d: services.case_discharge(actor=r.user, case=c, **d),
    ),
    "follow_up": (
        forms.FollowUpForm,
        lambda r, c, d: services.follow_up_add(actor=r.user, case=c, **d),
    ),
    "close": (None, lambda r, c, d: services.case_close(actor=r.user, case=c)),
    "extend": (
        forms.ExtendForm,
        lambda r, c, d: services.case_extend_stay(actor=r.user, case=c, **d),
    ),
}


@require_POST
@require_permission(CHANGE, hidden=True)
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    case = selectors.case_get(user=request.user, pk=pk, for_change=True)
    form_class, run = ACTIONS[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(
            request,
            " ".join(
                f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}"
                for f, e in form.errors.items()
            ),
        )
        return redirect("safehouse:case", pk=case.pk)
    try:
        run(request, case, form.cleaned_data if form else {})
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    return redirect("safehouse:case", pk=case.pk)


@require_POST
@require_permission(CHANGE, hidden=True)
def referral_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    referral = Referral.objects.filter(pk=pk).select_related("case").first()
    if referral is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    case = selectors.case_get(user=request.user, pk=referral.case_id, for_change=True)
    form = forms.FeedbackForm(request.POST)
    if form.is_valid():
        services.referral_feedback(actor=request.user, referral=referral, **form.cleaned_data)
    return redirect("safehouse:case", pk=case.pk)


@require_permission(VIEW, hidden=True)
def break_glass(request: HttpRequest) -> HttpResponse:
    form = forms.BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.break_glass_open(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("safehouse:case", pk=grant.case_id)
    return render(request, "safehouse/break_glass.html", {"form": form})


@require_POST
@require_permission(Perm.SAFEHOUSE_SUPERVISE, hidden=True)
def break_glass_ack(request: HttpRequest, pk: int) -> HttpResponse:
    grant = selectors.break_glass_alerts(user=request.user).filter(pk=pk).first()
    if grant is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    services.break_glass_acknowledge(actor=request.user, grant=grant)
    return redirect("safehouse:list")


def _year(request: HttpRequest) -> int:
    current = JalaliDate.from_gregorian(timezone.localdate()).year
    try:
        return int(request.GET.get("year", current))
    except ValueError:
        return current


@require_permission(Perm.REPORTS_VIEW)
def figures(request: HttpRequest) -> HttpResponse:
    """HQ's view: counts per province and season, small counts suppressed. No identities."""
    year = _year(request)
    rows = selectors.national_figures(user=request.user, year=year)
    return render(request, "safehouse/figures.html", {"rows": rows, "year": year})


@require_permission(Perm.REPORTS_VIEW)
def figures_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = selectors.national_figures(user=request.user, year=year)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(str(year))
    sheet.right_to_left()
    sheet.write_row(
        0, 0, [_("Province"), _("Spring"), _("Summer"), _("Autumn"), _("Winter"), _("Total")]
    )
    for i, row in enumerate(rows, start=1):
        sheet.write_row(i, 0, [row["province"], *row["seasons"], row["total"]])
    book.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="safehouse-figures-{year}.xlsx"'
    return response
