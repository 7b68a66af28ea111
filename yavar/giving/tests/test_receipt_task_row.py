"""The receipt SMS of a paid donation, with the database task backend: its task row is written
with the payment itself (one statement on PostgreSQL, one transaction everywhere), not after
commit, and the real worker runs it once."""

from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult

from tests.statements import as_run, captured_sql
from yavar.audit.models import AuditEvent
from yavar.core.persian import to_persian_digits
from yavar.giving import services
from yavar.giving.enums import DonationStatus
from yavar.giving.models import Donation
from yavar.giving.tasks import send_receipt_sms

pytestmark = pytest.mark.django_db
CALLBACK = "/giving/callback/"
TASK_TABLE = DBTaskResult._meta.db_table
DONATION_TABLE = Donation._meta.db_table


@pytest.fixture
def database_tasks():
    """The production task backend. Changing TASKS resets django_tasks' cached backends (its
    setting_changed receiver), on the way in and on the way out."""
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert isinstance(task_backends["default"], DatabaseBackend)
        yield
    assert not isinstance(task_backends["default"], DatabaseBackend)


def _paid_at_the_bank(cause, bank, **fields):
    """A donation just paid at the bank, and the callback the bank sends for it."""
    donation = services.donation_start(
        cause=cause, amount_rials=500_000, callback_url="http://testserver" + CALLBACK, **fields
    )
    return donation, bank.simulator.pay(donation.gateway_token).fields


@contextmanager
def _transactions_of_statements():
    """(statement, atomic blocks open when it was sent) for every statement sent inside."""
    seen = []

    def record(execute, sql, params, many, context):
        seen.append((as_run(sql), list(connection.atomic_blocks)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        yield seen


def test_a_payment_writes_its_receipt_task_in_the_same_transaction(
    database_tasks, cause, bank, sms, client, django_capture_on_commit_callbacks
):
    donation, payment = _paid_at_the_bank(cause, bank, donor_mobile="09121234567")
    outside = list(connection.atomic_blocks)  # the test's own transaction
    with (
        django_capture_on_commit_callbacks() as after_commit,
        CaptureQueriesContext(connection) as captured,
        _transactions_of_statements() as seen,
    ):
        assert client.post(CALLBACK, payment).status_code == 302
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    # There before any commit: not handed over after it.
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.READY and row.task_path == send_receipt_sms.module_path
    assert row.task_path == "yavar.giving.tasks.send_receipt_sms"
    assert row.args_kwargs == {"args": [donation.pk], "kwargs": {}}
    assert (row.backend_name, row.queue_name) == ("default", "default")
    assert list(DBTaskResult.objects.ready()) == [row]  # the worker will pick it up
    assert not after_commit
    assert sms.simulator.outbox() == []  # sent by the worker, not by the request
    # Written inside the settling transaction that marks the donation paid.
    claim = next(blocks for sql, blocks in seen if f'UPDATE "{DONATION_TABLE}"' in sql)
    task = [blocks for sql, blocks in seen if f'INTO "{TASK_TABLE}"' in sql]
    assert len(task) == 1 and len(claim) > len(outside) and task[0][: len(claim)] == claim
    if connection.vendor == "postgresql":
        inserts = [sql for sql in captured_sql(captured) if sql.startswith(("INSERT", "WITH"))]
        assert len(inserts) == 1 and inserts[0].startswith("WITH")
        # With the claim of the payment itself: the task row is written only if it matches.
        assert f'INSERT INTO "{TASK_TABLE}"' in inserts[0]
        assert f'UPDATE "{DONATION_TABLE}"' in inserts[0]


def test_a_settling_that_fails_after_writing_leaves_no_task_row(
    database_tasks, cause, bank, client, monkeypatch
):
    donation, payment = _paid_at_the_bank(cause, bank, donor_mobile="09121234567")
    real = services.written_together

    @contextmanager
    def then_fail():
        with real():
            yield
        # The batch is written; the settling transaction has not ended yet.
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("a failure after the writes")

    monkeypatch.setattr(services, "written_together", then_fail)
    with pytest.raises(RuntimeError):
        client.post(CALLBACK, payment)
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PENDING
    assert not AuditEvent.objects.filter(action="donation.paid").exists()
    assert not DBTaskResult.objects.exists()


def test_the_worker_sends_the_receipt_once(database_tasks, cause, bank, sms, client, monkeypatch):
    donation, payment = _paid_at_the_bank(cause, bank, donor_mobile="09121234567")
    client.post(CALLBACK, payment)
    client.post(CALLBACK, payment)  # a replayed callback queues nothing more
    assert DBTaskResult.objects.count() == 1
    # The worker's connection housekeeping would close the connection holding the test's
    # transaction (autocommit is off inside it); the test has no stale connections to drop.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    row = DBTaskResult.objects.get()
    assert row.status == TaskResultStatus.SUCCESSFUL, row.traceback
    texts = [m.text for m in sms.simulator.outbox()]
    assert len(texts) == 1 and to_persian_digits(donation.tracking_code) in texts[0]
    assert row.return_value  # the SMS provider's message id
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload")
    assert len(sms.simulator.outbox()) == 1


def test_a_donation_without_a_mobile_gets_no_task_row(database_tasks, cause, bank, client):
    donation, payment = _paid_at_the_bank(cause, bank)
    assert client.post(CALLBACK, payment).status_code == 302
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert not DBTaskResult.objects.exists()
