"""The JSON-over-HTTP client every body's client builds on: standard library only.

Retries with exponential backoff on what is likely to pass (refused or dropped connections,
timeouts, 5xx); never on 4xx, which will fail the same way again. Every attempt is counted on
the caller's InquiryTrace, so the inquiry log shows how hard the body was to reach.
"""

from __future__ import annotations

import base64
import http.client
import json
import logging
import random
import ssl
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any, NoReturn

from django.utils.functional import Promise

from .conf import BodyConfig
from .connections import KeptConnections
from .errors import IntegrationError, IntegrationErrorCode, IntegrationUnavailable
from .log import InquiryTrace

logger = logging.getLogger("yavar.integrations")

# No body has a reason to send us more than this in one answer.
MAX_RESPONSE_BYTES = 1_000_000
USER_AGENT = "Yavar/1"


@dataclass(frozen=True)
class JsonResponse:
    status: int
    data: dict[str, Any]


class _Transient(Exception):
    """An attempt failed in a way worth retrying."""


class JsonHttpClient:
    """Base for one body's client. Subclasses set `title` (shown in error messages)."""

    title: str | Promise = ""

    def __init__(self, config: BodyConfig) -> None:
        self.config = config
        self._connections = KeptConnections(
            config.url,
            timeout=config.timeout,
            proxy=config.proxy,
            context=ssl.create_default_context(cafile=config.ca_file or None),
        )

    # --- errors ----------------------------------------------------------------------------

    def error(self, code: IntegrationErrorCode, **extra: Any) -> IntegrationError:
        if code is IntegrationErrorCode.BODY_UNAVAILABLE:
            return IntegrationUnavailable(body=self.config.body, title=self.title, extra=extra)
        return IntegrationError(code, body=self.config.body, title=self.title, extra=extra)

    def bad_response(self, reason: str) -> NoReturn:
        logger.warning("%s sent an unreadable answer: %s", self.config.body, reason)
        raise self.error(IntegrationErrorCode.BAD_RESPONSE)

    # --- the exchange ----------------------------------------------------------------------

    def post_json(
        self,
        path: str,
        payload: Mapping[str, Any],
        *,
        trace: InquiryTrace,
        accept: Collection[int] = (),
        idempotent: bool = True,
    ) -> JsonResponse:
        """POST `payload` as JSON and return the 2xx (or `accept`ed) answer as a dict.

        Set `idempotent=False` for calls that change something at the body (a payment): a
        timeout then is tried once only, since the first try may have been carried out.
        """
        trace.sent(payload)
        body = json.dumps(payload, ensure_ascii=False).encode()
        headers = self._headers()
        tries = 1 + (self.config.retries if idempotent else 0)
        for attempt in range(1, tries + 1):
            trace.attempts = attempt
            try:
                status, raw = self._attempt(path, body, headers, trace)
                break
            except _Transient as failure:
                logger.warning(
                    "%s %s: attempt %d of %d failed (%s)",
                    self.config.body,
                    path,
                    attempt,
                    tries,
                    failure,
                )
                if attempt == tries:
                    raise self.error(IntegrationErrorCode.BODY_UNAVAILABLE) from failure
                time.sleep(self._backoff(attempt))
        return self._answer(status, raw, accept=accept)

    def _attempt(
        self, path: str, body: bytes, headers: dict[str, str], trace: InquiryTrace
    ) -> tuple[int, bytes]:
        try:
            # No redirects are followed: from a machine API one is a misconfiguration, and
            # following it would resend the body somewhere nobody chose (_answer refuses it).
            status, raw = self._connections.post(path, body, headers, limit=MAX_RESPONSE_BYTES)
        # OSError covers refused and reset connections, DNS failures and timeouts;
        # HTTPException covers a connection dropped before or during the status line.
        except (OSError, http.client.HTTPException) as error:
            raise _Transient(type(error).__name__) from error
        trace.http_status = status
        if status >= 500:
            raise _Transient(f"HTTP {status}")
        return status, raw

    def _answer(self, status: int, raw: bytes, *, accept: Collection[int]) -> JsonResponse:
        if not (200 <= status < 300 or status in accept):
            if status in (401, 403):
                logger.error("%s refused our credentials (HTTP %d)", self.config.body, status)
            else:
                logger.error("%s refused the request (HTTP %d)", self.config.body, status)
            raise self.error(IntegrationErrorCode.BODY_REJECTED, status=status)
        if len(raw) > MAX_RESPONSE_BYTES:
            self.bad_response("answer too large")
        if not raw and status not in range(200, 300):
            return JsonResponse(status, {})
        try:
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError):
            self.bad_response("not JSON")
        if not isinstance(data, dict):
            self.bad_response("not a JSON object")
        return JsonResponse(status, data)

    def _headers(self) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Accept": "application/json",
            "User-Agent": USER_AGENT,
        }
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        elif self.config.username:
            pair = f"{self.config.username}:{self.config.password}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        return headers

    def _backoff(self, attempt: int) -> float:
        # Jitter spreads the retries of many app servers once a body comes back.
        return self.config.backoff * 2 ** (attempt - 1) * random.uniform(0.5, 1.0)
