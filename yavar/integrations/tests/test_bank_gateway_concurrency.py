"""Many donors at once: the simulator's books must match exactly what the clients did, with no
payment lost or counted twice."""

import json
import threading
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from yavar.integrations import log
from yavar.integrations.bank_gateway import get_bank_gateway
from yavar.integrations.bank_gateway.testing import running_bank

DONORS = 32
CALLBACK = "http://127.0.0.1:8000/giving/callback/"


def sim(url, path, payload=None):
    assert url.startswith("http://127.0.0.1:")
    data = None if payload is None else json.dumps(payload).encode()
    request = urllib.request.Request(  # noqa: S310 - loopback, checked
        url + path, data, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - checked
        return json.load(response)


@pytest.fixture
def logged(monkeypatch):
    """The inquiry log rows the threads would write, counted in memory: the test database
    (SQLite, inside the test's transaction) cannot take 32 writing threads, and the log is
    tested on its own elsewhere."""
    rows, lock = Counter(), threading.Lock()

    def write(trace, *, duration_ms):
        with lock:
            rows[(trace.operation, str(trace.outcome))] += 1

    monkeypatch.setattr(log, "_write", write)
    return rows


def test_concurrent_donors_leave_exactly_the_transactions_they_made(settings, logged):
    with running_bank(settings, reverse_window=timedelta(hours=1)) as bank:

        def donor(number):
            order_id, amount = f"C-{number:03d}", 10_000 * (number + 1)
            token = get_bank_gateway().request_token(
                order_id=order_id, amount_rials=amount, callback_url=CALLBACK
            )
            outcome = "CANCELED" if number % 4 == 3 else "OK"
            paid = sim(bank.url, "/_sim/pay", {"token": token, "outcome": outcome})
            # The donor's callback and the background task race to verify the same order.
            with ThreadPoolExecutor(2) as racers:
                results = list(
                    racers.map(
                        lambda _: get_bank_gateway().verify(token=token, order_id=order_id),
                        range(2),
                    )
                )
            return order_id, token, amount, outcome, paid["fields"]["reference"], results

        with ThreadPoolExecutor(DONORS) as pool:
            outcomes = list(pool.map(donor, range(DONORS)))

        expected = {}
        for order_id, token, amount, outcome, reference, results in outcomes:
            statuses = sorted(result.status for result in results)
            if outcome == "OK":
                # Exactly one verify won; the other saw it done. Both say paid, same reference.
                assert statuses == ["ALREADY_VERIFIED", "VERIFIED"]
                assert {result.reference for result in results} == {reference}
                expected[order_id] = (token, amount, "VERIFIED", reference)
            else:
                assert statuses == ["NOT_PAID", "NOT_PAID"]
                expected[order_id] = (token, amount, "CANCELED", "")

        books = {
            row["order_id"]: (row["token"], row["amount_rials"], row["status"], row["reference"])
            for row in sim(bank.url, "/_sim/transactions")["transactions"]
        }
        assert books == expected
        references = [row[3] for row in books.values() if row[3]]
        assert len(references) == len(set(references)) == DONORS * 3 // 4
        assert logged == {("request_token", "ok"): DONORS, ("verify", "ok"): 2 * DONORS}
