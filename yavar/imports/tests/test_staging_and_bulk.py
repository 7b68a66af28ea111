"""Staged rows come back exactly as written, or not at all; bulk inserts fill defaults, and hand
back usable primary keys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from yavar.audit.models import AuditEvent
from yavar.imports import staging
from yavar.imports.bulk import audit_bulk
from yavar.imports.staging import StagedRow


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_staged_rows_round_trip_with_dates_and_persian_text():
    rows = [
        StagedRow(2, {"name": "محمد‌رضا", "born": dt.date(1991, 8, 3), "unit": 7}),
        StagedRow(9, {"name": "زهرا", "born": None, "unit": 8}),
    ]
    name, digest = staging.write(rows, fields=["name", "born", "unit"], dates={"born"})
    assert staging.read(name, digest) == rows


def test_a_single_field_stages_too():
    rows = [StagedRow(3, {"code": "0012345679"})]
    name, digest = staging.write(rows, fields=["code"], dates=())
    assert staging.read(name, digest) == rows


def test_a_changed_staged_file_is_refused(tmp_path):
    name, digest = staging.write([StagedRow(2, {"a": "x"})], fields=["a"], dates=())
    staging.delete(name)
    other, _ = staging.write([StagedRow(2, {"a": "y"})], fields=["a"], dates=())
    (tmp_path / other).rename(tmp_path / name)
    with pytest.raises(staging.StagedDataChanged):
        staging.read(name, digest)


def test_private_files_have_no_url():
    from yavar.imports.storage import private_storage

    with pytest.raises(ValueError, match="private"):
        private_storage().url("imports/x.xlsx")


@pytest.mark.django_db
def test_existing_values_finds_what_the_column_already_holds():
    from yavar.imports.bulk import existing_values

    AuditEvent.objects.create(action="a.one")
    AuditEvent.objects.create(action="a.two")
    assert existing_values(AuditEvent, "action", ["a.one", "a.three", "a.two"]) == {
        "a.one",
        "a.two",
    }
    assert existing_values(AuditEvent, "action", []) == set()


@pytest.mark.django_db
def test_bulk_insert_returns_the_new_keys_and_fills_model_defaults():
    with transaction.atomic():
        pks = audit_bulk(
            actor=None,
            action="test.bulk",
            object_type="x.y",
            entries=[
                (i, f"شیء {i}", "0012345679", {"n": {"old": None, "new": i}}) for i in range(3)
            ],
        )
    assert pks == 3
    events = list(AuditEvent.objects.filter(action="test.bulk").order_by("pk"))
    assert [e.object_id for e in events] == ["0", "1", "2"]
    assert all(e.at is not None and e.actor_label == "system" for e in events)
    assert events[2].changes == {"n": {"old": None, "new": 2}}
    assert events[0].object_repr == "شیء 0"
    # Rows written later the ordinary way get keys after the bulk ones.
    later = AuditEvent.objects.create(action="test.after")
    assert later.pk > events[-1].pk
