"""After a bulk import, the registry can still say who created a person and how: the auditor
finds the batch's import event by the person's national code or registry id, and search finds
the imported people by name."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.audit.models import AuditEvent
from yavar.imports.enums import BatchStatus
from yavar.imports.tests.helpers import (
    PERSON_HEADERS,
    approve,
    national_code,
    person_row,
    upload,
    xlsx_bytes,
)
from yavar.people.importer import id_runs
from yavar.people.models import Person
from yavar.people.search import search
from yavar.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def applied(personas, django_capture_on_commit_callbacks):
    rows = [
        PERSON_HEADERS,
        person_row(1, first_name="نرگس", last_name="جهانگیری", father_name="یعقوب"),
        person_row(2, national_code="123"),  # refused: the ids skip no row, the rows skip one
        person_row(3, first_name="سمیه", last_name="رضايي"),
    ]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    approver = make_user("tehran2", Role.PROVINCIAL_EXPERT, personas.tehran)
    batch = approve(django_capture_on_commit_callbacks, actor=approver, batch=batch)
    assert batch.status == BatchStatus.APPLIED
    return batch


def trail(client, **query):  # type: ignore[no-untyped-def]
    response = client.get("/audit/", query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_auditor_finds_who_uploaded_and_approved_an_imported_person(personas, login, applied):
    narges = Person.objects.get(first_name="نرگس")
    assert narges.import_batch_id == applied.pk
    client = login(personas.auditor)
    for ref in (narges.national_code, str(narges.pk)):
        page = trail(client, person=ref)
        assert "person.import" in page
        assert f"imports.importbatch:{applied.pk}" in page
        assert personas.tehran_expert.username in page  # uploaded by
        assert "tehran2" in page  # approved by

    event = AuditEvent.objects.get(action="person.import", object_id=str(applied.pk))
    sommayeh = Person.objects.get(first_name="سمیه")
    # Row 3 of the sheet was refused, so the second person starts a new run.
    assert event.changes["ids_from_rows"]["new"] == [
        [narges.pk, narges.pk, 2],
        [sommayeh.pk, sommayeh.pk, 4],
    ]


def test_a_person_registered_by_hand_is_not_linked_to_any_import(personas, login, applied):
    from tests.people_factory import person_data

    by_hand = person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(national_code=national_code(555_000_001)),
        confirmed_not_duplicate=True,
    )
    assert by_hand.import_batch_id is None
    page = trail(login(personas.auditor), person=by_hand.national_code)
    assert "person.import" not in page
    assert "person.create" in page


def test_imported_people_are_found_by_name_and_fathers_name(personas, applied):
    from tests.people_factory import person_data

    people = Person.objects.all()
    assert list(search(people, text="جهانگیری نرگس")) == [Person.objects.get(first_name="نرگس")]
    assert [p.first_name for p in search(people, text="رضایی")] == ["سمیه"]  # Arabic ي typed
    assert [p.first_name for p in search(people, father="یعقوب")] == ["نرگس"]
    # The search-index trigger is back: a person registered afterwards is found too.
    later = person_create(
        actor=personas.tehran_expert,
        org_unit=personas.tehran_county,
        data=person_data(
            national_code=national_code(555_000_002), first_name="کوثر", last_name="جهانگیری"
        ),
        confirmed_not_duplicate=True,
    )
    assert set(search(Person.objects.all(), text="جهانگیری")) == {
        later,
        Person.objects.get(first_name="نرگس"),
    }
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM people_person_fts")
            assert cursor.fetchone()[0] == 3


def test_id_runs_follow_rows_and_ids():
    assert id_runs([10, 11, 12], [2, 3, 4]) == [[10, 12, 2]]
    assert id_runs([10, 11, 12], [2, 4, 5]) == [[10, 10, 2], [11, 12, 4]]
    assert id_runs([10, 12], [2, 3]) == [[10, 10, 2], [12, 12, 3]]
    assert id_runs([], []) == []
