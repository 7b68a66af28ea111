"""Files as offices really send them: Excel from Microsoft and LibreOffice-like writers, CSV in
UTF-8 (with or without BOM), Windows-1256 and UTF-16, Persian headers spelled many ways."""

from __future__ import annotations

import codecs
import datetime as dt
import io

import pytest

from yavar.imports.columns import header_key
from yavar.imports.enums import FileFormat
from yavar.imports.reader import format_of, read_table

from .helpers import csv_bytes, xlsx_bytes

ROWS = [["کد ملی", "نام", "تاریخ تولد"], ["0012345679", "زهرا", "1370/05/12"]]


@pytest.mark.parametrize(
    "encoding", ["utf-8-sig", "utf-8", "cp1256", "utf-16"], ids=["bom", "utf8", "1256", "utf16"]
)
def test_csv_is_decoded_whatever_the_encoding(encoding):
    table = read_table(io.BytesIO(csv_bytes(ROWS, encoding=encoding)), FileFormat.CSV)
    assert table.rows == ROWS
    assert table.first_row_number == 1


def test_csv_with_semicolons_is_read_too():
    table = read_table(io.BytesIO(csv_bytes(ROWS, delimiter=";")), FileFormat.CSV)
    assert table.rows == ROWS


@pytest.mark.parametrize("writer", ["xlsxwriter", "openpyxl"])
def test_xlsx_from_either_writer_gives_the_same_cells(writer):
    rows = [*ROWS, [12345679, "علی", dt.date(1991, 8, 3)]]
    table = read_table(io.BytesIO(xlsx_bytes(rows, writer=writer)), FileFormat.XLSX)
    assert table.rows[0] == ROWS[0]
    assert table.rows[2][0] == 12345679  # a number cell: Excel dropped the leading zeros
    assert table.rows[2][2] == dt.date(1991, 8, 3)


def test_row_numbers_follow_the_sheet_when_data_starts_lower():
    rows = [[], [], *ROWS]
    table = read_table(io.BytesIO(xlsx_bytes(rows)), FileFormat.XLSX)
    assert table.first_row_number == 3
    assert table.rows[0] == ROWS[0]


def test_the_format_comes_from_the_name_and_the_content():
    xlsx = xlsx_bytes(ROWS)
    assert format_of("a.xlsx", xlsx[:8]) == FileFormat.XLSX
    assert format_of("a.csv", csv_bytes(ROWS)[:8]) == FileFormat.CSV
    # A renamed spreadsheet is neither a CSV nor anything else we would misread.
    assert format_of("a.csv", xlsx[:8]) is None
    assert format_of("a.pdf", b"%PDF-1.4") is None
    assert format_of("a.xls", codecs.BOM_UTF8) is None


def test_headers_match_despite_zwnj_arabic_letters_spaces_and_marks():
    assert header_key("کد‌ملی") == header_key("کد ملی") == header_key(" کدملی * ")
    assert header_key("نام خانوادگي") == header_key("نام‌خانوادگی")  # Arabic yeh, ZWNJ
    assert header_key("تاريخ تولد:") == header_key("تاریخ تولد")
    assert header_key("National Code") == header_key("national_code")
