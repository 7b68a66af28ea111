"""The shapes of the gateway's identifiers, shared by the client, the callback parser and the
simulator so all three agree on what is well formed."""

from __future__ import annotations

import re

# Yavar's order ids: letters, digits, '-' and '_' (a tracking code, a UUID...).
ORDER_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# The bank's tokens: URL-safe, since they end up in the payment page's path.
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,100}")
# The retrieval reference number (RRN) Shaparak gives every card payment.
REFERENCE = re.compile(r"[0-9]{12}")
# The switch's system trace audit number.
TRACE = re.compile(r"[0-9]{1,12}")
# First six and last four digits, the rest hidden, as Shaparak shows cards.
CARD_MASK = re.compile(r"[0-9]{6}\*{6}[0-9]{4}")


def mask_card(card_number: str) -> str:
    return f"{card_number[:6]}******{card_number[-4:]}"
