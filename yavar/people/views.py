from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode

from . import selectors, services
from .enums import HeadshipReason, PeopleErrorCode
from .forms import DocumentForm, HouseholdForm, MemberForm, PersonForm, PersonSearchForm
from .identity import person_verify_identity

NOT_IN_AREA = gettext_lazy("No person with this national code is registered in your area.")


def _refusal(form: Any, exc: ApplicationError, request: HttpRequest) -> dict[str, Any]:
    """Puts a service refusal on the form; returns what the template needs to explain it."""
    extra: dict[str, Any] = {}
    if exc.code == PeopleErrorCode.LIKELY_DUPLICATE:
        extra["candidates"] = selectors.people_by_ids(
            user=request.user, ids=exc.extra.get("candidates", [])
        )
    if exc.extra.get("existing_id"):
        extra["existing_url"] = reverse("people:detail", args=[exc.extra["existing_id"]])
    form.add_error(None, str(exc.message))
    return extra


@require_permission(Perm.PEOPLE_VIEW)
def person_list(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    people = selectors.person_list(
        user=request.user,
        text=filters.get("q", ""),
        father=filters.get("father", ""),
        gender=filters.get("gender", ""),
        female_headed=filters.get("female_headed", False),
    )
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/list.html"
    return render(request, template, {"form": form, "page": page})


@require_permission(Perm.PEOPLE_VIEW)
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, pk=pk)
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "coverages": selectors.person_coverages(user=request.user, person=person),
            "documents": selectors.person_documents(user=request.user, person=person),
            "household": selectors.person_household(user=request.user, person=person),
            "document_form": DocumentForm(),
            "headship_choices": HeadshipReason.choices,
        },
    )


@require_permission(Perm.PEOPLE_CHANGE)
def person_create(request: HttpRequest) -> HttpResponse:
    counties = selectors.counties_for(user=request.user)
    form = PersonForm(request.POST or None, counties=counties)
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            person = services.person_create(
                actor=request.user,
                org_unit=form.cleaned_data["county"],
                data=form.person_data(),
                confirmed_not_duplicate=form.cleaned_data["confirm_not_duplicate"],
            )
        except ApplicationError as exc:
            context = _refusal(form, exc, request)
        else:
            messages.success(request, _("The person was registered."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "creating": True, **context})


@require_permission(Perm.PEOPLE_CHANGE)
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    counties = selectors.counties_for(user=request.user)
    initial = {
        **{f: getattr(person, f) for f in services.PERSON_FIELDS},
        "county": person.org_unit_id,
        "version": person.version,
    }
    form = PersonForm(request.POST or None, initial=initial, counties=counties)
    form.fields.pop("confirm_not_duplicate")
    context: dict[str, Any] = {}
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(
                actor=request.user,
                person=person,
                data=form.person_data(),
                expected_version=form.cleaned_data.get("version") or 0,
                org_unit=form.cleaned_data["county"],
            )
        except ApplicationError as exc:
            context = _refusal(form, exc, request)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect("people:detail", pk=person.pk)
    return render(request, "people/form.html", {"form": form, "person": person, **context})


@require_POST
@require_permission(Perm.PEOPLE_CHANGE)
def person_check_identity(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        result = person_verify_identity(actor=request.user, person=person)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.info(request, result)
    return redirect("people:detail", pk=person.pk)


@require_POST
@require_permission(Perm.PEOPLE_CHANGE)
def household_create(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = HouseholdForm(request.POST)
    if form.is_valid():
        try:
            household = services.household_create(
                actor=request.user,
                head=person,
                headship_reason=form.cleaned_data["headship_reason"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            return redirect("people:household", pk=household.pk)
    return redirect("people:detail", pk=person.pk)


@require_permission(Perm.PEOPLE_VIEW)
def household_detail(request: HttpRequest, pk: int) -> HttpResponse:
    household = selectors.household_get(user=request.user, pk=pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = selectors.person_by_national_code(
                user=request.user, national_code=form.cleaned_data["national_code"]
            )
            services.household_add_member(
                actor=request.user,
                household=household,
                person=member,
                relation=form.cleaned_data["relation"],
            )
        except ApplicationError as exc:
            not_found = exc.code == ErrorCode.NOT_FOUND
            form.add_error("national_code", NOT_IN_AREA if not_found else str(exc.message))
        else:
            return redirect("people:household", pk=household.pk)
    return render(
        request,
        "people/household.html",
        {
            "household": household,
            "members": selectors.household_members(user=request.user, household=household),
            "form": form,
        },
    )


@require_POST
@require_permission(Perm.PEOPLE_CHANGE)
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.document_add(
                actor=request.user,
                person=person,
                upload=d["file"],
                doc_type=d["doc_type"],
                number=d["number"],
                issuer=d["issuer"],
                issued_on=d["issued_on"],
                expires_on=d["expires_on"],
            )
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The document was added."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("people:detail", pk=person.pk)


@require_permission(Perm.PEOPLE_VIEW)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    """Files leave only through here: scope check, access log, no public media URL."""
    document = selectors.document_get(user=request.user, pk=pk)
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="document-{document.pk}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_permission(Perm.PEOPLE_CHANGE)
def duplicate_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.duplicate_candidates(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "people/duplicates.html", {"page": page})


@require_POST
@require_permission(Perm.PEOPLE_CHANGE)
def duplicate_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = selectors.duplicate_get(user=request.user, pk=pk)
    action = request.POST.get("action")
    if action == "dismiss":
        services.duplicate_dismiss(actor=request.user, candidate=candidate)
        messages.success(request, _("Marked as two different people."))
    elif action in ("keep_first", "keep_second"):
        keep, merge = (candidate.first, candidate.second)
        if action == "keep_second":
            keep, merge = merge, keep
        try:
            services.person_merge(actor=request.user, keep=keep, merge=merge)
        except ApplicationError as exc:
            messages.error(request, str(exc.message))
        else:
            messages.success(request, _("The two records were merged."))
    return redirect("people:duplicates")


@require_POST
@require_permission(Perm.PEOPLE_CHANGE)
def person_unmerge(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_get(user=request.user, pk=pk)
    try:
        services.person_unmerge(actor=request.user, merged=person)
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The merge was undone."))
    return redirect("people:detail", pk=person.pk)
