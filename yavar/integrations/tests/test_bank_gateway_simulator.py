"""The gateway simulator as a browser and another system meet it: the bank's Persian payment
page, the auto-submitting callback form, the admin endpoints, and parsing the callback."""

import base64
import json
import threading
import time
import urllib.error
import urllib.request
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode

import pytest
from django.utils.module_loading import import_string

from yavar.core.errors import ApplicationError
from yavar.integrations.bank_gateway import (
    CallbackStatus,
    OrderStatus,
    get_bank_gateway,
    parse_callback,
)
from yavar.integrations.bank_gateway.simulator import DECLINED_CARD, MERCHANT_NAME
from yavar.integrations.bank_gateway.testing import PASSWORD, TERMINAL_ID, USERNAME, running_bank
from yavar.integrations.simulator import SIMULATORS

pytestmark = pytest.mark.django_db

CALLBACK = "http://127.0.0.1:8000/giving/callback/"
AMOUNT = 1_250_000
CALLBACK_FIELDS = {"token", "order_id", "status", "reference", "trace", "card_mask", "amount"}


@pytest.fixture
def bank(settings):
    with running_bank(settings) as harness:
        yield harness


def new_token(order_id, callback_url=CALLBACK):
    return get_bank_gateway().request_token(
        order_id=order_id, amount_rials=AMOUNT, callback_url=callback_url
    )


def fetch(url, *, form=None, payload=None, auth=None):
    """(status, content type, body text) of one request, as a browser or a script sends it."""
    assert url.startswith("http://127.0.0.1:")
    headers, data = {}, None
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        data = urlencode(form).encode()
    elif payload is not None:
        headers["Content-Type"] = "application/json"
        data = json.dumps(payload).encode()
    if auth:
        headers["Authorization"] = "Basic " + base64.b64encode(":".join(auth).encode()).decode()
    request = urllib.request.Request(url, data, headers)  # noqa: S310 - loopback, checked
    try:
        with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - checked
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers["Content-Type"], error.read().decode()


class Page(HTMLParser):
    """Just enough of an HTML page to check it: root attributes, forms, buttons, scripts."""

    def __init__(self, html):
        super().__init__()
        self.root, self.forms, self.scripts, self.text = {}, [], [], []
        self._button = self._script = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.root = attrs
        elif tag == "form":
            self.forms.append({**attrs, "inputs": {}, "buttons": []})
        elif tag == "input" and self.forms:
            self.forms[-1]["inputs"][attrs["name"]] = attrs
        elif tag == "button":
            self._button = {**attrs, "label": ""}
            self.forms[-1]["buttons"].append(self._button)
        elif tag == "script":
            self._script = []

    def handle_endtag(self, tag):
        if tag == "button":
            self._button = None
        elif tag == "script":
            self.scripts.append("".join(self._script).strip())
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)
            return
        if self._button is not None:
            self._button["label"] += data.strip()
        self.text.append(data)

    @property
    def all_text(self):
        return " ".join(" ".join(self.text).split())


# --- the payment page -----------------------------------------------------------------------


def test_pay_page_is_persian_rtl_with_merchant_amount_card_field_and_two_buttons(bank):
    token = new_token("P-1")
    status, content_type, html = fetch(get_bank_gateway().payment_url(token))
    assert status == 200 and content_type == "text/html; charset=utf-8"
    page = Page(html)
    assert page.root == {"lang": "fa", "dir": "rtl"}
    assert MERCHANT_NAME in page.all_text and "بانک ملت" in page.all_text
    assert "۱٬۲۵۰٬۰۰۰ ریال" in page.all_text
    assert "P-1" in page.all_text and TERMINAL_ID in page.all_text
    [form] = page.forms
    assert (form["method"], form["action"]) == ("post", f"/ipg/v1/pay/{token}")
    assert form["inputs"]["card"]["autocomplete"] == "cc-number"
    buttons = {button["label"]: button["value"] for button in form["buttons"]}
    assert buttons == {"پرداخت": "pay", "انصراف": "cancel"}
    assert "formnovalidate" in next(b for b in form["buttons"] if b["value"] == "cancel")
    # The bank's page stands alone: no scripts, styles, fonts or images from elsewhere.
    assert "src=" not in html and "href=" not in html and "@import" not in html


