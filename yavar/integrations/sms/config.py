"""The SMS provider's settings key, name, path and defaults (which match the simulator)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..conf import BodyConfig, body_config

BODY = "sms"
TITLE = _("SMS")
SEND_PATH = "/sms/v1/send"
DEFAULT_PORT = 8103

# Persian is sent as UCS-2: 70 characters in one SMS, 67 per part when split. Providers join up
# to ten parts; a longer text is a template gone wrong, not something to send.
MAX_TEXT_LENGTH = 670

DEFAULTS = {
    "url": f"http://127.0.0.1:{DEFAULT_PORT}",
    # Development only: production settings supply the provider's key from the environment.
    "api_key": "simulator-sms-key",
}


def config() -> BodyConfig:
    return body_config(BODY, DEFAULTS)
