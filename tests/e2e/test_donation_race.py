"""The bank's callback racing itself, for real: one paid donation, its callback posted by eight
clients at the same instant to the running server (its own workers and database connections),
must end paid exactly once: one ledger row, one `donation.paid` audit event, one verify at the
bank, and the same receipt for every caller."""

import json
import re
import threading
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from tests.e2e.conftest import SITE_ENV, manage_output

pytestmark = pytest.mark.e2e
RACERS = 8
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIRST_CAUSE = re.compile(r'<select name="cause"[^>]*>.*?<option value="(\d+)"', re.S)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _post(url: str, fields: dict[str, str]) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    request = urllib.request.Request(  # noqa: S310 - our own test server
        url, data=urlencode(fields).encode(), method="POST"
    )
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as answer:  # the 302 arrives here once redirects are off
        return answer.code, answer.headers.get("Location", "")


def _json(url: str, payload: dict[str, str] | None = None) -> dict:  # type: ignore[type-arg]
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 - our simulator
        url, data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return json.load(response)  # type: ignore[no-any-return]


def test_a_callback_racing_itself_counts_the_donation_once(browser, site):
    context = browser.new_context(locale="fa-IR")
    form_page = context.request.get(f"{site}/giving/donate/")
    text = form_page.text()
    created = context.request.post(
        f"{site}/giving/donate/",
        form={
            "csrfmiddlewaretoken": CSRF.search(text).group(1),
            "cause": FIRST_CAUSE.search(text).group(1),
            "amount": "۳۳۰٬۰۰۰",
            "unit": "toman",
        },
        headers={"Origin": site, "Referer": f"{site}/giving/donate/"},
        max_redirects=0,
    )
    assert created.status == 302, created.text()[:500]
    token = created.headers["location"].rsplit("/", 1)[1]
    bank = SITE_ENV["YAVAR_BANK_GATEWAY_URL"]
    # Paid at the bank, the callback not delivered: we post it ourselves, eight times at once.
    paid = _json(f"{bank}/_sim/pay", {"token": token, "redirect": False})
    fields = paid["fields"]

    start = threading.Barrier(RACERS)
    answers: list[tuple[int, str]] = []

    def racer() -> None:
        start.wait()
        answers.append(_post(paid["callback_url"], fields))

    threads = [threading.Thread(target=racer) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == RACERS
    assert {status for status, _ in answers} == {302}
    receipts = {location for _, location in answers}
    assert len(receipts) == 1 and "/giving/receipt/" in receipts.pop()

    code = fields["order_id"]
    counted = json.loads(
        manage_output(
            "shell",
            "-c",
            "import json;"
            "from yavar.giving.models import Donation;"
            "from yavar.catalog.models import ServiceDelivery;"
            "from yavar.audit.models import AuditEvent;"
            f"d = Donation.objects.get(tracking_code='{code}');"
            "print(json.dumps({'status': d.status, 'amount': d.amount_rials,"
            " 'reference': d.bank_reference,"
            " 'ledger': ServiceDelivery.objects.filter(kind='cash_donation',"
            " source_id=str(d.pk)).count(),"
            " 'paid_events': AuditEvent.objects.filter(action='donation.paid',"
            " object_id=str(d.pk)).count()}))",
        ).splitlines()[-1]
    )
    transactions = _json(f"{bank}/_sim/transactions")["transactions"]
    at_bank = next(t for t in transactions if t["token"] == token)
    assert at_bank["status"] == "VERIFIED"
    assert counted == {
        "status": "paid",
        "amount": 3_300_000,
        "reference": at_bank["reference"],
        "ledger": 1,
        "paid_events": 1,
    }
    context.close()
