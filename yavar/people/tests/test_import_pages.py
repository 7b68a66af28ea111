"""The import pages and API as staff use them: upload, watch, read the errors, download the
report, approve; other provinces see nothing."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.imports.enums import BatchStatus
from yavar.imports.models import ImportBatch
from yavar.imports.tests.helpers import (
    PERSON_HEADERS,
    mount_import_urls,
    person_row,
    upload,
    xlsx_bytes,
)
from yavar.people.models import Person

pytestmark = pytest.mark.django_db

ROWS = [
    PERSON_HEADERS,
    person_row(1),
    person_row(2, national_code="12345", birth_date="1370/13/40"),
    person_row(3, county="C1002"),
    person_row(4, first_name='=HYPERLINK("http://example.com")'),
    person_row(5),
]


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    mount_import_urls(settings)


@pytest.fixture
def colleague_client(personas) -> Client:
    colleague = make_user("tehran2", Role.PROVINCIAL_EXPERT, personas.tehran)
    client = Client()
    client.force_login(colleague)
    return client


@pytest.fixture
def batch(personas, django_capture_on_commit_callbacks) -> ImportBatch:
    return upload(
        django_capture_on_commit_callbacks,
        actor=personas.tehran_expert,
        unit=personas.tehran,
        content=xlsx_bytes(ROWS),
    )


def test_upload_page_checks_the_file_and_shows_the_row_errors(
    personas, login, django_capture_on_commit_callbacks
):
    client = login(personas.tehran_expert)
    page = client.get("/imports/new/people.person/")
    assert page.status_code == 200
    assert "کد ملی" in page.content.decode()
    file = SimpleUploadedFile("people.xlsx", xlsx_bytes(ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/imports/new/people.person/", {"org_unit": personas.tehran.pk, "file": file}
        )
    assert response.status_code == 302
    detail = client.get(response["Location"])
    html = detail.content.decode()
    assert detail.status_code == 200
    assert 'data-testid="partial-import-notice"' in html  # only valid rows will be imported
    assert 'data-testid="own-batch-notice"' in html
    assert 'data-testid="approve"' not in html  # not for the uploader
    assert html.count("<tr>") >= 4  # the error rows


def test_a_renamed_file_is_refused_on_the_form(personas, login):
    client = login(personas.tehran_expert)
    file = SimpleUploadedFile("people.xlsx", b"name,code\n")
    response = client.post(
        "/imports/new/people.person/", {"org_unit": personas.tehran.pk, "file": file}
    )
    assert response.status_code == 200
    assert ImportBatch.objects.count() == 0


def test_the_error_report_lists_the_refused_rows_with_their_original_cells(personas, login, batch):
    client = login(personas.tehran_expert)
    response = client.get(f"/imports/{batch.pk}/errors.xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1 : len(PERSON_HEADERS) + 1] == tuple(PERSON_HEADERS)
    assert [r[0] for r in rows[1:]] == [3, 4, 5]
    bad_code = rows[1]
    assert bad_code[1] == "12345"  # the cell as it was
    errors = bad_code[-1]
    assert "کد ملی" in errors and "تاریخ تولد" in errors
    assert "شهرستان" in rows[2][-1]
    # A formula from the upload comes back as text, never as a formula in the reader's Excel.
    formula_cell = sheet.cell(row=4, column=3)
    assert formula_cell.value.startswith("=HYPERLINK") and formula_cell.data_type == "s"
    assert batch.valid_rows == 2


def test_another_provinces_expert_gets_404_everywhere(personas, batch):
    isfahan = make_user("isfahan2", Role.PROVINCIAL_EXPERT, personas.isfahan)
    client = Client()
    client.force_login(isfahan)
    for url in ("", "progress/", "errors.xlsx", "file/"):
        assert client.get(f"/imports/{batch.pk}/{url}").status_code == 404, url
    assert client.post(f"/imports/{batch.pk}/approve/").status_code == 404
    assert client.get(f"/api/v1/imports/{batch.pk}").status_code == 404
    assert batch.original_name not in client.get("/imports/").content.decode()


def test_a_colleague_approves_from_the_page_and_the_rows_are_imported(
    colleague_client, batch, django_capture_on_commit_callbacks
):
    page = colleague_client.get(f"/imports/{batch.pk}/")
    assert 'data-testid="approve"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = colleague_client.post(f"/imports/{batch.pk}/approve/", {"run": batch.run})
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED
    assert Person.objects.count() == 2


def test_the_progress_fragment_polls_until_the_status_changes(personas, login, batch):
    client = login(personas.tehran_expert)
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.VALIDATING, processed_rows=2, total_rows=4
    )
    fragment = client.get(f"/imports/{batch.pk}/progress/?status=validating")
    html = fragment.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert 'aria-valuenow="50"' in html
    finished = client.get(f"/imports/{batch.pk}/progress/?status=pending")
    assert finished["HX-Refresh"] == "true"


def test_the_empty_template_has_the_persian_headers(personas, login):
    client = login(personas.tehran_expert)
    response = client.get("/imports/template/people.person.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    headers = next(sheet.iter_rows(values_only=True))
    assert headers[:3] == ("کد ملی", "نام", "نام خانوادگی")


def test_the_api_uploads_reports_and_approves(
    personas, login, colleague_client, django_capture_on_commit_callbacks
):
    client = login(personas.tehran_expert)
    file = SimpleUploadedFile("people.xlsx", xlsx_bytes(ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(
            "/api/v1/imports/",
            {"kind": "people.person", "org_unit": "P23", "file": file},
        )
    assert created.status_code == 201, created.content
    batch_id = created.json()["id"]
    status = client.get(f"/api/v1/imports/{batch_id}").json()
    assert status["status"] == "ready"
    assert (status["valid_rows"], status["error_rows"]) == (2, 3)
    errors = client.get(f"/api/v1/imports/{batch_id}/errors").json()
    assert [e["row"] for e in errors] == [3, 4, 5]
    assert {p["code"] for p in errors[0]["errors"]} == {"invalid_national_code", "invalid_date"}
    assert errors[0]["errors"][0]["column"] == "کد ملی"

    own = client.post(f"/api/v1/imports/{batch_id}/approve", {}, content_type="application/json")
    assert own.status_code == 403
    assert own.json()["code"] == "import_own_batch"

    with django_capture_on_commit_callbacks(execute=True):
        approved = colleague_client.post(
            f"/api/v1/imports/{batch_id}/approve",
            {"expected_run": status["run"]},
            content_type="application/json",
        )
    assert approved.status_code == 200, approved.content
    assert client.get(f"/api/v1/imports/{batch_id}").json()["status"] == "applied"
    assert Person.objects.count() == 2