def test_paying_on_the_page_sends_the_browser_back_with_an_auto_submitting_form(bank):
    token = new_token("P-2")
    url = get_bank_gateway().payment_url(token)
    # A card typed with Persian digits and spaces, as people do.
    status, _, html = fetch(url, form={"card": "۶۰۳۷ ۹۹۱۲ ۳۴۵۶ ۱۲۳۵", "action": "pay"})
    assert status == 200
    page = Page(html)
    [form] = page.forms
    assert (form["method"], form["action"]) == ("post", CALLBACK)
    assert set(form["inputs"]) == CALLBACK_FIELDS
    assert all(field["type"] == "hidden" for field in form["inputs"].values())
    fields = {name: field["value"] for name, field in form["inputs"].items()}
    assert fields["token"] == token and fields["order_id"] == "P-2"
    assert fields["status"] == "OK" and fields["amount"] == str(AMOUNT)
    assert len(fields["reference"]) == 12 and fields["reference"].isdigit()
    assert fields["card_mask"] == "603799******1235" and fields["trace"].isdigit()
    assert page.scripts == ["document.forms[0].submit();"]
    assert form["buttons"][0]["type"] == "submit"  # for browsers without JavaScript
    assert "پرداخت با موفقیت انجام شد." in page.all_text

    callback = parse_callback(fields)  # what the merchant's view does with the POST
    assert callback.status == CallbackStatus.OK and callback.claimed_amount_rials == AMOUNT
    result = get_bank_gateway().verify(token=callback.token, order_id=callback.order_id)
    assert result.status == "VERIFIED" and result.reference == callback.reference


def test_cancelling_on_the_page_posts_canceled_without_a_reference(bank):
    token = new_token("P-3")
    _, _, html = fetch(get_bank_gateway().payment_url(token), form={"action": "cancel"})
    fields = {name: f["value"] for name, f in Page(html).forms[0]["inputs"].items()}
    assert (fields["status"], fields["reference"], fields["card_mask"]) == ("CANCELED", "", "")
    assert get_bank_gateway().verify(token=token, order_id="P-3").status == "NOT_PAID"


def test_declined_card_posts_failed(bank):
    token = new_token("P-4")
    form = {"card": DECLINED_CARD, "action": "pay"}
    _, _, html = fetch(get_bank_gateway().payment_url(token), form=form)
    fields = {name: f["value"] for name, f in Page(html).forms[0]["inputs"].items()}
    assert (fields["status"], fields["reference"]) == ("FAILED", "")
    assert get_bank_gateway().inquire(order_id="P-4").status == OrderStatus.CANCELED


def test_invalid_card_shows_the_page_again_with_an_error_and_charges_nothing(bank):
    token = new_token("P-5")
    form = {"card": "6037991234561234", "action": "pay"}  # fails the check digit
    status, _, html = fetch(get_bank_gateway().payment_url(token), form=form)
    assert status == 400 and "شماره کارت معتبر نیست." in Page(html).all_text
    assert bank.simulator.transaction(token).status == "PENDING"


def test_unknown_or_settled_tokens_get_a_persian_notice_not_the_form(bank):
    status, _, html = fetch(f"{bank.url}/ipg/v1/pay/{'f' * 32}")
    assert status == 404 and "تراکنش یافت نشد" in Page(html).all_text
    token = new_token("P-6")
    bank.simulator.pay(token)
    status, _, html = fetch(get_bank_gateway().payment_url(token))
    assert status == 409 and not Page(html).forms
    status, _, _ = fetch(get_bank_gateway().payment_url(token), form={"action": "cancel"})
    assert status == 409
    assert bank.simulator.transaction(token).status == "PAID_UNVERIFIED"


def test_lost_redirect_pays_but_never_sends_the_donor_back(bank):
    bank.simulator.set_faults(lose_redirect=True)
    token = new_token("P-7")
    form = {"card": "6037991234561235", "action": "pay"}
    status, _, html = fetch(get_bank_gateway().payment_url(token), form=form)
    assert status == 200 and not Page(html).forms and not Page(html).scripts
    assert get_bank_gateway().inquire(order_id="P-7").status == OrderStatus.PAID_UNVERIFIED


def test_bank_down_hangs_up_on_the_browser_too(bank):
    token = new_token("P-8")
    bank.simulator.set_faults(down=True)
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        fetch(get_bank_gateway().payment_url(token))


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers["Content-Length"])
        self.server.received.append(parse_qs(self.rfile.read(length).decode()))
        self.send_response(302)  # as a merchant's view does; the bank must not follow it
        self.send_header("Location", "/receipt/")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_doubled_callback_reaches_the_merchant_twice(bank):
    merchant = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    merchant.received = []
    threading.Thread(target=merchant.serve_forever, kwargs={"poll_interval": 0.05}).start()
    try:
        callback_url = f"http://127.0.0.1:{merchant.server_address[1]}/callback/"
        bank.simulator.set_faults(double_callback=True)
        token = new_token("P-9", callback_url=callback_url)
        form = {"card": "6037991234561235", "action": "pay"}
        _, _, html = fetch(get_bank_gateway().payment_url(token), form=form)
        # The browser's delivery is this form; the bank posts the same fields once more itself.
        browser = {name: f["value"] for name, f in Page(html).forms[0]["inputs"].items()}
        for _ in range(100):
            if merchant.received:
                break
            time.sleep(0.02)
        [posted] = merchant.received
        assert {name: values[-1] for name, values in posted.items() if values} == {
            name: value for name, value in browser.items() if value
        }
    finally:
        merchant.shutdown()
        merchant.server_close()


