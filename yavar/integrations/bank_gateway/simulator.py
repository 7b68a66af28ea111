"""The payment gateway simulator: the bank's JSON API (credentials and terminal id checked),
its payment page for browsers, and admin endpoints for tests and benchmarks:

    POST /_sim/pay           {"token", "card"?, "outcome"?: OK|CANCELED|FAILED, "redirect"?: bool}
                             pays without a browser; answers {"callback_url", "fields",
                             "deliveries"}: post `fields` to `callback_url` `deliveries` times
                             (0: the donor never came back; 2: the callback arrives twice)
    GET  /_sim/transactions  {"transactions": [{order_id, token, amount_rials, status,
                             reference, trace, card_mask, created_at, paid_at, ...}]}
    POST /_sim/faults        the framework's faults plus the bank's own (BankFaults)

On the payment page a card number ending in 0000 (e.g. 6037991000040000) is declined (FAILED);
any other valid card pays. Unpaid tokens never expire here.
"""

from __future__ import annotations

import logging
import re
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, fields, replace
from datetime import timedelta
from typing import Any, Self
from urllib.parse import parse_qs, urlencode, urlsplit

from django.core.exceptions import ValidationError

from yavar.core.validators import normalize_card_number, normalize_mobile

from ..conf import BodyConfig

# _Handler is the framework's request handler; the bank's pages extend it (see _PageHandler).
from ..simulator import (
    Answer,
    BadRequest,
    Route,
    SimRequest,
    Simulator,
    SimulatorServer,
    _Handler,
)
from . import formats, pages
from .config import (
    BODY,
    INQUIRY_PATH,
    MIN_AMOUNT_RIALS,
    PAY_PATH,
    REVERSE_PATH,
    TOKEN_PATH,
    VERIFY_PATH,
    config,
)
from .ledger import Ledger, Refused, SimStatus, Transaction
from .protocol import CallbackStatus

logger = logging.getLogger("yavar.integrations")

# A Luhn-valid test card, used when a test pays without naming one.
TEST_CARD = "6037991234561235"
DECLINED_CARD = "6037991000040000"
MERCHANT_NAME = "سازمان بهزیستی کشور، حساب مشارکت‌های مردمی"
_MAX_FORM_BYTES = 4096


@dataclass
class BankFaults:
    """The bank's own faults, beside the framework's down/delay/fail_next/garble."""

    verify_fail_next: int = 0  # the next N verifies answer 500 without doing anything
    # The next N verifies ARE carried out, but answer only after `verify_delay` seconds (past
    # the client's timeout): the nasty case where the money moved and nobody heard.
    verify_timeout_next: int = 0
    verify_delay: float = 2.0
    lose_redirect: bool = False  # payments go through; the donor never comes back
    double_callback: bool = False  # the callback reaches the merchant twice


_BANK_FAULTS = {f.name for f in fields(BankFaults)}


@dataclass(frozen=True)
class Payment:
    callback_url: str
    fields: dict[str, str]
    deliveries: int  # how many times the merchant receives the callback
    status: CallbackStatus


