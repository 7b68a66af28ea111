"""What Yavar asks the SMS provider: send one text to one mobile number."""

from __future__ import annotations

from typing import Protocol


class SmsSender(Protocol):
    def send(self, *, mobile: str, text: str) -> str:
        """Send `text` to `mobile` and return the provider's message id. Raises
        ApplicationError(INVALID_INPUT) for a malformed mobile number (nothing is sent),
        ValueError for an empty or over-long text (a bug in the caller's template), and
        IntegrationError when the provider cannot be reached or refuses."""
        ...
