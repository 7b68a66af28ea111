"""Reading the bank's JSON answers into result dataclasses. Anything malformed raises
`Malformed`; the client turns it into BAD_RESPONSE, since acting on a half-understood answer
about money is worse than stopping."""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Any, TypeVar

from . import formats
from .protocol import (
    InquiryResult,
    OrderStatus,
    ReverseResult,
    ReverseStatus,
    VerifyResult,
    VerifyStatus,
)

# The answer fields we read, for the inquiry log (names only).
KNOWN_FIELDS = frozenset(
    ("token", "order_id", "status", "amount", "reference", "card_mask", "trace", "error")
)

_PAID_VERIFY = (VerifyStatus.VERIFIED, VerifyStatus.ALREADY_VERIFIED, VerifyStatus.REVERSED)
_PAID_ORDER = (OrderStatus.PAID_UNVERIFIED, OrderStatus.VERIFIED, OrderStatus.REVERSED)

E = TypeVar("E", bound=StrEnum)


class Malformed(Exception):
    """The answer cannot be trusted; the message says why (for the server log)."""


def token(data: dict[str, Any]) -> str:
    return _text(data, "token", formats.TOKEN, required=True)


def verify_result(data: dict[str, Any], *, token: str, order_id: str) -> VerifyResult:
    _same(data, token=token, order_id=order_id)
    status = _status(data, VerifyStatus)
    paid = status in _PAID_VERIFY
    return VerifyResult(
        status=status,
        token=token,
        order_id=order_id,
        amount_rials=_amount(data, required=paid),
        reference=_text(data, "reference", formats.REFERENCE, required=paid),
        card_mask=_text(data, "card_mask", formats.CARD_MASK),
        trace=_text(data, "trace", formats.TRACE),
    )


def reverse_result(data: dict[str, Any], *, token: str, order_id: str) -> ReverseResult:
    _same(data, token=token, order_id=order_id)
    status = _status(data, ReverseStatus)
    reversed_ = status is ReverseStatus.REVERSED
    return ReverseResult(
        status=status,
        token=token,
        order_id=order_id,
        amount_rials=_amount(data, required=reversed_),
        reference=_text(data, "reference", formats.REFERENCE, required=reversed_),
    )


def inquiry_result(data: dict[str, Any], *, order_id: str) -> InquiryResult:
    _same(data, order_id=order_id)
    status = _status(data, OrderStatus)
    paid = status in _PAID_ORDER
    known = status is not OrderStatus.UNKNOWN
    return InquiryResult(
        status=status,
        order_id=order_id,
        token=_text(data, "token", formats.TOKEN, required=known),
        amount_rials=_amount(data, required=known),
        reference=_text(data, "reference", formats.REFERENCE, required=paid),
        card_mask=_text(data, "card_mask", formats.CARD_MASK),
        trace=_text(data, "trace", formats.TRACE),
    )


def _same(data: dict[str, Any], **expected: str) -> None:
    # An answer about another order (a bank-side mix-up) must never settle this one.
    for name, value in expected.items():
        if name in data and data[name] != value:
            raise Malformed(f"the answer is about another {name}")


def _status(data: dict[str, Any], enum: type[E]) -> E:
    try:
        return enum(str(data.get("status")))
    except ValueError:
        raise Malformed(f"unknown status {data.get('status')!r}") from None


def _amount(data: dict[str, Any], *, required: bool) -> int:
    value = data.get("amount", 0)
    # bool is an int subclass, and a float amount of money is a bug somewhere.
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Malformed("amount is not a whole number of rials")
    if required and value == 0:
        raise Malformed("no amount for a paid order")
    return value


def _text(
    data: dict[str, Any], name: str, pattern: re.Pattern[str], *, required: bool = False
) -> str:
    value = data.get(name) or ""
    if not isinstance(value, str) or (value and not pattern.fullmatch(value)):
        raise Malformed(f"{name} is malformed")
    if required and not value:
        raise Malformed(f"no {name}")
    return value
