"""Refusals caused by an outside body. Each names the body, so the person at the counter knows
whom to wait for, and says that nothing was changed."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.functional import Promise, lazy
from django.utils.translation import gettext_lazy as _

from yavar.core.errors import ApplicationError


class IntegrationErrorCode(StrEnum):
    BODY_UNAVAILABLE = "body_unavailable"
    BODY_REJECTED = "body_rejected"
    BAD_RESPONSE = "bad_response"


MESSAGES = {
    IntegrationErrorCode.BODY_UNAVAILABLE: _(
        "The %(body)s system is not answering. Try again later; nothing was changed."
    ),
    IntegrationErrorCode.BODY_REJECTED: _(
        "The %(body)s system refused Yavar's request. "
        "Tell the system administrator; nothing was changed."
    ),
    IntegrationErrorCode.BAD_RESPONSE: _(
        "The %(body)s system sent an answer Yavar could not read. "
        "Try again later or tell the system administrator; nothing was changed."
    ),
}

# The body is down or answering badly, not the caller: gateway statuses, not 4xx.
HTTP_STATUS = {
    IntegrationErrorCode.BODY_UNAVAILABLE: 503,
    IntegrationErrorCode.BODY_REJECTED: 502,
    IntegrationErrorCode.BAD_RESPONSE: 502,
}


def _interpolate(template: Any, title: Any) -> str:
    return str(template) % {"body": str(title)}


# Formatted when shown, so a message raised in a background task still renders in the
# language of whoever reads it.
_lazy_interpolate = lazy(_interpolate, str)


class IntegrationError(ApplicationError):
    """An outside body refused or garbled the exchange. `body` is the settings key."""

    def __init__(
        self,
        code: IntegrationErrorCode,
        *,
        body: str,
        title: str | Promise,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(
            code, _lazy_interpolate(MESSAGES[code], title), extra={"body": body, **(extra or {})}
        )
        self.body = body

    @property
    def http_status(self) -> int:
        return HTTP_STATUS[IntegrationErrorCode(self.code)]


class IntegrationUnavailable(IntegrationError):
    """The body did not answer (refused connection, timeout, 5xx) after every retry."""

    def __init__(
        self, *, body: str, title: str | Promise, extra: dict[str, Any] | None = None
    ) -> None:
        super().__init__(IntegrationErrorCode.BODY_UNAVAILABLE, body=body, title=title, extra=extra)
