from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yavar.core.auth import require_permission

from .enums import UnitKind
from .selectors import VIEW, unit_address, unit_get, unit_list


@require_permission(VIEW)
def unit_index(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind") or None
    if kind not in UnitKind.values:
        kind = None
    units = unit_list(user=request.user, kind=kind, query=request.GET.get("q", "").strip())
    page = Paginator(units, 50).get_page(request.GET.get("page"))
    return render(
        request, "orgunits/index.html", {"page": page, "kinds": UnitKind.choices, "kind": kind}
    )


@require_permission(VIEW)
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = unit_get(user=request.user, code=code)
    children = unit_list(user=request.user, parent=unit)
    return render(
        request,
        "orgunits/detail.html",
        {"unit": unit, "children": children, "address": unit_address(user=request.user, unit=unit)},
    )
