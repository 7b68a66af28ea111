"""The bank gateway as the donation services need it: one outcome per question, with "the
bank did not answer" kept apart from "not paid", because only the second may close a donation."""

from __future__ import annotations

from dataclasses import dataclass

from yavar.integrations.bank_gateway import (
    OrderStatus,
    PaymentStateUnknown,
    VerifyStatus,
    get_bank_gateway,
)
from yavar.integrations.errors import IntegrationError

FINAL_ORDER_STATES = {OrderStatus.CANCELED, OrderStatus.UNKNOWN, OrderStatus.REVERSED}


@dataclass(frozen=True)
class Outcome:
    status: str
    paid: bool = False
    final: bool = False  # the donation can be closed as not paid
    unavailable: bool = False
    amount_rials: int = 0
    reference: str = ""
    card_mask: str = ""


def request_token(*, order_id: str, amount_rials: int, callback_url: str, mobile: str = "") -> str:
    return get_bank_gateway().request_token(
        order_id=order_id, amount_rials=amount_rials, callback_url=callback_url, mobile=mobile
    )


def payment_url(token: str) -> str:
    return get_bank_gateway().payment_url(token)


def verify(*, token: str, order_id: str) -> Outcome:
    bank = get_bank_gateway()
    try:
        answer = bank.verify(token=token, order_id=order_id)
    except (PaymentStateUnknown, IntegrationError):
        return Outcome(status="unavailable", unavailable=True)
    if answer.paid:
        return Outcome(
            status=answer.status,
            paid=True,
            amount_rials=answer.amount_rials,
            reference=answer.reference,
            card_mask=answer.card_mask,
        )
    if answer.status == VerifyStatus.NOT_PAID:
        # Not paid *yet* or not paid *ever*? Only the bank's order state can tell; a forged
        # "cancelled" callback must not close a donation the donor is still paying.
        state = inquire(order_id=order_id)
        return Outcome(
            status=str(state.status),
            final=state.status in FINAL_ORDER_STATES,
            unavailable=state.status == "unavailable",
        )
    return Outcome(status=answer.status, final=True)


@dataclass(frozen=True)
class OrderState:
    status: str
    paid: bool = False


def inquire(*, order_id: str) -> OrderState:
    try:
        answer = get_bank_gateway().inquire(order_id=order_id)
    except (PaymentStateUnknown, IntegrationError):
        return OrderState(status="unavailable")
    return OrderState(status=answer.status, paid=answer.paid)


def reverse(*, token: str, order_id: str) -> bool:
    try:
        get_bank_gateway().reverse(token=token, order_id=order_id)
    except IntegrationError:
        return False  # the bank refunds unverified payments by itself; logged by the client
    return True
