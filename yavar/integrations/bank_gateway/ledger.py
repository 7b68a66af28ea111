"""The simulated bank's books: every transaction and the state machine it moves through.

    PENDING ──pay──▶ PAID_UNVERIFIED ──verify──▶ VERIFIED
       │                  │                         │ (within the reverse window)
       ├─cancel─▶ CANCELED└────────reverse─────────▶ REVERSED
       └─decline▶ FAILED

Not locked on its own: the simulator calls it under its one lock, so a transaction is never
seen half changed, even by 64 concurrent clients.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from ..simulator import BadRequest
from .formats import mask_card
from .protocol import CallbackStatus, OrderStatus, ReverseStatus, VerifyStatus


class Refused(BadRequest):
    """A refusal with its own HTTP status (BadRequest is always 400)."""

    def __init__(self, status: int, error: str, message: str = "") -> None:
        super().__init__(error, message)
        self.answer = (status, {"error": error, "message": message})


class SimStatus(StrEnum):
    PENDING = "PENDING"
    PAID_UNVERIFIED = "PAID_UNVERIFIED"
    VERIFIED = "VERIFIED"
    REVERSED = "REVERSED"
    CANCELED = "CANCELED"
    FAILED = "FAILED"


# The bank's inquiry answer does not tell a declined card from a cancelled page: either way no
# money moved.
_ORDER_STATUS = {
    SimStatus.PENDING: OrderStatus.PENDING,
    SimStatus.PAID_UNVERIFIED: OrderStatus.PAID_UNVERIFIED,
    SimStatus.VERIFIED: OrderStatus.VERIFIED,
    SimStatus.REVERSED: OrderStatus.REVERSED,
    SimStatus.CANCELED: OrderStatus.CANCELED,
    SimStatus.FAILED: OrderStatus.CANCELED,
}


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Transaction:
    token: str
    order_id: str
    amount_rials: int
    callback_url: str
    created_at: datetime
    status: SimStatus = SimStatus.PENDING
    outcome: CallbackStatus | None = None  # what the payment page ended in
    reference: str = ""
    trace: str = ""
    card_mask: str = ""
    paid_at: datetime | None = None
    verified_at: datetime | None = None
    reversed_at: datetime | None = None

    @property
    def order_status(self) -> OrderStatus:
        return _ORDER_STATUS[self.status]

    def callback_fields(self) -> dict[str, str]:
        """The form the bank's page posts to the merchant's callback URL."""
        return {
            "token": self.token,
            "order_id": self.order_id,
            "status": str(self.outcome or ""),
            "reference": self.reference,
            "trace": self.trace,
            "card_mask": self.card_mask,
            "amount": str(self.amount_rials),
        }

    def answer(self, status: str, *names: str) -> dict[str, Any]:
        """A JSON answer about this transaction with the given status and fields."""
        values: dict[str, Any] = {
            "token": self.token,
            "order_id": self.order_id,
            "amount": self.amount_rials,
            "reference": self.reference,
            "card_mask": self.card_mask,
            "trace": self.trace,
        }
        return {"status": status, **{name: values[name] for name in names}}

    def as_json(self) -> dict[str, Any]:
        """The simulator's own record, for /_sim/transactions."""

        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "order_id": self.order_id,
            "token": self.token,
            "amount_rials": self.amount_rials,
            "status": str(self.status),
            "reference": self.reference,
            "trace": self.trace,
            "card_mask": self.card_mask,
            "created_at": iso(self.created_at),
            "paid_at": iso(self.paid_at),
            "verified_at": iso(self.verified_at),
            "reversed_at": iso(self.reversed_at),
        }


_PAID = (SimStatus.PAID_UNVERIFIED, SimStatus.VERIFIED, SimStatus.REVERSED)
_ALL_FIELDS = ("token", "order_id", "amount", "reference", "card_mask", "trace")


