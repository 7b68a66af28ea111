"""What Yavar asks the bank's internet payment gateway (IPG, Shaparak-style; Bank Mellat holds the
people's-participation account) and what it gets back, in plain values.

One payment, from Yavar's side:

1. `request_token(order_id, amount_rials, callback_url)`: the bank registers the order and
   answers a token. `order_id` is Yavar's and unique per payment attempt: the bank refuses a
   repeat, so a new attempt needs a new order id.
2. The donor's browser opens `payment_url(token)`, the bank's own page: the card is typed there,
   never in Yavar, which only ever sees the bank's mask (603799******1235).
3. The bank sends the browser back with a form POSTed to `callback_url` (see `callback.py`).
   Anyone can forge that POST, so it only says which order to look at; its amount is never
   trusted.
4. `verify(token, order_id)`: the bank confirms the payment and keeps the money. In this
   protocol verify also settles (there is no separate settle call, unlike Mellat's SOAP
   bpSettleRequest): a VERIFIED payment will reach the account. A paid order that is never
   verified is refunded to the donor by the bank, so verify is what makes a donation real.
5. A donor who paid but never came back is found by a background task: `inquire(order_id)`
   answers PAID_UNVERIFIED, and the task verifies it.

`reverse(token, order_id)` refunds a paid payment Yavar will not keep (for example when the
donation could not be recorded), before or shortly after verify.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class VerifyStatus(StrEnum):
    VERIFIED = "VERIFIED"  # confirmed now: the money is the merchant's
    ALREADY_VERIFIED = "ALREADY_VERIFIED"  # confirmed before (by us, a retry or another worker)
    NOT_PAID = "NOT_PAID"  # still pending, cancelled or declined: no money moved
    REVERSED = "REVERSED"  # paid, then refunded to the donor
    # No such token for this order at this terminal.
    UNKNOWN_TOKEN = "UNKNOWN_TOKEN"  # noqa: S105 - a status, not a secret


class ReverseStatus(StrEnum):
    REVERSED = "REVERSED"  # refunded now, or already refunded before
    NOT_PAID = "NOT_PAID"  # nothing to refund
    UNKNOWN_TOKEN = "UNKNOWN_TOKEN"  # noqa: S105 - a status, not a secret


class OrderStatus(StrEnum):
    """The bank's view of an order, for `inquire`."""

    PENDING = "PENDING"  # token issued, the donor has not paid (yet)
    PAID_UNVERIFIED = "PAID_UNVERIFIED"  # paid at the bank, Yavar has not verified: verify it
    VERIFIED = "VERIFIED"
    REVERSED = "REVERSED"
    # The donor cancelled or the payment was declined (wrong card, no funds): no money moved.
    CANCELED = "CANCELED"
    UNKNOWN = "UNKNOWN"  # the bank has no such order


class CallbackStatus(StrEnum):
    """What the bank's page says happened, in the callback POST (never trusted on its own)."""

    OK = "OK"
    CANCELED = "CANCELED"
    FAILED = "FAILED"


@dataclass(frozen=True)
class VerifyResult:
    """The bank's answer to verify. `amount_rials` is the order's amount as the bank holds it
    (0 for an unknown token); compare it with Yavar's own record of the order. `reference` is
    the 12-digit RRN (retrieval reference number) people quote to the bank; `trace` the
    switch's trace number; both are empty unless the order was paid."""

    status: VerifyStatus
    token: str
    order_id: str
    amount_rials: int = 0
    reference: str = ""
    card_mask: str = ""
    trace: str = ""

    @property
    def paid(self) -> bool:
        """The money is the merchant's: VERIFIED and ALREADY_VERIFIED mean the same to Yavar,
        since a retried or concurrent verify answers ALREADY_VERIFIED."""
        return self.status in (VerifyStatus.VERIFIED, VerifyStatus.ALREADY_VERIFIED)


@dataclass(frozen=True)
class ReverseResult:
    status: ReverseStatus
    token: str
    order_id: str
    amount_rials: int = 0
    reference: str = ""  # the reversed payment's RRN


@dataclass(frozen=True)
class InquiryResult:
    status: OrderStatus
    order_id: str
    token: str = ""
    amount_rials: int = 0
    reference: str = ""
    card_mask: str = ""
    trace: str = ""

    @property
    def paid(self) -> bool:
        """The donor paid: PAID_UNVERIFIED still needs `verify`, VERIFIED already had it."""
        return self.status in (OrderStatus.PAID_UNVERIFIED, OrderStatus.VERIFIED)


@dataclass(frozen=True)
class CallbackData:
    """The fields the bank's page POSTs to the callback URL, parsed by `callback.parse_callback`.

    It comes through the donor's browser, so it can be forged or replayed: use it only to find
    the order, then call `verify`. `claimed_amount_rials` is named so nobody trusts it by
    accident; the amount to record is Yavar's own (checked against `VerifyResult`)."""

    token: str
    order_id: str
    status: CallbackStatus
    reference: str = ""
    trace: str = ""
    card_mask: str = ""
    claimed_amount_rials: int | None = None


class BankGateway(Protocol):
    def request_token(
        self, *, order_id: str, amount_rials: int, callback_url: str, mobile: str = ""
    ) -> str:
        """Register a payment and return the bank's token. Raises BankGatewayError with
        AMOUNT_BELOW_MINIMUM (below 10,000 rials; nothing is sent) or DUPLICATE_ORDER (the
        bank has this order id already), ApplicationError(INVALID_INPUT) for a malformed
        mobile number, IntegrationError when the bank cannot be asked."""
        ...

    def payment_url(self, token: str) -> str:
        """The bank's page to send the donor's browser to (no exchange, nothing logged)."""
        ...

    def verify(self, *, token: str, order_id: str) -> VerifyResult:
        """Confirm (and settle) a paid order. Safe to repeat: a second verify answers
        ALREADY_VERIFIED with the same data. Raises PaymentStateUnknown when the bank did not
        answer: the payment may or may not have been verified; ask again or `inquire`."""
        ...

    def reverse(self, *, token: str, order_id: str) -> ReverseResult:
        """Refund a paid order (unverified, or verified within the bank's short window; after
        it, BankGatewayError REVERSE_WINDOW_PASSED). Never retried automatically; on
        PaymentStateUnknown, `inquire` before trying again."""
        ...

    def inquire(self, *, order_id: str) -> InquiryResult:
        """The bank's view of an order; changes nothing."""
        ...