# --- the admin endpoints, over HTTP ---------------------------------------------------------


def test_sim_pay_returns_the_callback_fields_and_transactions_list_every_order(bank):
    paid, cancelled, pending = new_token("P-10"), new_token("P-11"), new_token("P-12")
    status, _, body = fetch(f"{bank.url}/_sim/pay", payload={"token": paid})
    answer = json.loads(body)
    assert status == 200 and answer["callback_url"] == CALLBACK and answer["deliveries"] == 1
    assert set(answer["fields"]) == CALLBACK_FIELDS and answer["fields"]["status"] == "OK"
    _, _, body = fetch(f"{bank.url}/_sim/pay", payload={"token": cancelled, "outcome": "CANCELED"})
    assert json.loads(body)["fields"]["status"] == "CANCELED"

    assert fetch(f"{bank.url}/_sim/pay", payload={"token": paid})[0] == 409
    assert fetch(f"{bank.url}/_sim/pay", payload={"token": "f" * 32})[0] == 404
    assert fetch(f"{bank.url}/_sim/pay", payload={"token": pending, "outcome": "MAYBE"})[0] == 400
    assert fetch(f"{bank.url}/_sim/pay", payload={"token": pending, "card": "1234"})[0] == 400

    status, _, body = fetch(f"{bank.url}/_sim/transactions")
    rows = json.loads(body)["transactions"]
    assert [
        (row["order_id"], row["token"], row["amount_rials"], row["status"]) for row in rows
    ] == [
        ("P-10", paid, AMOUNT, "PAID_UNVERIFIED"),
        ("P-11", cancelled, AMOUNT, "CANCELED"),
        ("P-12", pending, AMOUNT, "PENDING"),
    ]
    assert rows[0]["reference"] == answer["fields"]["reference"] and rows[1]["reference"] == ""


def test_api_needs_credentials_and_checks_amounts_itself(bank):
    url = f"{bank.url}/ipg/v1/token"
    order = {"terminal_id": TERMINAL_ID, "order_id": "P-13", "callback_url": CALLBACK}
    assert fetch(url, payload={**order, "amount": AMOUNT})[0] == 401
    status, _, body = fetch(url, payload={**order, "amount": 9_000}, auth=(USERNAME, PASSWORD))
    assert (status, json.loads(body)["error"]) == (400, "amount_below_minimum")
    status, _, body = fetch(url, payload={**order, "amount": "9000"}, auth=(USERNAME, PASSWORD))
    assert (status, json.loads(body)["error"]) == (400, "invalid_amount")


def test_bank_faults_can_be_set_over_http_and_reset(bank):
    assert fetch(f"{bank.url}/_sim/faults", payload={"verify_fail_next": 1})[0] == 200
    assert bank.simulator.bank_faults.verify_fail_next == 1
    assert fetch(f"{bank.url}/_sim/faults", payload={"verify_nonsense": 1})[0] == 400
    new_token("P-14")
    assert fetch(f"{bank.url}/_sim/reset", payload={})[0] == 200
    assert bank.simulator.bank_faults.verify_fail_next == 0
    assert bank.simulator.transactions() == []


def test_every_registered_simulator_starts_from_its_settings():
    # What `run_simulator` does for each body, without serving.
    assert {"civil_registry", "bank_gateway", "sms"} <= set(SIMULATORS)
    ports = set()
    for path in SIMULATORS.values():
        simulator_class = import_string(path)
        config = simulator_class.load_config()
        assert simulator_class.from_config(config).body == config.body
        ports.add(config.port)
    assert {8101, 8102, 8103} <= ports


# --- parsing the callback -------------------------------------------------------------------


def test_callback_parser_refuses_forgeries_and_drops_malformed_details():
    good = {"token": "a" * 32, "order_id": "P-15", "status": "OK", "reference": "123456789012"}
    assert parse_callback({**good, "amount": "10"}).claimed_amount_rials == 10
    for forged in ({**good, "status": "PAID"}, {**good, "token": "<x>"}, {"status": "OK"}):
        with pytest.raises(ApplicationError):
            parse_callback(forged)
    odd = parse_callback({**good, "reference": "12", "card_mask": "6037", "amount": "-5"})
    assert (odd.reference, odd.card_mask, odd.claimed_amount_rials) == ("", "", None)