class BankGatewaySimulator(Simulator):
    body = BODY

    def __init__(
        self,
        *,
        username: str = "",
        password: str = "",
        api_key: str = "",
        terminal_id: str = "",
        min_amount_rials: int = MIN_AMOUNT_RIALS,
        reverse_window: timedelta = timedelta(minutes=30),
    ) -> None:
        super().__init__(username=username, password=password, api_key=api_key)
        self.terminal_id = terminal_id  # empty: any terminal id is accepted
        self.min_amount_rials = min_amount_rials
        # How long after verify a reverse is still accepted (settlement closes it).
        self.reverse_window = reverse_window
        self.ledger = Ledger()
        self.bank_faults = BankFaults()

    @classmethod
    def from_config(cls, config: BodyConfig) -> Self:
        return cls(
            username=config.username,
            password=config.password,
            api_key=config.api_key,
            terminal_id=config.terminal_id,
        )

    @classmethod
    def load_config(cls) -> BodyConfig:
        return config()

    # --- in-process control (tests) ---------------------------------------------------------

    def set_faults(self, **changes: Any) -> None:
        bank = {name: changes.pop(name) for name in list(changes) if name in _BANK_FAULTS}
        super().set_faults(**changes)  # refuses unknown names
        with self.lock:
            for name, value in bank.items():
                setattr(self.bank_faults, name, type(getattr(self.bank_faults, name))(value))

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self.bank_faults = BankFaults()
            self.ledger.clear()

    def pay(
        self,
        token: str,
        *,
        card: str = TEST_CARD,
        outcome: CallbackStatus = CallbackStatus.OK,
        redirect: bool = True,
    ) -> Payment:
        """Settle a token as the payment page would. Raises Refused for an unknown or already
        settled token."""
        with self.lock:
            txn = self.ledger.pay(token, card=card, outcome=outcome)
            if not redirect or self.bank_faults.lose_redirect:
                deliveries = 0
            else:
                deliveries = 2 if self.bank_faults.double_callback else 1
            return Payment(txn.callback_url, txn.callback_fields(), deliveries, outcome)

    def transactions(self) -> list[dict[str, Any]]:
        with self.lock:
            return [txn.as_json() for txn in self.ledger.all()]

    def transaction(self, token: str) -> Transaction | None:
        with self.lock:
            txn = self.ledger.get(token)
            return replace(txn) if txn else None  # a copy: the ledger changes under the lock

    # --- the bank's API ---------------------------------------------------------------------

    def routes(self) -> dict[tuple[str, str], Route]:
        return {
            ("POST", TOKEN_PATH): self._token,
            ("POST", VERIFY_PATH): self._verify,
            ("POST", REVERSE_PATH): self._reverse,
            ("POST", INQUIRY_PATH): self._inquire,
        }

    def admin_routes(self) -> dict[tuple[str, str], Route]:
        return {
            **super().admin_routes(),
            ("POST", "/_sim/pay"): self._sim_pay,
            ("GET", "/_sim/transactions"): lambda request: (
                200,
                {"transactions": self.transactions()},
            ),
        }

    def _payload(self, request: SimRequest) -> dict[str, Any]:
        if not isinstance(request.payload, dict):
            raise BadRequest("invalid_payload", "send a JSON object")
        if self.terminal_id and request.payload.get("terminal_id") != self.terminal_id:
            raise Refused(403, "unknown_terminal", "no such terminal for these credentials")
        return request.payload

    def _token(self, request: SimRequest) -> Answer:
        payload = self._payload(request)
        order_id = _matching(payload, "order_id", formats.ORDER_ID)
        amount = payload.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool):
            raise BadRequest("invalid_amount", "a whole number of rials")
        if amount < self.min_amount_rials:
            raise BadRequest("amount_below_minimum", f"at least {self.min_amount_rials} rials")
        callback_url = payload.get("callback_url")
        if not isinstance(callback_url, str) or urlsplit(callback_url).scheme not in (
            "http",
            "https",
        ):
            raise BadRequest("invalid_callback_url", "an absolute http(s) URL")
        if payload.get("mobile"):
            try:
                normalize_mobile(str(payload["mobile"]))
            except ValidationError as error:
                raise BadRequest("invalid_mobile") from error
        with self.lock:
            txn = self.ledger.open(
                order_id=order_id, amount_rials=amount, callback_url=callback_url
            )
        return 200, {"token": txn.token}

    def _verify(self, request: SimRequest) -> Answer:
        payload = self._payload(request)
        token = _matching(payload, "token", formats.TOKEN)
        order_id = _matching(payload, "order_id", formats.ORDER_ID)
        with self.lock:
            faults = self.bank_faults
            if faults.verify_fail_next > 0:
                faults.verify_fail_next -= 1
                return 500, {"error": "simulated_failure"}
            answer = self.ledger.verify(token, order_id)
            late = faults.verify_timeout_next > 0
            if late:
                faults.verify_timeout_next -= 1
            delay = faults.verify_delay
        if late:
            self._stopping.wait(delay)  # done, but answered after the client gave up
        return 200, answer

    def _reverse(self, request: SimRequest) -> Answer:
        payload = self._payload(request)
        token = _matching(payload, "token", formats.TOKEN)
        order_id = _matching(payload, "order_id", formats.ORDER_ID)
        with self.lock:
            return 200, self.ledger.reverse(token, order_id, window=self.reverse_window)

    def _inquire(self, request: SimRequest) -> Answer:
        order_id = _matching(self._payload(request), "order_id", formats.ORDER_ID)
        with self.lock:
            return 200, self.ledger.inquire(order_id)

    def _sim_pay(self, request: SimRequest) -> Answer:
        payload = request.payload if isinstance(request.payload, dict) else {}
        try:
            outcome = CallbackStatus(payload.get("outcome", CallbackStatus.OK))
        except ValueError as error:
            raise BadRequest("invalid_outcome", "OK, CANCELED or FAILED") from error
        card = ""
        if outcome is not CallbackStatus.CANCELED:
            card = _card(str(payload.get("card") or TEST_CARD))
            if not card:
                raise BadRequest("invalid_card", "a valid 16-digit card number")
        payment = self.pay(
            str(payload.get("token", "")),
            card=card,
            outcome=outcome,
            redirect=bool(payload.get("redirect", True)),
        )
        return 200, {
            "callback_url": payment.callback_url,
            "fields": payment.fields,
            "deliveries": payment.deliveries,
        }

    # --- the payment page (browsers) --------------------------------------------------------

    def page(self, method: str, token: str, form: dict[str, str]) -> tuple[int, str] | None:
        """Answer the donor's browser: (status, HTML), or None to drop the connection."""
        with self.lock:
            if self.faults.down:
                return None
        txn = self.transaction(token)
        if txn is None:
            return 404, pages.notice_page("تراکنش یافت نشد", "این پیوند پرداخت معتبر نیست.")
        if txn.status is not SimStatus.PENDING:
            return 409, _already_done()
        if method == "GET":
            return 200, self._pay_page(txn)
        action = form.get("action")
        if action == "cancel":
            card, outcome = "", CallbackStatus.CANCELED
        elif action == "pay":
            card = _card(form.get("card", ""))
            if not card:
                return 400, self._pay_page(txn, error="شماره کارت معتبر نیست.")
            outcome = CallbackStatus.FAILED if card.endswith("0000") else CallbackStatus.OK
        else:
            return 400, self._pay_page(txn, error="یکی از دکمه‌های پرداخت یا انصراف را بزنید.")
        try:
            payment = self.pay(token, card=card, outcome=outcome)
        except Refused:  # paid from another tab a moment ago
            return 409, _already_done()
        if payment.deliveries == 0:
            return 200, pages.notice_page(
                "ارتباط قطع شد", "پرداخت انجام شد، اما بازگشت به سایت پذیرنده ممکن نشد."
            )
        if payment.deliveries > 1:
            _deliver_in_background(payment)
        return 200, pages.callback_form(
            callback_url=payment.callback_url, fields=payment.fields, status=payment.status
        )

    def _pay_page(self, txn: Transaction, *, error: str = "") -> str:
        return pages.pay_page(
            merchant=MERCHANT_NAME,
            terminal_id=self.terminal_id,
            order_id=txn.order_id,
            amount_rials=txn.amount_rials,
            action=PAY_PATH + txn.token,
            error=error,
        )

    # --- serving ----------------------------------------------------------------------------

    def make_server(self, host: str, port: int, *, log_requests: bool = False) -> SimulatorServer:
        self._stopping.clear()
        server = _BankServer((host, port), self, log_requests=log_requests)
        # The framework's handler speaks JSON only; the bank's also serves its HTML pages.
        server.RequestHandlerClass = _PageHandler
        return server


