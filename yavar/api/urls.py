"""The one NinjaAPI instance. Each app contributes a Router from its api.py; mount it here."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from yavar.catalog.api import router as catalog_router
from yavar.giving.api import router as giving_router
from yavar.imports.api import router as imports_router
from yavar.people.api import router as people_router
from yavar.volunteering.api import router as volunteering_router

from . import errors
from .auth import AUTH
from .core_endpoints import router as platform_router


def docs_for_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema is public (other bodies' systems read it); the docs page is for staff."""
    guarded = login_required(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.path.endswith("/openapi.json"):
            return view(request, *args, **kwargs)
        return guarded(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="Yavar API",
    version="1.0.0",
    description="یاور — سامانه خدمات الکترونیک و مدیریت پرونده سازمان بهزیستی کشور",
    urls_namespace="api",
    auth=AUTH,
    docs_decorator=docs_for_staff,
)
errors.install(api)
api.add_router("/", platform_router)
api.add_router("/", people_router)
api.add_router("/", catalog_router)
api.add_router("/imports", imports_router)
api.add_router("/giving", giving_router)
api.add_router("/volunteers", volunteering_router)
