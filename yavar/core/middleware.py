"""Turns an ApplicationError that escapes a view into a clear page (never a stack trace)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError, ErrorCode


class ApplicationErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not isinstance(exc, ApplicationError):
            return None
        if exc.code == ErrorCode.NOT_FOUND:
            # Out-of-scope answers exactly like missing, so existence is not leaked.
            return render(request, "errors/404.html", status=404)
        return render(request, "errors/refused.html", {"error": exc}, status=exc.http_status)
