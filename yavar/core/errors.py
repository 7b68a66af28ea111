"""The one exception every service raises for a refused action.

A code (a StrEnum member) is stable and machine-readable; the message is translatable and shown
to people. Views and the API map it to a response, so services never build HTTP answers.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class ErrorCode(StrEnum):
    NOT_FOUND = "not_found"
    PERMISSION_DENIED = "permission_denied"
    INVALID_INPUT = "invalid_input"
    CONCURRENT_EDIT = "concurrent_edit"
    ILLEGAL_TRANSITION = "illegal_transition"
    GUARD_FAILED = "guard_failed"
    SECOND_FACTOR_REQUIRED = "second_factor_required"
    TOKEN_REVOKED = "token_revoked"  # noqa: S105 - an error code, not a secret


# The HTTP status each kind of refusal maps to; codes not listed answer 400.
HTTP_STATUS = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.CONCURRENT_EDIT: 409,
    ErrorCode.ILLEGAL_TRANSITION: 409,
    ErrorCode.GUARD_FAILED: 409,
    ErrorCode.SECOND_FACTOR_REQUIRED: 403,
    ErrorCode.TOKEN_REVOKED: 401,
}

DEFAULT_MESSAGES = {
    ErrorCode.NOT_FOUND: _("The record was not found."),
    ErrorCode.PERMISSION_DENIED: _("You do not have permission to do this."),
    ErrorCode.INVALID_INPUT: _("The information entered is not valid."),
    ErrorCode.CONCURRENT_EDIT: _(
        "Someone else changed this record while you were editing it. "
        "Reload the page to see their changes, then apply yours again."
    ),
    ErrorCode.ILLEGAL_TRANSITION: _("This step is not allowed from the record's current status."),
    ErrorCode.GUARD_FAILED: _("The conditions for this step are not met."),
    ErrorCode.SECOND_FACTOR_REQUIRED: _("Two-factor authentication is required for your role."),
    ErrorCode.TOKEN_REVOKED: _("This API token has been revoked."),
}


class ApplicationError(Exception):
    def __init__(
        self,
        code: StrEnum,
        message: Any = None,
        *,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        # Domain codes are TextChoices whose label is the message people read.
        default = DEFAULT_MESSAGES.get(code) or getattr(code, "label", None) or code  # type: ignore[call-overload]
        self.message = message if message is not None else default
        self.fields = fields or {}
        self.extra = extra or {}
        super().__init__(str(self.message))

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 400)  # type: ignore[call-overload]
