"""Every refusal leaves the API as {"code", "message"}: a stable code and a message in the
caller's language (Persian by default)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from yavar.core.errors import ApplicationError, ErrorCode


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        body = {
            "code": str(exc.code),
            "message": str(exc.message),
            "fields": exc.fields,
            "details": {k: v for k, v in exc.extra.items() if v is not None},
        }
        return api.create_response(request, body, status=exc.http_status)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = {"code": "unauthenticated", "message": _("Sign in or send a valid API token.")}
        return api.create_response(request, body, status=401)

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            name = ".".join(str(p) for p in err.get("loc", [])[1:]) or "body"
            fields.setdefault(name, []).append(str(err.get("msg", "")))
        body = {
            "code": ErrorCode.INVALID_INPUT.value,
            "message": _("The information entered is not valid."),
            "fields": fields,
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = "not_found" if exc.status_code == 404 else "http_error"
        message = _("The record was not found.") if exc.status_code == 404 else str(exc)
        return api.create_response(
            request, {"code": code, "message": message}, status=exc.status_code
        )
