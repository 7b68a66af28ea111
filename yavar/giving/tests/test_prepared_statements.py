"""core.prepared: the hot paths' batches and reads prepared once per connection on PostgreSQL
and then only executed; what they write and read is the same as the statement sent whole."""

import pytest
from django.db import NotSupportedError, ProgrammingError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.statements import prepared_body
from yavar.audit.models import AuditEvent
from yavar.audit.services import audit_record
from yavar.core.prepared import executing, prepared_form
from yavar.core.rows import fetch_instance
from yavar.core.rows_together import written_together

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)

AWKWARD = "it's 100% \\ done; DROP TABLE x --"
BY_PERSON = "action = %s AND person_ref = %s"


def _two_records(action):
    """A batch of two rows: on PostgreSQL one statement of two CTEs."""
    with CaptureQueriesContext(connection) as captured, written_together():
        audit_record(actor=None, action=action, data={"note": AWKWARD})
        audit_record(actor=None, action=action, person_ref=AWKWARD[:20])
    return [q["sql"] for q in captured.captured_queries]


def _names_held():
    return {
        name
        for (name,) in connection.connection.execute(
            "SELECT name FROM pg_prepared_statements WHERE name LIKE 'yavar_%%'"
        ).fetchall()
    }


def test_marks_are_numbered_and_a_doubled_percent_is_one():
    made = prepared_form("SELECT 1 WHERE a = %s AND b LIKE 'x%%' AND c = %s", "read")
    assert made.prepare.endswith(" AS SELECT 1 WHERE a = $1 AND b LIKE 'x%' AND c = $2")
    assert made.prepare.startswith(f"PREPARE {made.name} AS ")
    assert made.execute == f"EXECUTE {made.name}(%s, %s)"
    assert "(" not in prepared_form("SELECT 2", "read").execute  # no arguments, no brackets
    assert prepared_form("SELECT 2", "read").name != made.name  # one text, one name


@on_postgresql
def test_a_batch_is_prepared_once_per_connection_then_only_executed():
    first = _two_records("prepared.first")
    held = _names_held()
    second = _two_records("prepared.second")
    assert _names_held() == held  # nothing prepared again for the same shape
    assert len(first) == len(second) == 1
    assert first[0].startswith("EXECUTE yavar_together_")
    name = second[0].split(" ", 2)[1].split("(", 1)[0]
    assert name in held and prepared_body(name).startswith("WITH ")
    for action in ("prepared.first", "prepared.second"):
        events = AuditEvent.objects.filter(action=action).order_by("pk")
        assert [e.changes for e in events] == [{"note": {"old": None, "new": AWKWARD}}, {}]
        assert events[1].person_ref == AWKWARD[:20]


@on_postgresql
def test_a_statement_prepared_in_a_transaction_rolled_back_still_serves():
    with pytest.raises(RuntimeError), transaction.atomic():
        _two_records("prepared.rolled_back")
        raise RuntimeError("roll it back")
    assert not AuditEvent.objects.filter(action="prepared.rolled_back").exists()
    _two_records("prepared.after")
    assert AuditEvent.objects.filter(action="prepared.after").count() == 2


@on_postgresql
def test_a_statement_lost_behind_its_back_fails_once_writes_nothing_then_is_prepared_again():
    _two_records("prepared.before")
    connection.connection.execute("DEALLOCATE ALL")
    with pytest.raises(ProgrammingError), transaction.atomic():
        _two_records("prepared.lost")
    assert not AuditEvent.objects.filter(action="prepared.lost").exists()
    _two_records("prepared.again")
    assert AuditEvent.objects.filter(action="prepared.again").count() == 2


@on_postgresql
def test_without_prepared_statements_the_batch_is_sent_whole():
    pg = connection.connection
    before, pg.prepare_threshold = pg.prepare_threshold, None  # as YAVAR_DB_PREPARED=0 leaves it
    try:
        held = _names_held()
        sent = _two_records("prepared.off")
        found = fetch_instance(AuditEvent, BY_PERSON, ["prepared.off", AWKWARD[:20]])
    finally:
        pg.prepare_threshold = before
    assert len(sent) == 1 and sent[0].startswith("WITH ")
    assert _names_held() == held
    assert found is not None and found.person_ref == AWKWARD[:20]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_for_itself():
    _two_records("prepared.old_connection")
    connection.close()
    _two_records("prepared.new_connection")
    assert AuditEvent.objects.filter(action="prepared.new_connection").count() == 2


def test_a_prepared_read_finds_the_row_its_awkward_arguments_name():
    audit_record(actor=None, action="prepared.read", person_ref=AWKWARD[:20])
    audit_record(actor=None, action="prepared.read", person_ref="another")
    with CaptureQueriesContext(connection) as captured:
        found = fetch_instance(AuditEvent, BY_PERSON, ["prepared.read", AWKWARD[:20]])
        missing = fetch_instance(AuditEvent, BY_PERSON, ["prepared.read", "nobody"])
    assert found is not None and found.person_ref == AWKWARD[:20]
    assert missing is None
    if connection.vendor == "postgresql":
        assert all(q["sql"].startswith("EXECUTE yavar_read_") for q in captured.captured_queries)


@on_postgresql
def test_a_statement_whose_table_changed_shape_fails_once_then_is_made_anew():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE prepared_shape (id integer, v integer)")
        cursor.execute("INSERT INTO prepared_shape VALUES (1, 7)")
    read = prepared_form("SELECT * FROM prepared_shape WHERE id = %s", "read")

    def run():
        with connection.cursor() as cursor, executing(connection, read):
            cursor.execute(read.execute, [1])
            return cursor.fetchone()

    assert run() == (1, 7)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE prepared_shape ALTER COLUMN v TYPE text")
    with pytest.raises(NotSupportedError), transaction.atomic():
        run()  # "cached plan must not change result type"
    assert run() == (1, "7")
