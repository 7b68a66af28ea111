from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yavar.catalog import selectors as catalog
from yavar.catalog.presenters import card_context
from yavar.core.errors import ApplicationError, ErrorCode


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
