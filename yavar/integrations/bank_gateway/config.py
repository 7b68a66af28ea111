"""The payment gateway's settings key, name, paths and defaults (which match the simulator, so a
fresh clone's `make run` works with no configuration)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..conf import BodyConfig, body_config

BODY = "bank_gateway"
TITLE = _("bank payment gateway")

TOKEN_PATH = "/ipg/v1/token"  # noqa: S105 - a path, not a secret
VERIFY_PATH = "/ipg/v1/verify"
REVERSE_PATH = "/ipg/v1/reverse"
INQUIRY_PATH = "/ipg/v1/inquiry"
# The donor's browser opens PAY_PATH + token; it is the bank's page, not an API call.
PAY_PATH = "/ipg/v1/pay/"

DEFAULT_PORT = 8102

# Shaparak refuses card payments below this; checking it here saves a round trip.
MIN_AMOUNT_RIALS = 10_000

DEFAULTS = {
    "url": f"http://127.0.0.1:{DEFAULT_PORT}",
    "terminal_id": "4000100",
    "username": "yavar",
    # Development only: production settings supply real credentials from the environment.
    "password": "simulator",
    # A bank may take seconds to confirm a payment under load; a short timeout would turn a
    # slow success into an "unknown" one.
    "timeout": 10.0,
}


def config() -> BodyConfig:
    return body_config(BODY, DEFAULTS)
