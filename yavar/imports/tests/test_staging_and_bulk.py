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


def test_enum_members_are_staged_as_their_plain_values():
    from django.db.models import TextChoices

    class Gender(TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"

    rows = [StagedRow(2, {"gender": Gender.FEMALE, "tags": [Gender.MALE], "n": True})]
    name, digest = staging.write(rows, fields=["gender", "tags", "n"], dates=())
    back = staging.read(name, digest)
    assert back == [StagedRow(2, {"gender": "female", "tags": ["male"], "n": True})]
    assert type(back[0].values["gender"]) is str


def test_values_that_cannot_be_staged_are_refused():
    with pytest.raises(TypeError):
        staging.write([StagedRow(2, {"at": dt.datetime(2020, 1, 1)})], fields=["at"], dates={"at"})
    with pytest.raises(TypeError):
        staging.write([StagedRow(2, {"x": object()})], fields=["x"], dates=())


def test_rows_staged_as_json_by_the_previous_version_are_still_read(tmp_path):
    import hashlib
    import json

    data = json.dumps(
        {
            "v": 1,
            "fields": ["name", "born"],
            "dates": ["born"],
            "rows": [[4, "زهرا", "1991-08-03"]],
        },
        ensure_ascii=False,
    ).encode()
    (tmp_path / "old.json").write_bytes(data)
    assert staging.read("old.json", hashlib.sha256(data).hexdigest()) == [
        StagedRow(4, {"name": "زهرا", "born": dt.date(1991, 8, 3)})
    ]


def test_garbage_with_a_matching_digest_is_refused_not_decoded(tmp_path):
    import hashlib

    data = b"\x00not marshal"
    (tmp_path / "bad.bin").write_bytes(data)
    with pytest.raises(staging.StagedDataChanged):
        staging.read("bad.bin", hashlib.sha256(data).hexdigest())


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


def test_the_collector_pause_restores_what_it_found():
    import gc

    from yavar.imports.gc_pause import cyclic_gc_paused

    assert gc.isenabled()
    with pytest.raises(RuntimeError), cyclic_gc_paused():
        assert not gc.isenabled()
        raise RuntimeError("the step failed")
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
