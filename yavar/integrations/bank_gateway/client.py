"""The real payment gateway client, JSON over HTTPS with the merchant's credentials (HTTP basic
username/password, or an API key as a bearer token) plus the terminal id in every request.

    POST /ipg/v1/token    {terminal_id, order_id, amount, callback_url, mobile?} → {token}
                          400 {"error": "amount_below_minimum"} | 409 {"error": "duplicate_order"}
    POST /ipg/v1/verify   {terminal_id, token, order_id}
                          → {status, token, order_id, amount, reference, card_mask, trace}
    POST /ipg/v1/reverse  {terminal_id, token, order_id}
                          → {status, token, order_id, amount, reference}
                          409 {"error": "reverse_window_passed"}
    POST /ipg/v1/inquiry  {terminal_id, order_id}
                          → {status, order_id, token, amount, reference, card_mask, trace}
    GET  /ipg/v1/pay/{token}   the bank's page, opened by the donor's browser

Amounts are whole rials. Retries (see each method for why):
    request_token  not retried: a retry after a lost answer would be refused as a duplicate
                   order, and nothing is lost by failing: the donor has not paid yet.
    verify         retried: the bank answers a repeat ALREADY_VERIFIED with the same data.
    reverse        not retried: it moves money; after a failure, `inquire` first.
    inquire        retried: it changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, TypeVar
from urllib.parse import quote, urlsplit

from django.core.exceptions import ValidationError

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.validators import normalize_mobile

from ..conf import BodyConfig
from ..enums import InquiryMode, InquiryOutcome
from ..errors import IntegrationErrorCode, IntegrationUnavailable
from ..http import JsonHttpClient, JsonResponse
from ..log import InquiryTrace, traced_inquiry
from . import answers, formats
from .config import (
    BODY,
    INQUIRY_PATH,
    MIN_AMOUNT_RIALS,
    PAY_PATH,
    REVERSE_PATH,
    TITLE,
    TOKEN_PATH,
    VERIFY_PATH,
    config,
)
from .errors import BankErrorCode, BankGatewayError, PaymentStateUnknown
from .protocol import (
    BankGateway,
    InquiryResult,
    OrderStatus,
    ReverseResult,
    ReverseStatus,
    VerifyResult,
    VerifyStatus,
)

T = TypeVar("T")

# The bank's refusals the caller can act on; any other 4xx is a plain BODY_REJECTED.
_REFUSALS = {code.value: code for code in BankErrorCode}


class HttpBankGateway(JsonHttpClient):
    title = TITLE

    def __init__(self, config: BodyConfig, *, mode: InquiryMode = InquiryMode.ONLINE) -> None:
        super().__init__(config)
        self.mode = mode

    # --- the protocol -----------------------------------------------------------------------

    def request_token(
        self, *, order_id: str, amount_rials: int, callback_url: str, mobile: str = ""
    ) -> str:
        payload: dict[str, Any] = {
            "order_id": _order_id(order_id),
            "amount": _amount(amount_rials),
            "callback_url": _callback_url(callback_url),
        }
        if mobile:
            payload["mobile"] = _mobile(mobile)
        with self._traced("request_token") as trace:
            # Not retried (see the module docstring); the donor simply tries again.
            answer = self._post(
                TOKEN_PATH, payload, trace=trace, accept=(400, 409), idempotent=False
            )
            token = self._read(answers.token, answer.data)
            trace.outcome = InquiryOutcome.OK
        return token

    def payment_url(self, token: str) -> str:
        # The page lives beside the API at the bank, as Shaparak gateways do.
        return self.config.url.rstrip("/") + PAY_PATH + quote(token, safe="")

    def verify(self, *, token: str, order_id: str) -> VerifyResult:
        payload = {"token": _token(token), "order_id": _order_id(order_id)}
        with self._traced("verify") as trace:
            # Retried: verify is idempotent at the bank. If the first try was carried out but
            # its answer lost, the retry answers ALREADY_VERIFIED, which `paid` accepts.
            answer = self._money_call(VERIFY_PATH, payload, trace=trace, idempotent=True)
            result = self._read(answers.verify_result, answer.data, token=token, order_id=order_id)
            trace.outcome = _outcome(result.status is VerifyStatus.UNKNOWN_TOKEN)
        return result

    def reverse(self, *, token: str, order_id: str) -> ReverseResult:
        payload = {"token": _token(token), "order_id": _order_id(order_id)}
        with self._traced("reverse") as trace:
            # Not retried: a refund is not something to repeat blindly. The bank does answer a
            # second reverse REVERSED, but whoever retries should `inquire` first and decide.
            answer = self._money_call(
                REVERSE_PATH, payload, trace=trace, idempotent=False, accept=(409,)
            )
            result = self._read(answers.reverse_result, answer.data, token=token, order_id=order_id)
            trace.outcome = _outcome(result.status is ReverseStatus.UNKNOWN_TOKEN)
        return result

    def inquire(self, *, order_id: str) -> InquiryResult:
        payload = {"order_id": _order_id(order_id)}
        with self._traced("inquiry") as trace:
            answer = self._post(INQUIRY_PATH, payload, trace=trace)
            result = self._read(answers.inquiry_result, answer.data, order_id=order_id)
            trace.outcome = _outcome(result.status is OrderStatus.UNKNOWN)
        return result

    # --- the exchange -----------------------------------------------------------------------

    @contextmanager
    def _traced(self, operation: str) -> Iterator[InquiryTrace]:
        # No object_ref: the log keeps field names only, and the order id is a value.
        with traced_inquiry(body=BODY, operation=operation, mode=self.mode) as trace:
            yield trace

    def _post(
        self,
        path: str,
        payload: Mapping[str, Any],
        *,
        trace: InquiryTrace,
        accept: Collection[int] = (),
        idempotent: bool = True,
    ) -> JsonResponse:
        answer = self.post_json(
            path,
            {"terminal_id": self.config.terminal_id, **payload},
            trace=trace,
            accept=accept,
            idempotent=idempotent,
        )
        trace.received(name for name in answer.data if name in answers.KNOWN_FIELDS)
        if answer.status >= 300:  # an accepted refusal: name it, or refuse plainly
            reason = answer.data.get("error")
            code = _REFUSALS.get(reason) if isinstance(reason, str) else None
            if code is None:
                raise self.error(IntegrationErrorCode.BODY_REJECTED, status=answer.status)
            raise BankGatewayError(code)
        return answer

    def _money_call(
        self,
        path: str,
        payload: Mapping[str, Any],
        *,
        trace: InquiryTrace,
        idempotent: bool,
        accept: Collection[int] = (),
    ) -> JsonResponse:
        try:
            return self._post(path, payload, trace=trace, accept=accept, idempotent=idempotent)
        except IntegrationUnavailable as error:
            # No answer is not "nothing happened": the bank may have carried it out.
            raise PaymentStateUnknown() from error

    def _read(self, reader: Callable[..., T], data: dict[str, Any], **expected: str) -> T:
        try:
            return reader(data, **expected)
        except answers.Malformed as error:
            self.bad_response(str(error))


# --- checks before anything is sent ---------------------------------------------------------
# Order ids, tokens and callback URLs come from Yavar's code, not from people: a malformed one
# is a bug, hence ValueError. Amounts and mobile numbers are typed by donors.


def _order_id(value: str) -> str:
    if not isinstance(value, str) or not formats.ORDER_ID.fullmatch(value):
        raise ValueError("order_id must be 1-64 letters, digits, '-' or '_'")
    return value


def _token(value: str) -> str:
    if not isinstance(value, str) or not formats.TOKEN.fullmatch(value):
        raise ValueError("not a gateway token")
    return value


def _amount(value: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"amount_rials must be an int, not {type(value).__name__}")
    if value < MIN_AMOUNT_RIALS:
        raise BankGatewayError(BankErrorCode.AMOUNT_BELOW_MINIMUM)
    return value


def _callback_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError("callback_url must be an absolute http(s) URL")
    return value


def _mobile(value: str) -> str:
    try:
        return normalize_mobile(value)
    except ValidationError as error:
        raise ApplicationError(
            ErrorCode.INVALID_INPUT, fields={"mobile": error.messages}
        ) from error


def _outcome(not_found: bool) -> InquiryOutcome:
    return InquiryOutcome.NOT_FOUND if not_found else InquiryOutcome.OK


@lru_cache(maxsize=8)
def _client(config: BodyConfig, mode: InquiryMode) -> HttpBankGateway:
    # Clients hold no per-call state, and building one loads the CA bundle (tens of ms), so
    # one per configuration is shared, across threads too. Changed settings make a new key.
    return HttpBankGateway(config, mode=mode)


def get_bank_gateway(*, mode: InquiryMode = InquiryMode.ONLINE) -> BankGateway:
    """The configured gateway client (settings are read on each call, so tests that change them
    need no reload). Use mode=BATCH from background tasks (the settlement re-check)."""
    return _client(config(), mode)
