"""The public side: signing up, the volunteer's own page (after proving their mobile by SMS)
and the certificate verification page. None of them ever names a confidential centre."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.integrations.errors import IntegrationError
from yavar.integrations.sms import verification
from yavar.orgunits.selectors import public_counties

from . import assignments, certificates, forms, selectors, services
from .enums import AssignmentStatus, VolunteerErrorCode, VolunteerStatus
from .views import form_errors, pdf_response

_DONE = "yavar.volunteer_reference"


def _sms_step(request: HttpRequest) -> tuple[forms.MobileForm, forms.CodeForm, bool]:
    """Handles "send a code" and "check the code" posts. Returns the two forms and whether a
    code is waiting to be typed in."""
    step = request.POST.get("step") if request.method == "POST" else None
    mobile_form = forms.MobileForm(request.POST if step == "send" else None)
    code_form = forms.CodeForm(request.POST if step == "confirm" else None)
    if step == "send" and mobile_form.is_valid():
        text = _("Yavar (Welfare Organisation): your code is {code}")
        try:
            verification.send_code(request.session, mobile_form.cleaned_data["mobile"], text=text)
        except ApplicationError as exc:
            mobile_form.add_error(None, str(exc.message))
        except IntegrationError as exc:
            mobile_form.add_error(None, str(exc.message))
    elif step == "confirm" and code_form.is_valid():
        try:
            verification.confirm_code(request.session, code_form.cleaned_data["code"])
        except ApplicationError as exc:
            code_form.add_error("code", str(exc.message))
    waiting = bool(request.session.get("yavar.mobile_code"))
    return mobile_form, code_form, waiting


def join(request: HttpRequest) -> HttpResponse:
    mobile_form, code_form, waiting = _sms_step(request)
    mobile = verification.verified_mobile(request.session)
    join_form = None
    if mobile:
        bound = request.method == "POST" and request.POST.get("step") == "apply"
        join_form = forms.JoinForm(request.POST if bound else None)
        if bound and join_form.is_valid():
            d = join_form.cleaned_data
            try:
                volunteer = services.volunteer_apply(mobile=mobile, **d)
            except ApplicationError as exc:
                for field, errors in exc.fields.items():
                    join_form.add_error(field if field in join_form.fields else None, errors)
                if not exc.fields:
                    join_form.add_error(None, str(exc.message))
                already = exc.code == VolunteerErrorCode.ALREADY_APPLIED
                return render(
                    request,
                    "volunteering/join.html",
                    {"join_form": join_form, "mobile": mobile, "already": already},
                )
            request.session[_DONE] = volunteer.reference
            return redirect("volunteering:joined")
    return render(
        request,
        "volunteering/join.html",
        {
            "mobile_form": mobile_form,
            "code_form": code_form,
            "waiting": waiting,
            "mobile": mobile,
            "join_form": join_form,
        },
    )


def join_counties(request: HttpRequest) -> HttpResponse:
    counties = public_counties(province_id=request.GET.get("province", ""))
    return render(request, "orgunits/_county_options.html", {"counties": counties})


def joined(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_DONE)
    if not reference:
        return redirect("volunteering:join")
    return render(request, "volunteering/joined.html", {"reference": reference})


def _my_assignments(volunteer: Any) -> list[dict[str, Any]]:
    return [
        {
            "assignment": a,
            "place": selectors.centre_label(
                user=None, centre=a.centre, province=volunteer.province
            ),
            "programme": selectors.programme_title(a.programme),
        }
        for a in volunteer.assignments.select_related("centre")
    ]


def me(request: HttpRequest) -> HttpResponse:
    mobile_form, code_form, waiting = _sms_step(request)
    mobile = verification.verified_mobile(request.session)
    if not mobile:
        return render(
            request,
            "volunteering/me.html",
            {"mobile_form": mobile_form, "code_form": code_form, "waiting": waiting},
        )
    people = []
    for volunteer in selectors.volunteers_for_mobile(mobile):
        rows = _my_assignments(volunteer)
        open_rows = [
            (r["assignment"].pk, f"{r['programme'][:60]} — {r['place']}")
            for r in rows
            if r["assignment"].status == AssignmentStatus.ACTIVE
        ]
        people.append(
            {
                "v": volunteer,
                "assignments": rows,
                "hours": volunteer.hours.all()[:100],
                "certificates": volunteer.certificates.all()[:5],
                "form": forms.VolunteerHoursForm(
                    assignments=open_rows, initial={"on": timezone.localdate()}
                )
                if open_rows and volunteer.status == VolunteerStatus.ACTIVE
                else None,
            }
        )
    return render(request, "volunteering/me.html", {"mobile": mobile, "people": people})


def _proven(request: HttpRequest) -> str:
    mobile = verification.verified_mobile(request.session)
    if not mobile:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return mobile


@require_POST
def me_hours(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _proven(request)
    volunteer = selectors.volunteers_for_mobile(mobile).filter(pk=pk).first()
    if volunteer is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    choices = [(a.pk, str(a.pk)) for a in volunteer.assignments.all()]
    form = forms.VolunteerHoursForm(request.POST, assignments=choices)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("volunteering:me")
    d = form.cleaned_data
    try:
        assignments.hours_log_by_volunteer(
            mobile=mobile,
            assignment_id=d["assignment"],
            on=d["on"],
            hours=d["hours"],
            activity=d["activity"],
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Your hours were recorded and wait for staff confirmation."))
    return redirect("volunteering:me")


@require_POST
def me_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    mobile = _proven(request)
    try:
        cert = certificates.certificate_issue_for_mobile(mobile=mobile, volunteer_id=pk)
    except ApplicationError as exc:
        if exc.code == ErrorCode.NOT_FOUND:
            raise
        messages.error(request, str(exc.message))
        return redirect("volunteering:me")
    return redirect("volunteering:me_certificate_pdf", code=cert.code)


def me_certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    mobile = _proven(request)
    cert = selectors.certificate_by_code(code)
    if cert.volunteer.mobile != mobile:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return pdf_response(request, cert)


def me_leave(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        verification.forget(request.session)
    return redirect("volunteering:me")


def verify(request: HttpRequest, code: str) -> HttpResponse:
    cert = selectors.certificate_by_code(code)
    return render(
        request,
        "volunteering/verify.html",
        {"cert": cert, "initials": cert.volunteer.initials},
    )
