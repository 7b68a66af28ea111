"""Checking a people file: every row validated in the background, errors kept per row."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.people_factory import person_data
from yavar.imports.enums import BatchStatus, FileProblem
from yavar.imports.models import ImportRowError
from yavar.imports.tests.helpers import (
    PERSON_HEADERS,
    csv_bytes,
    national_code,
    person_row,
    upload,
    xlsx_bytes,
)
from yavar.people.models import Person
from yavar.people.services import person_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def errors_of(batch) -> dict[int, list[tuple[str, str]]]:
    return {
        e.row_number: [(field, code) for field, code, _params in e.errors]
        for e in ImportRowError.objects.filter(batch=batch)
    }


@pytest.mark.parametrize("writer", ["xlsxwriter", "openpyxl"])
def test_a_clean_xlsx_is_ready_for_approval_with_nothing_written(
    personas, django_capture_on_commit_callbacks, writer
):
    rows = [PERSON_HEADERS, person_row(1), person_row(2, county="ری", gender="مرد")]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows, writer=writer),
    )
    assert batch.status == BatchStatus.READY
    assert (batch.total_rows, batch.valid_rows, batch.error_rows) == (2, 2, 0)
    assert batch.processed_rows == 2
    assert batch.columns["national_code"] == "کد ملی"
    assert Person.objects.count() == 0  # nothing is written before approval


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1256"])
def test_csv_files_in_each_encoding_check_the_same(
    personas, django_capture_on_commit_callbacks, encoding
):
    rows = [PERSON_HEADERS, person_row(1), person_row(2, national_code="123")]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=csv_bytes(rows, encoding=encoding),
        name="people.csv",
    )
    assert batch.file_format == "csv"
    assert (batch.valid_rows, batch.error_rows) == (1, 1)
    assert errors_of(batch) == {3: [("national_code", "invalid_national_code")]}


def test_headers_spelled_with_zwnj_arabic_yeh_and_extra_columns_are_matched(
    personas, django_capture_on_commit_callbacks
):
    headers = ["ردیف", "کد‌ملی", "نام", "نام‌خانوادگي", "نام پدر", "تاريخ تولد", "جنسيت", "شهرستان"]
    row = person_row(1)
    rows = [headers, [1, *row[:6], row[7]]]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert batch.status == BatchStatus.READY, batch.file_problem
    assert batch.ignored_columns == ["ردیف"]
    assert batch.columns["last_name"] == "نام‌خانوادگي"


def test_jalali_gregorian_and_excel_dates_are_stored_as_the_same_day(
    personas, django_capture_on_commit_callbacks
):
    from yavar.imports.staging import read

    rows = [
        PERSON_HEADERS,
        person_row(1, birth_date="1370/05/12"),
        person_row(2, birth_date="۱۳۷۰/۰۵/۱۲"),
        person_row(3, birth_date="1991-08-03"),
        person_row(4, birth_date=dt.date(1991, 8, 3)),
        person_row(5, birth_date="1370/13/12"),
    ]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    staged = read(batch.staged_name, batch.staged_sha256)
    assert {row.values["birth_date"] for row in staged} == {dt.date(1991, 8, 3)}
    assert errors_of(batch) == {6: [("birth_date", "invalid_date")]}


def test_a_national_code_twice_in_the_file_refuses_both_rows(
    personas, django_capture_on_commit_callbacks
):
    twin = national_code(700_000_001)
    rows = [
        PERSON_HEADERS,
        person_row(1, national_code=twin),
        person_row(2),
        person_row(3, national_code=twin),
    ]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert (batch.valid_rows, batch.error_rows) == (1, 2)
    assert errors_of(batch) == {
        2: [("national_code", "duplicate_in_file")],
        4: [("national_code", "duplicate_in_file")],
    }


def test_people_already_in_the_registry_are_refused(personas, django_capture_on_commit_callbacks):
    existing = person_create(
        actor=personas.isfahan_worker,
        org_unit=personas.isfahan_county,
        data=person_data(national_code=national_code(900_000_001)),
        confirmed_not_duplicate=True,
    )
    rows = [PERSON_HEADERS, person_row(1, national_code=existing.national_code), person_row(2)]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert errors_of(batch) == {2: [("national_code", "exists")]}


def test_counties_outside_the_uploaders_area_or_unknown_are_refused(
    personas, django_capture_on_commit_callbacks
):
    rows = [
        PERSON_HEADERS,
        person_row(1, county="C1002"),  # Isfahan province
        person_row(2, county="اصفهان"),
        person_row(3, county="C9999"),
        person_row(4, county="c۲۳۰۳"),  # Rey, written loosely
        person_row(5, county="شمیرانات"),
    ]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert errors_of(batch) == {
        2: [("county", "county_out_of_scope")],
        3: [("county", "county_out_of_scope")],
        4: [("county", "unknown_county")],
    }
    assert batch.valid_rows == 2


def test_a_county_batch_may_leave_out_the_county_column(
    personas, django_capture_on_commit_callbacks
):
    from yavar.imports.staging import read

    headers = [h for h in PERSON_HEADERS if h != "شهرستان"]
    row = person_row(1)
    del row[PERSON_HEADERS.index("شهرستان")]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran_county,
        content=xlsx_bytes([headers, row]),
    )
    assert batch.status == BatchStatus.READY
    staged = read(batch.staged_name, batch.staged_sha256)
    assert staged[0].values["county"] == personas.tehran_county.pk


def test_a_province_batch_without_the_county_column_is_refused_as_a_whole(
    personas, django_capture_on_commit_callbacks
):
    headers = [h for h in PERSON_HEADERS if h != "شهرستان"]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes([headers, person_row(1)[:7]]),
    )
    assert batch.status == BatchStatus.INVALID
    assert batch.file_problem == FileProblem.MISSING_COLUMNS
    assert batch.file_problem_params == {"fields": ["county"]}


def test_a_file_that_is_not_a_spreadsheet_is_marked_unreadable(
    personas, django_capture_on_commit_callbacks
):
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=b"PK\x03\x04 this is not really a zip",
    )
    assert batch.status == BatchStatus.INVALID
    assert batch.file_problem == FileProblem.UNREADABLE


def test_progress_moves_while_rows_are_checked(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    from yavar.imports import validation
    from yavar.imports.models import ImportBatch

    seen: list[tuple[int, int]] = []
    original = ImportBatch.objects.filter

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        queryset = original(*args, **kwargs)
        real_update = queryset.update

        def update(**values):  # type: ignore[no-untyped-def]
            if "processed_rows" in values and "status" not in values:
                seen.append((values["processed_rows"], values["total_rows"]))
            return real_update(**values)

        queryset.update = update  # type: ignore[method-assign]
        return queryset

    monkeypatch.setattr(validation, "PROGRESS_EVERY", 2)
    monkeypatch.setattr(ImportBatch.objects, "filter", spy)
    rows = [PERSON_HEADERS, *(person_row(i) for i in range(5))]
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(rows),
    )
    assert seen == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert (batch.processed_rows, batch.total_rows) == (5, 5)
