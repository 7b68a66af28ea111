"""The real SMS provider client: POST {url}/sms/v1/send with the API key as a bearer token.

Request:  {"to": "09121234567", "text": "...", "local_id": "<32 hex>"}
Answer:   {"id": "<message id>"}

`local_id` is ours, made once per `send` and repeated on each retry; the provider answers a
repeat with the first message's id instead of sending again (Iranian providers call this the
local or client id). That is what makes retrying a send safe: without it a timeout after the
provider accepted the message would text the person twice.

The inquiry log gets the field names (`local_id`, `text`, `to`), never the number or the text:
a receipt or an appointment reminder says something about the person.
"""

from __future__ import annotations

import uuid
from functools import lru_cache

from django.core.exceptions import ValidationError

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.validators import normalize_mobile

from ..conf import BodyConfig
from ..enums import InquiryMode, InquiryOutcome
from ..http import JsonHttpClient
from ..log import traced_inquiry
from .config import BODY, MAX_TEXT_LENGTH, SEND_PATH, TITLE, config
from .protocol import SmsSender


class HttpSms(JsonHttpClient):
    title = TITLE

    def __init__(self, config: BodyConfig, *, mode: InquiryMode = InquiryMode.ONLINE) -> None:
        super().__init__(config)
        self.mode = mode

    def send(self, *, mobile: str, text: str) -> str:
        try:
            to = normalize_mobile(mobile)
        except ValidationError as error:
            raise ApplicationError(
                ErrorCode.INVALID_INPUT, fields={"mobile": error.messages}
            ) from error
        if not text.strip():
            raise ValueError("an SMS needs text")
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(f"an SMS text is at most {MAX_TEXT_LENGTH} characters")
        payload = {"to": to, "text": text, "local_id": uuid.uuid4().hex}
        with traced_inquiry(body=BODY, operation="send", mode=self.mode) as trace:
            data = self.post_json(SEND_PATH, payload, trace=trace).data
            message_id = data.get("id")
            if not isinstance(message_id, str | int) or isinstance(message_id, bool):
                self.bad_response("no message id")
            if not str(message_id) or len(str(message_id)) > 64:
                self.bad_response("malformed message id")
            trace.received(["id"])
            trace.outcome = InquiryOutcome.OK
        return str(message_id)


@lru_cache(maxsize=8)
def _client(config: BodyConfig, mode: InquiryMode) -> HttpSms:
    # Clients hold no per-call state, and building one loads the CA bundle (tens of ms), so
    # one per configuration is shared, across threads too. Changed settings make a new key.
    return HttpSms(config, mode=mode)


def get_sms(*, mode: InquiryMode = InquiryMode.ONLINE) -> SmsSender:
    """The configured SMS client (settings are read on each call). Use mode=BATCH for
    messages sent by background tasks to many people."""
    return _client(config(), mode)
