"""Parsing the form the bank's page POSTs to the merchant's callback URL.

Fields: token, order_id, status (OK | CANCELED | FAILED), reference (12-digit RRN, only when
OK), trace, card_mask (603799******1235), amount (rials, as the browser says). The POST comes
through the donor's browser, so it may be forged, replayed or delivered twice: the view must
use it only to find the order and then call `verify`, and must record the donation once per
order whatever arrives. The callback view needs `csrf_exempt` (the bank's page posts it).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from yavar.core.errors import ApplicationError, ErrorCode

from . import formats
from .protocol import CallbackData, CallbackStatus

_AMOUNT = re.compile(r"[0-9]{1,15}")


def parse_callback(form: Mapping[str, Any]) -> CallbackData:
    """Read the callback fields (a QueryDict or a dict); raise ApplicationError(INVALID_INPUT)
    for anything malformed. Optional fields that are malformed are dropped, not trusted."""
    token = _field(form, "token")
    order_id = _field(form, "order_id")
    try:
        status = CallbackStatus(_field(form, "status"))
    except ValueError:
        status = None
    if not formats.TOKEN.fullmatch(token) or not formats.ORDER_ID.fullmatch(order_id) or not status:
        raise ApplicationError(ErrorCode.INVALID_INPUT)
    amount = _field(form, "amount")
    return CallbackData(
        token=token,
        order_id=order_id,
        status=status,
        reference=_matching(form, "reference", formats.REFERENCE),
        trace=_matching(form, "trace", formats.TRACE),
        card_mask=_matching(form, "card_mask", formats.CARD_MASK),
        claimed_amount_rials=int(amount) if _AMOUNT.fullmatch(amount) else None,
    )


def _field(form: Mapping[str, Any], name: str) -> str:
    # QueryDict.get gives the last value of a repeated field; anything odd reads as empty.
    value = form.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def _matching(form: Mapping[str, Any], name: str, pattern: re.Pattern[str]) -> str:
    value = _field(form, name)
    return value if pattern.fullmatch(value) else ""
