"""A bank statement goes in through the staged import: per-row errors, four eyes, and a line
never imported twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from yavar.audit.models import AuditEvent
from yavar.giving.reconciliation import samples
from yavar.giving.reconciliation.enums import Direction, LineStatus
from yavar.giving.reconciliation.models import StatementLine
from yavar.giving.reconciliation.samples import SampleLine
from yavar.imports import services
from yavar.imports.enums import BatchStatus, ImportErrorCode
from yavar.imports.errors import ImportRefused
from yavar.imports.models import ImportRowError
from yavar.imports.tests.helpers import upload

from .conftest import KIND, statement_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 5, 10)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    # Dates in the files are checked against "today": fix it so the samples stay plausible.
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY + dt.timedelta(days=30))


LINES = [
    SampleLine(TODAY, credit=500_000, reference="111111111111", description="پرداخت اینترنتی"),
    SampleLine(TODAY, credit=2_000_000, deposit_id="3001", description="واریز نقدی با فیش"),
    SampleLine(TODAY, debit=25_000, description="کارمزد خدمات"),
    SampleLine(TODAY + dt.timedelta(days=1), credit=1_000_000, description="انتقال پایا"),
]


def test_a_statement_is_imported_after_a_second_finance_officer_approves(import_statement):
    batch = import_statement(LINES)
    assert batch.status == BatchStatus.APPLIED and batch.applied_rows == 4
    statement = statement_of(batch)
    assert (statement.first_date, statement.last_date) == (TODAY, TODAY + dt.timedelta(days=1))
    lines = list(StatementLine.objects.order_by("row_number"))
    assert [(x.direction, x.amount_rials, x.status) for x in lines] == [
        (Direction.CREDIT, 500_000, LineStatus.UNMATCHED),
        (Direction.CREDIT, 2_000_000, LineStatus.UNMATCHED),
        (Direction.DEBIT, 25_000, LineStatus.DEBIT),  # kept, never a donation
        (Direction.CREDIT, 1_000_000, LineStatus.UNMATCHED),
    ]
    assert lines[0].bank_reference == "111111111111" and lines[1].deposit_id == "3001"
    assert lines[0].balance_rials == 1_000_500_000
    assert AuditEvent.objects.filter(action="statement.import").count() == 1


def test_the_uploader_cannot_approve_their_own_statement(
    django_capture_on_commit_callbacks, finance, hq
):
    batch = upload(
        django_capture_on_commit_callbacks,
        actor=finance,
        unit=hq,
        content=samples.xlsx_bytes(samples.rows(LINES)),
        kind=KIND,
    )
    assert batch.status == BatchStatus.READY
    with pytest.raises(ImportRefused) as refused:
        services.batch_approve(actor=finance, batch=batch)
    assert refused.value.code == ImportErrorCode.OWN_BATCH
    assert not StatementLine.objects.exists()


def test_a_provincial_finance_officer_cannot_upload_the_national_statement(
    tehran_finance, personas
):
    from django.core.files.base import ContentFile

    with pytest.raises(ImportRefused) as refused:
        services.batch_upload(
            actor=tehran_finance,
            kind=KIND,
            org_unit=personas.tehran,
            upload=ContentFile(samples.xlsx_bytes(samples.rows(LINES)), name="s.xlsx"),
        )
    assert refused.value.code == ImportErrorCode.WRONG_UNIT


def test_gregorian_dates_and_csv_are_read_the_same(import_statement):
    batch = import_statement(LINES, fmt="csv", jalali=False)
    assert batch.status == BatchStatus.APPLIED
    assert set(StatementLine.objects.values_list("value_date", flat=True)) == {
        TODAY,
        TODAY + dt.timedelta(days=1),
    }


def test_bad_rows_are_reported_one_by_one_and_the_good_ones_imported(import_statement):
    table = samples.rows(LINES)
    table.append([5, "1404/13/01", "", "تاریخ نادرست", "", "", 0, 10_000, 0])
    table.append([6, "1404/02/20", "", "مبلغ نادرست", "", "", 0, "دوازده", 0])
    table.append([7, "1404/02/20", "", "هر دو", "", "", 5_000, 10_000, 0])
    table.append([8, "1404/02/20", "", "بی‌مبلغ", "", "", 0, 0, 0])
    table.append([9, "", "", "بی‌تاریخ", "", "", 0, 10_000, 0])
    batch = import_statement(table)
    assert batch.status == BatchStatus.APPLIED
    assert batch.applied_rows == 4 and batch.error_rows == 5
    codes = {
        e.row_number: [code for _field, code, _params in e.errors]
        for e in ImportRowError.objects.filter(batch=batch)
    }
    # Row numbers are those of the file: a title row, the header, then the data.
    assert codes == {
        7: ["invalid_date"],
        8: ["invalid_amount"],
        9: ["both_directions"],
        10: ["no_amount"],
        11: ["required"],
    }


def test_persian_digits_separators_and_a_signed_amount_column(import_statement):
    table = [
        ["تاريخ", "شرح", "مبلغ", "کد مرجع"],
        ["۱۴۰۴/۰۲/۲۰", "واریز", "۱٬۲۵۰٬۰۰۰", "۹۹۸۸"],
        ["1404/02/20", "کارمزد", "-5,000", ""],
    ]
    batch = import_statement(table)
    assert batch.status == BatchStatus.APPLIED
    lines = list(StatementLine.objects.order_by("row_number"))
    assert [(x.direction, x.amount_rials, x.bank_reference) for x in lines] == [
        (Direction.CREDIT, 1_250_000, "9988"),
        (Direction.DEBIT, 5_000, ""),
    ]


def test_the_same_file_twice_adds_nothing(import_statement):
    import_statement(LINES)
    again = import_statement(LINES)
    assert again.status == BatchStatus.INVALID  # every row was imported before
    errors = ImportRowError.objects.filter(batch=again)
    assert errors.count() == 4
    assert all(e.errors[0][1] == "already_imported" for e in errors)
    assert StatementLine.objects.count() == 4


def test_an_overlapping_statement_adds_only_its_new_lines(import_statement):
    import_statement(LINES)
    later = [
        *LINES[2:],  # the fee and the transfer again
        SampleLine(TODAY + dt.timedelta(days=2), credit=700_000, reference="222222222222"),
    ]
    # The bank prints the same running balance on the same line in both statements.
    batch = import_statement(samples.rows(later, opening_balance=1_002_500_000))
    assert batch.status == BatchStatus.APPLIED and batch.applied_rows == 1
    assert StatementLine.objects.count() == 5


def test_two_identical_fee_lines_in_one_day_are_both_real(import_statement):
    fee = SampleLine(TODAY, debit=25_000, description="کارمزد")
    table = samples.rows([fee, fee])
    for row in table[1:]:
        row[-1] = ""  # no balance column values to tell them apart
    batch = import_statement(table)
    assert batch.applied_rows == 2
    assert import_statement(table).status == BatchStatus.INVALID  # and not again


def test_a_bank_reference_twice_in_one_file_is_one_line(import_statement):
    line = SampleLine(TODAY, credit=500_000, reference="333333333333")
    batch = import_statement([line, line])
    assert batch.applied_rows == 1 and batch.error_rows == 1
    error = ImportRowError.objects.get(batch=batch)
    assert error.errors[0][1] == "repeated_line" and error.errors[0][2] == {"row": 3}