class _BankServer(SimulatorServer):
    # socketserver listens with a backlog of 5: when dozens of clients connect at once (the
    # benchmark runs 64), the kernel drops the extra connection attempts and clients retry
    # only after a second, which looks like a slow bank.
    request_queue_size = 128


class _PageHandler(_Handler):
    def _handle(self, method: str) -> None:
        path = self.path.split("?", 1)[0]
        simulator = self.server.simulator
        if not path.startswith(PAY_PATH) or not isinstance(simulator, BankGatewaySimulator):
            super()._handle(method)
            return
        form: dict[str, str] = {}
        if method == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            if length > _MAX_FORM_BYTES:
                self.close_connection = True  # the rest stays unread, so the socket is spent
            raw = self.rfile.read(min(length, _MAX_FORM_BYTES))
            parsed = parse_qs(raw.decode("utf-8", "replace"))
            form = {name: values[-1] for name, values in parsed.items()}
        page = simulator.page(method, path.removeprefix(PAY_PATH), form)
        if page is None:
            self.close_connection = True  # the bank is down: hang up
            return
        status, html = page
        self.send_whole(
            status,
            html.encode(),
            {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"},
        )


def _matching(payload: dict[str, Any], name: str, pattern: re.Pattern[str]) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise BadRequest(f"invalid_{name}")
    return value


def _card(value: str) -> str:
    """The normalised card number, or "" for anything that is not a valid card."""
    try:
        return normalize_card_number(value)
    except ValidationError:
        return ""


def _already_done() -> str:
    return pages.notice_page("تراکنش بسته شده است", "این پرداخت پیش‌تر انجام یا لغو شده است.")


class _StayPut(urllib.request.HTTPRedirectHandler):
    # The merchant answers its callback with a redirect meant for the browser; the bank
    # has no reason to follow it.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _deliver_in_background(payment: Payment) -> None:
    """The second delivery of a doubled callback: the bank posts the same form itself."""

    def deliver() -> None:
        request = urllib.request.Request(  # noqa: S310 - http(s) checked when the token was made
            payment.callback_url,
            data=urlencode(payment.fields).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            method="POST",
        )
        try:
            urllib.request.build_opener(_StayPut()).open(request, timeout=5).close()
        except urllib.error.HTTPError:
            pass  # the merchant answered (a redirect or a refusal): delivered
        except OSError as error:
            logger.warning("bank simulator: second callback not delivered (%s)", error)

    threading.Thread(target=deliver, name="bank-callback", daemon=True).start()
