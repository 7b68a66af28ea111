"""Holders of sensitive roles reach nothing but the second-factor pages until verified."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .models import User

OPEN_PREFIXES = ("/static/", "/i18n/", "/healthz")
OPEN_URL_NAMES = ("accounts:second_factor", "accounts:enrol", "accounts:logout")


class RequireSecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            isinstance(user, User)
            and user.second_factor_pending()
            and not self._is_open(request.path)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "second_factor_required",
                        "message": _("Two-factor authentication is required for your role."),
                    },
                    status=403,
                )
            return redirect(f"{reverse('accounts:second_factor')}?next={request.path}")
        return self.get_response(request)

    @staticmethod
    def _is_open(path: str) -> bool:
        return path.startswith(OPEN_PREFIXES) or path in {reverse(n) for n in OPEN_URL_NAMES}
