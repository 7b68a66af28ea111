"""Four eyes, once, all or nothing: approving and applying a people import."""

from __future__ import annotations

import pytest

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.audit.models import AuditEvent
from yavar.core.errors import ApplicationError
from yavar.imports import services
from yavar.imports.enums import BatchStatus, ImportErrorCode
from yavar.imports.errors import ImportRefused
from yavar.imports.models import ImportRowError
from yavar.imports.tests.helpers import PERSON_HEADERS, approve, person_row, upload, xlsx_bytes
from yavar.people import importer as person_importer
from yavar.people.keys import keys_for
from yavar.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def colleague(personas):
    """A second provincial expert in Tehran: the one who approves."""
    return make_user("tehran2", Role.PROVINCIAL_EXPERT, personas.tehran)


@pytest.fixture
def ready_batch(personas, django_capture_on_commit_callbacks):
    rows = [
        PERSON_HEADERS,
        person_row(1, first_name="محمد‌رضا", last_name="رضايي", gender="مرد"),
        person_row(2, county="ری"),
        person_row(3, national_code="123"),  # refused at check
    ]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert batch.status == BatchStatus.READY
    return batch


def test_the_uploader_cannot_approve_their_own_batch(personas, ready_batch):
    with pytest.raises(ImportRefused) as refused:
        services.batch_approve(actor=personas.tehran_expert, batch=ready_batch)
    assert refused.value.code == ImportErrorCode.OWN_BATCH
    assert refused.value.http_status == 403
    ready_batch.refresh_from_db()
    assert ready_batch.status == BatchStatus.READY


def test_someone_outside_the_batchs_unit_cannot_approve(personas, ready_batch):
    with pytest.raises(ApplicationError) as refused:
        services.batch_approve(actor=personas.isfahan_worker, batch=ready_batch)
    assert refused.value.http_status == 404


def test_approval_imports_the_valid_rows_once_with_keys_and_audit(
    personas, colleague, ready_batch, django_capture_on_commit_callbacks
):
    batch = approve(django_capture_on_commit_callbacks, actor=colleague, batch=ready_batch)
    assert batch.status == BatchStatus.APPLIED
    assert (batch.applied_rows, batch.valid_rows, batch.error_rows) == (2, 2, 1)
    assert batch.approved_by == colleague

    people = {p.national_code: p for p in Person.objects.all()}
    assert len(people) == 2
    reza = next(p for p in people.values() if p.first_name == "محمد‌رضا")
    assert reza.last_name == "رضايي"  # stored as typed
    assert (reza.name_key, reza.last_key, reza.father_key) == tuple(
        keys_for(first_name="محمد‌رضا", last_name="رضايي", father_name="حسن").values()
    )
    assert reza.org_unit == personas.tehran_county
    assert reza.gender == "male"

    # One audit event for the batch, naming both people and what they were made from.
    event = AuditEvent.objects.get(action="person.import")
    assert (event.object_type, event.object_id) == ("imports.importbatch", str(batch.pk))
    assert event.actor == colleague
    assert event.changes["people"] == {"old": None, "new": 2}
    assert event.changes["uploaded_by"]["new"] == personas.tehran_expert.username
    assert event.changes["approved_by"]["new"] == colleague.username
    ids = sorted(p.pk for p in people.values())
    assert event.changes["ids_from_rows"]["new"] == [[ids[0], ids[1], 2]]  # rows 2 and 3
    assert {p.import_batch_id for p in people.values()} == {batch.pk}
    assert AuditEvent.objects.filter(action="import.apply", object_id=str(batch.pk)).count() == 1

    # Applying again (a second worker, a repeated task) does nothing.
    assert services.batch_apply(batch_id=batch.pk) is None
    assert Person.objects.count() == 2


def test_a_double_click_on_approve_is_harmless(
    colleague, ready_batch, django_capture_on_commit_callbacks
):
    approve(django_capture_on_commit_callbacks, actor=colleague, batch=ready_batch)
    again = approve(django_capture_on_commit_callbacks, actor=colleague, batch=ready_batch)
    assert again.status == BatchStatus.APPLIED
    assert Person.objects.count() == 2
    assert AuditEvent.objects.filter(action="import.approve").count() == 1


def test_a_failure_in_the_middle_writes_nothing_and_can_be_approved_again(
    colleague, ready_batch, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(person_importer, "APPLY_CHUNK", 1)
    real_write = person_importer.PersonImporter._write
    calls = []

    def failing_write(self, rows):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        if len(calls) == 2:  # after the first person (and its audit row) went in
            raise RuntimeError("disk full")
        return real_write(self, rows)

    monkeypatch.setattr(person_importer.PersonImporter, "_write", failing_write)
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_approve(actor=colleague, batch=ready_batch)
    ready_batch.refresh_from_db()
    assert ready_batch.status == BatchStatus.FAILED
    assert ready_batch.failure == "RuntimeError"
    assert Person.objects.count() == 0
    assert not AuditEvent.objects.filter(action="person.import").exists()

    monkeypatch.setattr(person_importer.PersonImporter, "_write", real_write)
    batch = approve(django_capture_on_commit_callbacks, actor=colleague, batch=ready_batch)
    assert batch.status == BatchStatus.APPLIED
    assert Person.objects.count() == 2


def test_someone_registered_meanwhile_is_skipped_and_reported(
    personas, colleague, ready_batch, django_capture_on_commit_callbacks
):
    from tests.people_factory import person_data
    from yavar.imports.staging import read
    from yavar.people.services import person_create

    first = read(ready_batch.staged_name, ready_batch.staged_sha256)[0]
    person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(national_code=first.values["national_code"]),
        confirmed_not_duplicate=True,
    )
    batch = approve(django_capture_on_commit_callbacks, actor=colleague, batch=ready_batch)
    assert batch.status == BatchStatus.APPLIED
    assert (batch.applied_rows, batch.error_rows) == (1, 2)
    late = ImportRowError.objects.get(batch=batch, row_number=first.row_number)
    assert late.errors == [["national_code", "registered_meanwhile", {}]]


def test_a_rejected_batch_cannot_be_approved(
    personas, colleague, ready_batch, django_capture_on_commit_callbacks
):
    services.batch_reject(actor=colleague, batch=ready_batch, reason="wrong province")
    with pytest.raises(ImportRefused) as refused:
        services.batch_approve(actor=colleague, batch=ready_batch)
    assert refused.value.code == ImportErrorCode.NOT_APPROVABLE
    assert Person.objects.count() == 0


def test_checking_again_replaces_the_result_and_needs_a_fresh_approval(
    colleague, ready_batch, django_capture_on_commit_callbacks
):
    old_run = ready_batch.run
    with django_capture_on_commit_callbacks(execute=True):
        services.batch_revalidate(actor=colleague, batch=ready_batch)
    ready_batch.refresh_from_db()
    assert ready_batch.status == BatchStatus.READY
    assert ready_batch.run == old_run + 1
    assert ImportRowError.objects.filter(batch=ready_batch).count() == 1
    # Approving what one saw before the new check is refused.
    with pytest.raises(ImportRefused) as refused:
        services.batch_approve(actor=colleague, batch=ready_batch, expected_run=old_run)
    assert refused.value.code == ImportErrorCode.CHANGED
    # A stale check task of the old run finds nothing to do.
    assert services.batch_validate(batch_id=ready_batch.pk, run=old_run) is None
