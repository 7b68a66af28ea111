from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from yavar.catalog import selectors as catalog
from yavar.catalog.presenters import card_context
from yavar.core.errors import ApplicationError, ErrorCode

from . import selectors as portal_selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"cards": catalog.card_list()})


def service_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    cards = catalog.card_list(query=query)
    template = (
        "portal/_service_results.html"
        if request.headers.get("HX-Request")
        else "portal/services.html"
    )
    return render(request, template, {"cards": cards, "query": query})


def service_detail(request: HttpRequest, service_id: str) -> HttpResponse:
    try:
        card = catalog.card_get(service_id=service_id)
    except ApplicationError as exc:
        raise ApplicationError(ErrorCode.NOT_FOUND) from exc
    version, data = catalog.card_version(card=card)
    return render(
        request, "portal/service.html", {**card_context(data), "version": version, "row": card}
    )


@never_cache
def help_page(request: HttpRequest) -> HttpResponse:
    """How a woman in danger gets help. Collects nothing, sets no cookie, is never cached, and
    its quick-exit replaces it (and its history entry) with the neutral calendar page."""
    offices = portal_selectors.public_offices()
    response = render(request, "portal/help.html", {"offices": offices})
    response["Cache-Control"] = "no-store, no-cache, must-revalidate, max-age=0"
    response["Referrer-Policy"] = "no-referrer"
    return response


def calendar_page(request: HttpRequest) -> HttpResponse:
    """A plain Jalali calendar: useful on its own, and the neutral page the quick exit opens."""
    return render(request, "portal/calendar.html", portal_selectors.month_calendar())
