"""Sample statements of the participation account, laid out the way Bank Mellat's internet bank
exports them (Persian headers, Jalali dates, debit and credit columns, a running balance).
Used by the tests and the demo; handy for trying the import page by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter

from yavar.core.jalali import JalaliDate

HEADERS = [
    "ردیف",
    "تاریخ",
    "زمان",
    "شرح",
    "شماره پیگیری",
    "شناسه واریز",
    "بدهکار",
    "بستانکار",
    "مانده",
]


@dataclass(frozen=True)
class SampleLine:
    date: dt.date
    credit: int = 0
    debit: int = 0
    description: str = ""
    reference: str = ""
    deposit_id: str = ""


def rows(
    lines: Sequence[SampleLine], *, opening_balance: int = 1_000_000_000, jalali: bool = True
) -> list[list[Any]]:
    """Header and one row per line; dates as Jalali text (1404/02/15) or Gregorian dates."""
    table: list[list[Any]] = [list(HEADERS)]
    balance = opening_balance
    for number, line in enumerate(lines, 1):
        balance += line.credit - line.debit
        when: Any = JalaliDate.from_gregorian(line.date).isoformat() if jalali else line.date
        table.append(
            [
                number,
                when,
                "10:15",
                line.description,
                line.reference,
                line.deposit_id,
                line.debit,
                line.credit,
                balance,
            ]
        )
    return table


def xlsx_bytes(table: Sequence[Sequence[Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("گردش حساب")
    sheet.right_to_left()
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    # Banks put a title above the header row; the import finds the header below it.
    sheet.write_string(0, 0, "صورتحساب سپرده ۹۰۱۹۰ - مشارکت‌های مردمی سازمان بهزیستی کشور")
    for r, row in enumerate(table, start=1):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()
    return out.getvalue()


def csv_bytes(table: Sequence[Sequence[Any]]) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(table)
    return text.getvalue().encode("utf-8-sig")
