"""Permission checks for views, by duck typing: the user model answers `has_yavar_perm`.

Living in the kernel lets every app guard its views without importing `accounts`.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from .errors import ApplicationError, ErrorCode


def require_permission(permission: str, *, hidden: bool = False) -> Callable[..., Any]:
    """The user must hold `permission` somewhere; per-record scope is the selector's job.

    `hidden`: answer "not found" instead of "not allowed", for areas whose very existence is
    confidential (the safe houses)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_yavar_perm(permission):  # type: ignore[union-attr]
                raise ApplicationError(
                    ErrorCode.NOT_FOUND if hidden else ErrorCode.PERMISSION_DENIED
                )
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
