"""Spreadsheets the import pages hand out: the per-row error report and the empty template.

The error report holds only the rows that were not imported, with their original cells under
the original headers, between a "Row" column (where the row was in the uploaded file) and an
"Errors" column. Fixing the cells and uploading the report itself as a new file imports those
rows: the extra two columns match no import column and are ignored.

Every cell is written as text with write_string: a value such as "=HYPERLINK(...)" from an
uploaded file stays text and never becomes a formula in the reader's Excel.
"""

from __future__ import annotations

import datetime as dt
from typing import IO, Any

import xlsxwriter
from django.utils.translation import gettext as _

from .base import Importer
from .models import ImportBatch
from .reader import read_table
from .registry import get_importer
from .selectors import batch_row_errors, describe_errors
from .validation import find_header

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_MAX_CELL = 32_767  # Excel's limit on the characters of one cell


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)[:_MAX_CELL]


def _workbook(out: IO[bytes]) -> Any:
    return xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False})


def write_error_report(batch: ImportBatch, out: IO[bytes]) -> None:
    importer = get_importer(batch.kind)
    with batch.file.open("rb") as handle:
        table = read_table(handle, batch.file_format)
    found = find_header(table.rows, importer.columns)
    header_index = found[0] if found else 0
    header = table.rows[header_index] if table.rows else []
    width = max((len(r) for r in table.rows), default=0)

    workbook = _workbook(out)
    sheet = workbook.add_worksheet(_("Errors")[:31])
    sheet.right_to_left()
    bold = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
    error = workbook.add_format({"font_color": "#9C0006", "text_wrap": True})
    sheet.freeze_panes(1, 1)
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, width, 18)
    sheet.set_column(width + 1, width + 1, 60)
    sheet.write_string(0, 0, _("Row"), bold)
    for position in range(width):
        cell = header[position] if position < len(header) else ""
        sheet.write_string(0, position + 1, _text(cell), bold)
    sheet.write_string(0, width + 1, _("Errors"), bold)

    for line, problem_row in enumerate(batch_row_errors(batch=batch).iterator(), start=1):
        index = problem_row.row_number - table.first_row_number
        original = table.rows[index] if 0 <= index < len(table.rows) else []
        sheet.write_number(line, 0, problem_row.row_number)
        for position, value in enumerate(original):
            text = _text(value)
            if text:
                sheet.write_string(line, position + 1, text)
        described = describe_errors(batch, problem_row.errors)
        message = "\n".join(
            f"{p.column}: {p.message}" if p.column else p.message for p in described
        )
        sheet.write_string(line, width + 1, message[:_MAX_CELL], error)
    workbook.close()


def write_template(importer: type[Importer], out: IO[bytes]) -> None:
    """An empty sheet with the import's headers. Every column is formatted as text, so Excel
    keeps the leading zeros of national codes and leaves 1370/05/12 alone."""
    workbook = _workbook(out)
    sheet = workbook.add_worksheet(str(importer.title)[:31])
    sheet.right_to_left()
    text = workbook.add_format({"num_format": "@"})
    bold = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
    sheet.set_column(0, len(importer.columns) - 1, 20, text)
    for position, column in enumerate(importer.columns):
        sheet.write_string(0, position, column.header, bold)
    sheet.freeze_panes(1, 0)
    workbook.close()
