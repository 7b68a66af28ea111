"""The SMS provider simulator: accepts texts with the right API key and keeps them in an outbox
instead of sending them, so tests and `make run` can read what a person would have received.

    GET  /_sim/outbox   {"messages": [{"id", "mobile", "text", "at"}, ...]}  oldest first
    POST /_sim/reset    empties the outbox (and clears faults)

Faults are the framework's: {"down": true} hangs up, {"fail_next": n} answers 500 n times.
"""

from __future__ import annotations

import itertools
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from yavar.core.validators import normalize_mobile

from ..conf import BodyConfig
from ..simulator import Answer, BadRequest, Route, SimRequest, Simulator
from .config import BODY, MAX_TEXT_LENGTH, SEND_PATH, config

# The outbox is for reading in tests and demos; a long-running `make run` must not grow
# without end, so the oldest messages go first. A run that must read back every text it sent
# (the donation benchmark's books) sets a larger limit (settings.YAVAR_SMS_SIM_OUTBOX_LIMIT).
OUTBOX_LIMIT = 10_000


@dataclass(frozen=True)
class OutboxMessage:
    id: str
    mobile: str
    text: str
    at: str  # ISO 8601, UTC


class SmsSimulator(Simulator):
    body = BODY

    def __init__(self, *, username: str = "", password: str = "", api_key: str = "") -> None:
        super().__init__(username=username, password=password, api_key=api_key)
        self._outbox: list[OutboxMessage] = []
        self._by_local_id: dict[str, str] = {}
        self._ids = itertools.count(100_000_001)
        self.outbox_limit = getattr(settings, "YAVAR_SMS_SIM_OUTBOX_LIMIT", 0) or OUTBOX_LIMIT

    @classmethod
    def load_config(cls) -> BodyConfig:
        return config()

    # --- in-process control (tests) ---------------------------------------------------------

    def outbox(self) -> list[OutboxMessage]:
        with self.lock:
            return list(self._outbox)

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self._outbox.clear()
            self._by_local_id.clear()

    # --- HTTP -------------------------------------------------------------------------------

    def routes(self) -> dict[tuple[str, str], Route]:
        return {("POST", SEND_PATH): self._send}

    def admin_routes(self) -> dict[tuple[str, str], Route]:
        return {
            **super().admin_routes(),
            ("GET", "/_sim/outbox"): lambda request: (
                200,
                {"messages": [asdict(message) for message in self.outbox()]},
            ),
        }

    def _send(self, request: SimRequest) -> Answer:
        payload: dict[str, Any] = request.payload if isinstance(request.payload, dict) else {}
        try:
            mobile = normalize_mobile(str(payload.get("to", "")))
        except ValidationError as error:
            raise BadRequest("invalid_mobile", "an Iranian mobile number") from error
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip():
            raise BadRequest("empty_text")
        if len(text) > MAX_TEXT_LENGTH:
            raise BadRequest("text_too_long", f"at most {MAX_TEXT_LENGTH} characters")
        local_id = str(payload.get("local_id") or "")
        with self.lock:
            if local_id and local_id in self._by_local_id:
                # A retry of a message already accepted: the same id, not a second text.
                return 200, {"id": self._by_local_id[local_id]}
            message = OutboxMessage(
                id=str(next(self._ids)),
                mobile=mobile,
                text=text,
                at=datetime.now(UTC).isoformat(),
            )
            self._outbox.append(message)
            del self._outbox[: -self.outbox_limit]
            if local_id:
                self._by_local_id[local_id] = message.id
                while len(self._by_local_id) > self.outbox_limit:  # oldest first (dicts keep order)
                    del self._by_local_id[next(iter(self._by_local_id))]
        return 200, {"id": message.id}
