"""The gateway's own refusals, beyond the framework's "down / refused / garbled".

They subclass IntegrationError so `traced_inquiry` logs them with their code and callers that
catch every outside-body failure still catch these.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.core.errors import ApplicationError

from ..errors import IntegrationError, IntegrationUnavailable
from .config import BODY, TITLE


class BankErrorCode(models.TextChoices):
    # The label is the message people read (ApplicationError uses it).
    AMOUNT_BELOW_MINIMUM = (
        "amount_below_minimum",
        _("The bank accepts payments of 10,000 rials or more."),
    )
    DUPLICATE_ORDER = (
        "duplicate_order",
        _(
            "The bank already has a payment with this order number. "
            "Nothing was charged; start the payment again."
        ),
    )
    REVERSE_WINDOW_PASSED = (
        "reverse_window_passed",
        _(
            "The bank no longer allows this payment to be reversed. "
            "Refund it through the bank's settlement office."
        ),
    )


_HTTP_STATUS = {
    BankErrorCode.AMOUNT_BELOW_MINIMUM: 400,  # the caller's input
    BankErrorCode.DUPLICATE_ORDER: 409,
    BankErrorCode.REVERSE_WINDOW_PASSED: 409,
}


class BankGatewayError(IntegrationError):
    """The bank answered and refused, for a reason the caller can act on (`code`)."""

    def __init__(self, code: BankErrorCode, *, extra: dict[str, Any] | None = None) -> None:
        # Skips IntegrationError.__init__, whose messages are for the framework's own codes;
        # the label of `code` is this refusal's message.
        ApplicationError.__init__(self, code, extra={"body": BODY, **(extra or {})})
        self.body = BODY

    @property
    def http_status(self) -> int:
        return _HTTP_STATUS[BankErrorCode(self.code)]


class PaymentStateUnknown(IntegrationUnavailable):
    """Verify or reverse got no answer: the bank may have carried it out. Still "unavailable"
    (code body_unavailable, HTTP 503), but the message must not say nothing was changed."""

    def __init__(self, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(body=BODY, title=TITLE, extra=extra)
        self.message = _(
            "The bank did not answer, so it is not yet known whether this payment went "
            "through. Do not pay again; the payment will be checked with the bank."
        )
        self.args = (str(self.message),)
