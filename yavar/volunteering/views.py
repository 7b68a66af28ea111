"""Staff pages: the volunteer list, a volunteer's file and its actions, hours and certificates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.workflow.engine import history

from . import assignments, certificates, forms, selectors, services
from .enums import VolunteerStatus
from .models import Volunteer
from .workflows import VOLUNTEER_FLOW

MANAGE, CLEAR = Perm.VOLUNTEERS_MANAGE, Perm.VOLUNTEERS_CLEAR


def form_errors(form: Any) -> str:
    return " ".join(
        f"{form.fields[f].label if f in form.fields else ''}: {' '.join(e)}".strip(": ")
        for f, e in form.errors.items()
    )


@require_permission(MANAGE)
def volunteer_list(request: HttpRequest) -> HttpResponse:
    in_scope = Volunteer.objects.filter(scope.scope_q(request.user, MANAGE))
    provinces = OrgUnit.objects.filter(
        kind=UnitKind.PROVINCE, pk__in=in_scope.values("province")
    ).order_by("name_fa")
    form = forms.FilterForm(request.GET or None, provinces=provinces)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.volunteer_list(
        user=request.user,
        status=filters.get("status", ""),
        province=filters.get("province"),
        skill=filters.get("skill", ""),
        cleared=filters.get("cleared", ""),
    )[:200]
    return render(
        request,
        "volunteering/list.html",
        {
            "form": form,
            "rows": rows,
            "pending": selectors.pending_hours(user=request.user)[:50],
        },
    )


def _may_read(request: HttpRequest) -> None:
    user: Any = request.user
    if not (user.has_yavar_perm(MANAGE) or user.has_yavar_perm(CLEAR)):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)


# Field names the civil registry reports as differing, in the user's language.
MISMATCH_LABELS = {
    "first_name": _lazy("first name"),
    "last_name": _lazy("last name"),
    "birth_date": _lazy("birth date"),
    "father_name": _lazy("father's name"),
    "gender": _lazy("gender"),
}


def _detail(
    request: HttpRequest,
    volunteer: Volunteer,
    *,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The volunteer's page. `bound`: an action's submitted form, shown again with its errors
    and everything the user typed, when the action was refused."""
    user: Any = request.user
    can_manage = scope.can(user, MANAGE, volunteer.org_unit)
    centres = selectors.assignable_centres(user=user, volunteer=volunteer)
    today = timezone.localdate()
    action_forms: dict[str, Any] = {
        **{
            step: forms.ReasonForm(auto_id=f"{step}_%s")
            for step in ("override", "reject", "suspend", "reinstate", "withdraw")
        },
        "accept": forms.NoteForm(auto_id="accept_%s"),
        "interview": forms.InterviewForm(),
        "clear": forms.ClearanceForm(),
        "assign": forms.AssignmentForm(
            centres=centres,
            programmes=selectors.programme_choices(),
            initial={"starts_on": today},
        ),
        "end": forms.EndAssignmentForm(),
        "hours": forms.HoursForm(initial={"on": today}),
    }
    if bound is not None:
        action_forms[bound[0]] = bound[1]
    statuses = dict(VolunteerStatus.choices)
    steps = list(history(volunteer))
    for step in steps:  # the statuses in words, not their codes
        step.from_label = statuses.get(step.from_status, step.from_status)  # type: ignore[attr-defined]
        step.to_label = statuses.get(step.to_status, step.to_status)  # type: ignore[attr-defined]
    return render(
        request,
        "volunteering/detail.html",
        {
            "v": volunteer,
            "can_manage": can_manage,
            "can_clear": scope.can(user, CLEAR, volunteer.org_unit),
            "can_override": can_manage
            and scope.can(user, Perm.SERVICE_APPROVE, volunteer.org_unit),
            "steps": [t.name for t in VOLUNTEER_FLOW.available(volunteer, user)],
            "cleared": selectors.has_valid_clearance(volunteer, today),
            "clearances": volunteer.clearances.all(),
            "assignments": selectors.assignment_rows(user=user, volunteer=volunteer),
            "hours": selectors.hours_rows(volunteer=volunteer),
            "certificates": volunteer.certificates.all()[:10],
            "history": steps,
            "mismatches": [
                str(MISMATCH_LABELS.get(name, name)) for name in volunteer.identity_mismatches
            ],
            "forms": action_forms,
        },
        status=status,
    )


@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _may_read(request)
    return _detail(request, selectors.volunteer_get(user=request.user, pk=pk))


Run = Callable[[Any, Volunteer, dict[str, Any]], Any]


