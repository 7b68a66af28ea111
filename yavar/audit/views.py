from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yavar.core.auth import require_permission

from .forms import TrailSearchForm
from .selectors import AUDIT_VIEW, TrailFilter, access_event_list, audit_event_list


@require_permission(AUDIT_VIEW)
def trail(request: HttpRequest) -> HttpResponse:
    form = TrailSearchForm(request.GET or None)
    flt = form.to_filter() if form.is_bound and form.is_valid() else TrailFilter()
    reads = form.is_bound and form.is_valid() and form.cleaned_data.get("log") == "reads"
    events = (access_event_list if reads else audit_event_list)(user=request.user, flt=flt)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/trail.html", {"form": form, "page": page, "reads": reads})
