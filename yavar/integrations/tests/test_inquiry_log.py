import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from yavar.audit.models import AppendOnlyError
from yavar.integrations.civil_registry import get_civil_registry
from yavar.integrations.enums import InquiryMode
from yavar.integrations.errors import IntegrationUnavailable
from yavar.integrations.models import InquiryLog

from .conftest import CODE, OTHER_CODE, ZAHRA

pytestmark = pytest.mark.django_db


def inquire(client=None, **given):
    fields = {
        "national_code": CODE,
        "birth_date": ZAHRA.birth_date,
        "first_name": ZAHRA.first_name,
        "last_name": ZAHRA.last_name,
    }
    return (client or get_civil_registry()).inquire(**{**fields, **given})


def test_every_call_writes_exactly_one_row_with_field_names_only(registry):
    inquire(actor_label="isfahan-worker", object_ref=("people.person", "42"))
    log = InquiryLog.objects.get()
    assert (log.body, log.operation, log.mode, log.outcome) == (
        "civil_registry",
        "identity_inquiry",
        "online",
        "ok",
    )
    assert log.fields_sent == ["birth_date", "national_code"]
    assert log.fields_received == [
        "alive",
        "birth_date",
        "father_name",
        "first_name",
        "gender",
        "last_name",
        "national_code",
    ]
    assert (log.actor_label, log.object_type, log.object_id) == (
        "isfahan-worker",
        "people.person",
        "42",
    )
    assert log.attempts == 1 and log.duration_ms >= 0 and log.started_at is not None
    row = " ".join(str(value) for value in InquiryLog.objects.values().get().values())
    for secret in (CODE, ZAHRA.first_name, ZAHRA.last_name, "1988"):
        assert secret not in row


def test_each_outcome_is_logged_once(registry):
    inquire(first_name="مریم")
    registry.simulator.mark_unknown(OTHER_CODE)
    get_civil_registry().inquire(
        national_code=OTHER_CODE, birth_date=None, first_name="", last_name=""
    )
    outcomes = list(InquiryLog.objects.order_by("id").values_list("outcome", "fields_received"))
    assert outcomes[0][0] == "mismatch"
    assert outcomes[1] == ("not_found", [])
    assert InquiryLog.objects.get(outcome="not_found").fields_sent == ["national_code"]


def test_batch_inquiries_are_logged_as_batch(registry):
    inquire(get_civil_registry(mode=InquiryMode.BATCH))
    assert InquiryLog.objects.get().mode == "batch"


def test_a_failed_call_outside_a_transaction_is_still_logged(registry):
    registry.simulator.set_faults(down=True)
    with pytest.raises(IntegrationUnavailable):
        inquire()
    assert InquiryLog.objects.get().outcome == "error"


def test_log_rows_cannot_be_changed_or_deleted_through_the_orm(registry):
    inquire()
    log = InquiryLog.objects.get()
    log.outcome = "error"
    with pytest.raises(AppendOnlyError):
        log.save()
    with pytest.raises(AppendOnlyError):
        log.delete()
    with pytest.raises(AppendOnlyError):
        InquiryLog.objects.update(outcome="error")
    with pytest.raises(AppendOnlyError):
        InquiryLog.objects.all().delete()
    assert InquiryLog.objects.get().outcome == "ok"


@pytest.mark.parametrize("sql", ["UPDATE {t} SET outcome = 'error'", "DELETE FROM {t}"])
def test_database_refuses_raw_sql_changes_to_the_log(registry, sql):
    inquire()
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql.format(t=InquiryLog._meta.db_table))
    assert InquiryLog.objects.get().outcome == "ok"


def test_a_call_inside_a_transaction_that_rolls_back_takes_its_log_row_with_it(registry):
    # The documented trade-off (see log.py): inquire before opening the transaction.
    registry.simulator.set_faults(down=True)
    with pytest.raises(IntegrationUnavailable), transaction.atomic():
        inquire()
    assert not InquiryLog.objects.exists()