def _decide(step: str) -> tuple[type[Any], Run]:
    form = forms.NoteForm if step == "accept" else forms.ReasonForm
    return form, lambda u, v, d: services.volunteer_decide(
        actor=u, volunteer=v, step=step, reason=d["reason"]
    )


def _assign(user: Any, volunteer: Volunteer, d: dict[str, Any]) -> Any:
    return assignments.assignment_create(actor=user, volunteer=volunteer, **d)


ACTIONS: dict[str, tuple[type[Any] | None, Run]] = {
    "check_identity": (
        None,
        lambda u, v, d: services.volunteer_check_identity(actor=u, volunteer=v),
    ),
    "override": (
        forms.ReasonForm,
        lambda u, v, d: services.volunteer_override_identity(
            actor=u, volunteer=v, reason=d["reason"]
        ),
    ),
    "interview": (
        forms.InterviewForm,
        lambda u, v, d: services.volunteer_add_interview_notes(actor=u, volunteer=v, **d),
    ),
    **{step: _decide(step) for step in ("accept", "reject", "suspend", "reinstate", "withdraw")},
    "clear": (
        forms.ClearanceForm,
        lambda u, v, d: services.clearance_record(actor=u, volunteer=v, **d),
    ),
    "assign": (forms.AssignmentForm, _assign),
}


@require_POST
@login_required
def volunteer_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _may_read(request)
    if action not in ACTIONS:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    volunteer = selectors.volunteer_get(user=request.user, pk=pk)
    form_class, run = ACTIONS[action]
    form = None
    if form_class is forms.AssignmentForm:
        form = form_class(
            request.POST,
            centres=selectors.assignable_centres(user=request.user, volunteer=volunteer),
            programmes=selectors.programme_choices(),
        )
    elif form_class is not None:
        form = form_class(request.POST)
    if form is not None and not form.is_valid():
        # Shown again with the errors beside the fields and nothing the user typed lost.
        messages.error(request, form_errors(form))
        return _detail(request, volunteer, bound=(action, form), status=400)
    try:
        run(request.user, volunteer, form.cleaned_data if form else {})
    except ApplicationError as exc:
        if exc.code == ErrorCode.NOT_FOUND:
            raise
        messages.error(request, str(exc.message))
        if form is not None:
            return _detail(request, volunteer, bound=(action, form), status=400)
    else:
        messages.success(request, _("Saved."))
    return redirect("volunteering:detail", pk=volunteer.pk)


@require_POST
@require_permission(MANAGE)
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    form = forms.EndAssignmentForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            assignments.assignment_end(
                actor=request.user,
                assignment=assignment,
                reason=form.cleaned_data["reason"],
                ended_on=form.cleaned_data.get("ended_on"),
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Saved."))
    return redirect("volunteering:detail", pk=assignment.volunteer_id)


@require_POST
@require_permission(MANAGE)
def hours_log(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(user=request.user, pk=pk)
    form = forms.HoursForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        try:
            assignments.hours_log(actor=request.user, assignment=assignment, **form.cleaned_data)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("Saved."))
    return redirect("volunteering:detail", pk=assignment.volunteer_id)


@require_POST
@require_permission(MANAGE)
def hours_decide(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.hours_get(user=request.user, pk=pk)
    try:
        assignments.hours_decide(
            actor=request.user,
            entry=entry,
            confirm=request.POST.get("confirm") == "1",
            reason=request.POST.get("reason", "")[:1000],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Saved."))
    target = request.POST.get("back") == "list"
    if target:
        return redirect("volunteering:list")
    return redirect("volunteering:detail", pk=entry.volunteer_id)


@require_POST
@require_permission(MANAGE)
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = selectors.volunteer_get(user=request.user, pk=pk)
    try:
        cert = certificates.certificate_issue(actor=request.user, volunteer=volunteer)
    except ApplicationError as exc:
        if exc.code == ErrorCode.NOT_FOUND:
            raise
        messages.error(request, str(exc.message))
        return redirect("volunteering:detail", pk=volunteer.pk)
    return redirect("volunteering:certificate_pdf", pk=volunteer.pk, code=cert.code)


def pdf_response(request: HttpRequest, cert: Any) -> HttpResponse:
    verify_url = request.build_absolute_uri(reverse("volunteering:verify", args=[cert.code]))
    body = certificates.certificate_pdf(cert, verify_url=verify_url)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{cert.code}.pdf"'
    return response


@require_permission(MANAGE)
def certificate_pdf(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    volunteer = selectors.volunteer_get(user=request.user, pk=pk)
    cert = volunteer.certificates.filter(code=code).first()
    if cert is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return pdf_response(request, cert)
