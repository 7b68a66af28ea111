"""Reading an uploaded file into rows of cells: spreadsheets through python-calamine (Rust,
several times faster than openpyxl), CSV through the standard library.

Excel saves CSV in the machine's ANSI code page, which on Persian Windows is Windows-1256;
LibreOffice and most systems write UTF-8, with or without a byte-order mark. The decoder tries
UTF-16 (a BOM says so) and UTF-8, then falls back to Windows-1256.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from typing import IO, Any

from python_calamine import CalamineError, CalamineWorkbook

from .enums import FileFormat

SPREADSHEET_FORMATS = frozenset({FileFormat.XLSX, FileFormat.XLS, FileFormat.ODS})
_CSV_DELIMITERS = ",;\t|"
_PERSIAN_LETTERS = str.maketrans({"\u064a": "\u06cc", "\u0643": "\u06a9"})


class UnreadableFile(Exception):
    pass


@dataclass
class Table:
    rows: list[list[Any]]
    first_row_number: int  # the sheet row number (1-based) of rows[0]


def format_of(name: str, head: bytes) -> FileFormat | None:
    """The format by extension, confirmed by the first bytes (a renamed file is refused)."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    zipped, ole2 = head.startswith(b"PK\x03\x04"), head.startswith(b"\xd0\xcf\x11\xe0")
    if extension in ("xlsx", "xlsm") and zipped:
        return FileFormat.XLSX
    if extension == "ods" and zipped:
        return FileFormat.ODS
    if extension == "xls" and ole2:
        return FileFormat.XLS
    if extension in ("csv", "txt") and not (zipped or ole2):
        return FileFormat.CSV
    return None


def read_table(handle: IO[bytes], file_format: str) -> Table:
    if file_format in SPREADSHEET_FORMATS:
        return _read_spreadsheet(handle)
    if file_format == FileFormat.CSV:
        return _read_csv(handle.read())
    raise UnreadableFile(file_format)


def _read_spreadsheet(handle: IO[bytes]) -> Table:
    try:
        workbook = CalamineWorkbook.from_filelike(handle)
        try:
            # The first sheet that holds anything: some files keep a cover sheet empty.
            for index in range(len(workbook.sheet_names)):
                sheet = workbook.get_sheet_by_index(index)
                rows = sheet.to_python()
                if rows:
                    start = sheet.start
                    return Table(rows=rows, first_row_number=(start[0] if start else 0) + 1)
        finally:
            workbook.close()
    except (CalamineError, ValueError, OSError, TypeError, IndexError) as error:
        raise UnreadableFile(str(type(error).__name__)) from error
    return Table(rows=[], first_row_number=1)


def decode_csv(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-1256 has no Persian ی and ک: saving the CSV turned them into the Arabic
        # letters. That is the encoding's loss, not the typist's spelling, so it is undone.
        return data.decode("cp1256", errors="replace").translate(_PERSIAN_LETTERS)


def _read_csv(data: bytes) -> Table:
    text = decode_csv(data)
    sample = text[:16384]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS)
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error as error:
        raise UnreadableFile("csv") from error
    return Table(rows=rows, first_row_number=1)