class Ledger:
    def __init__(self) -> None:
        self._by_token: dict[str, Transaction] = {}
        self._by_order: dict[str, Transaction] = {}
        self._references: set[str] = set()

    def clear(self) -> None:
        self._by_token.clear()
        self._by_order.clear()
        self._references.clear()

    def all(self) -> list[Transaction]:
        return sorted(self._by_token.values(), key=lambda txn: txn.created_at)

    def get(self, token: str, order_id: str | None = None) -> Transaction | None:
        txn = self._by_token.get(token)
        # A token presented with another order's id is as good as unknown.
        if txn is None or (order_id is not None and txn.order_id != order_id):
            return None
        return txn

    def by_order(self, order_id: str) -> Transaction | None:
        return self._by_order.get(order_id)

    # --- moves ------------------------------------------------------------------------------

    def open(self, *, order_id: str, amount_rials: int, callback_url: str) -> Transaction:
        if order_id in self._by_order:
            raise Refused(409, "duplicate_order", "this terminal already used this order id")
        txn = Transaction(
            token=secrets.token_hex(16),
            order_id=order_id,
            amount_rials=amount_rials,
            callback_url=callback_url,
            created_at=_now(),
        )
        self._by_token[txn.token] = txn
        self._by_order[order_id] = txn
        return txn

    def pay(self, token: str, *, card: str, outcome: CallbackStatus) -> Transaction:
        txn = self._by_token.get(token)
        if txn is None:
            raise Refused(404, "unknown_token")
        if txn.status is not SimStatus.PENDING:
            raise Refused(409, "not_pending", f"the transaction is {txn.status}")
        txn.outcome = outcome
        if card:
            txn.card_mask = mask_card(card)
        if outcome is CallbackStatus.CANCELED:
            txn.status = SimStatus.CANCELED
            return txn
        txn.trace = f"{secrets.randbelow(10**6):06d}"
        if outcome is CallbackStatus.FAILED:
            txn.status = SimStatus.FAILED
            return txn
        txn.status, txn.paid_at, txn.reference = SimStatus.PAID_UNVERIFIED, _now(), self._rrn()
        return txn

    def verify(self, token: str, order_id: str) -> dict[str, Any]:
        txn = self.get(token, order_id)
        if txn is None:
            return {"status": VerifyStatus.UNKNOWN_TOKEN, "token": token, "order_id": order_id}
        if txn.status is SimStatus.PAID_UNVERIFIED:
            txn.status, txn.verified_at = SimStatus.VERIFIED, _now()
            return txn.answer(VerifyStatus.VERIFIED, *_ALL_FIELDS)
        if txn.status is SimStatus.VERIFIED:
            # Idempotent: the same data as the first verify.
            return txn.answer(VerifyStatus.ALREADY_VERIFIED, *_ALL_FIELDS)
        if txn.status is SimStatus.REVERSED:
            return txn.answer(VerifyStatus.REVERSED, *_ALL_FIELDS)
        return txn.answer(VerifyStatus.NOT_PAID, "token", "order_id", "amount")

    def reverse(self, token: str, order_id: str, *, window: timedelta) -> dict[str, Any]:
        txn = self.get(token, order_id)
        if txn is None:
            return {"status": ReverseStatus.UNKNOWN_TOKEN, "token": token, "order_id": order_id}
        if txn.status not in _PAID:
            return txn.answer(ReverseStatus.NOT_PAID, "token", "order_id", "amount")
        if txn.status is SimStatus.VERIFIED:
            assert txn.verified_at is not None
            if _now() - txn.verified_at > window:
                raise Refused(409, "reverse_window_passed", "settled; refund it another way")
        if txn.status is not SimStatus.REVERSED:  # a second reverse answers the same
            txn.status, txn.reversed_at = SimStatus.REVERSED, _now()
        return txn.answer(ReverseStatus.REVERSED, "token", "order_id", "amount", "reference")

    def inquire(self, order_id: str) -> dict[str, Any]:
        txn = self._by_order.get(order_id)
        if txn is None:
            return {"status": OrderStatus.UNKNOWN, "order_id": order_id}
        return txn.answer(txn.order_status, *_ALL_FIELDS)

    def _rrn(self) -> str:
        # Unique, as Shaparak's are: the merchant may rely on it to never count a payment twice.
        while True:
            reference = f"{secrets.randbelow(10**12):012d}"
            if reference not in self._references:
                self._references.add(reference)
                return reference
