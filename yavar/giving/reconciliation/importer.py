"""Bank statements of the participation account through the staged import framework.

A statement line is what the bank says happened; whether it is a donation is decided after
import, by matching (matching.py) and by the finance officer. Debit lines are kept, so the
statement is whole, but they never match a donation."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.money import parse_amount
from yavar.core.persian import to_ascii_digits
from yavar.imports import columns as col
from yavar.imports.base import ApplyResult, CellError, Importer, RowInvalid
from yavar.imports.bulk import existing_values
from yavar.imports.columns import CellInvalid, Column
from yavar.imports.staging import StagedRow
from yavar.orgunits.enums import UnitKind

from .enums import Direction, LineStatus
from .matching import match_open_lines
from .models import Statement, StatementLine

EARLIEST = dt.date(2000, 1, 1)
_DECIMALS = re.compile(r"[.\u066b/]0+$")  # "12,500.00": banks print decimals of whole rials
_SPACES = re.compile(r"\s+")


def _rials(raw: Any, *, signed: bool) -> int:
    if isinstance(raw, bool):
        raise CellInvalid("invalid_amount")
    if isinstance(raw, int | float):
        if isinstance(raw, float) and not raw.is_integer():
            raise CellInvalid("invalid_amount")
        value = int(raw)
    else:
        text = to_ascii_digits(str(raw)).replace("ریال", "").replace("ريال", "").strip()
        negative = text.startswith(("-", "\u2212", "(")) or text.endswith(("-", "\u2212"))
        text = _DECIMALS.sub("", text.strip("-\u2212() "))
        try:
            value = parse_amount(text)
        except ValueError:
            raise CellInvalid("invalid_amount") from None
        value = -value if negative else value
    if value < 0 and not signed:
        raise CellInvalid("invalid_amount")
    return value


def _unsigned_rials(raw: Any) -> int:
    return _rials(raw, signed=False)


def _signed_rials(raw: Any) -> int:
    return _rials(raw, signed=True)


def _reference(raw: Any) -> str:
    value = _SPACES.sub("", to_ascii_digits(col.cell_text(raw)))
    if len(value) > 40:
        raise CellInvalid("too_long", limit=40)
    if value[:1] == "=":
        raise CellInvalid("formula")
    return value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class BankStatementImporter(Importer):
    kind = "giving.statement"
    title = _("Bank statement of the participation account")
    permission = Perm.GIVING_MANAGE
    unit_kinds = frozenset({UnitKind.HQ})  # one national account
    date_fields = frozenset({"value_date"})
    columns = (
        Column(
            "value_date",
            _("Date"),
            ("تاریخ", "تاریخ تراکنش", "تاریخ سند", "تاریخ عملیات", "date", "value date"),
            col.date(earliest=EARLIEST),
            required=True,
        ),
        Column(
            "credit",
            _("Credit (rials)"),
            ("بستانکار", "واریز", "مبلغ واریز", "مبلغ بستانکار", "credit", "deposit"),
            _unsigned_rials,
        ),
        Column(
            "debit",
            _("Debit (rials)"),
            ("بدهکار", "برداشت", "مبلغ برداشت", "مبلغ بدهکار", "debit", "withdrawal"),
            _unsigned_rials,
        ),
        # Some exports have one signed amount column instead of debit and credit.
        Column("amount", _("Amount (rials)"), ("مبلغ", "مبلغ تراکنش", "amount"), _signed_rials),
        Column(
            "description",
            _("Description"),
            ("شرح", "شرح تراکنش", "شرح سند", "توضیحات", "description", "narrative"),
            col.text(300),
        ),
        Column(
            "bank_reference",
            _("Bank reference"),
            (
                "شماره پیگیری",
                "کد پیگیری",
                "شماره مرجع",
                "کد مرجع",
                "مرجع",
                "شماره سند",
                "reference",
                "rrn",
                "tracking number",
            ),
            _reference,
        ),
        Column(
            "deposit_id",
            _("Deposit ID"),
            ("شناسه واریز", "شناسه پرداخت", "deposit id", "payment id"),
            _reference,
        ),
        Column("balance", _("Balance (rials)"), ("مانده", "مانده حساب", "balance"), _signed_rials),
    )
    messages = {
        "invalid_amount": _("Enter a whole amount in rials, such as 1,250,000."),
        "no_amount": _("The row has no amount paid in or out."),
        "both_directions": _("A row is either paid in or paid out, not both."),
        "already_imported": _("This line was imported with an earlier statement."),
        "imported_meanwhile": _("This line was imported with another statement meanwhile."),
        "repeated_line": _("The same bank line is already in row %(row)s of this file."),
    }

    def __init__(self, *, batch: Any, actor: Any) -> None:
        super().__init__(batch=batch, actor=actor)
        self._occurrences: dict[str, int] = {}

    def clean_row(self, values: dict[str, Any]) -> None:
        credit, debit, amount = values["credit"] or 0, values["debit"] or 0, values["amount"]
        if credit and debit:
            raise RowInvalid([("credit", "both_directions", {})])
        if not credit and not debit and amount:
            credit, debit = max(amount, 0), max(-amount, 0)
        if not credit and not debit:
            raise RowInvalid([("credit", "no_amount", {})])
        direction = Direction.CREDIT if credit else Direction.DEBIT
        values["direction"] = str(direction)
        values["amount_rials"] = credit or debit
        values["description"] = values["description"] or ""
        values["bank_reference"] = values["bank_reference"] or ""
        values["deposit_id"] = values["deposit_id"] or ""
        values["fingerprint"] = self._fingerprint(values)

    def _fingerprint(self, values: dict[str, Any]) -> str:
        """A bank reference names one transaction: reference, date and amount are the line.
        Without one (fees, interest), two identical lines on a day can both be real, so the
        n-th such line of a file is told apart by n: the same file uploaded again, or a later
        statement repeating that day, gives the same fingerprints."""
        date, direction = values["value_date"].isoformat(), values["direction"]
        amount = values["amount_rials"]
        if values["bank_reference"]:
            return _digest(f"ref|{values['bank_reference']}|{date}|{direction}|{amount}")
        base = f"line|{date}|{direction}|{amount}|{values['description']}|{values['balance']}"
        occurrence = self._occurrences[base] = self._occurrences.get(base, 0) + 1
        return _digest(f"{base}|{occurrence}")

    def find_conflicts(self, rows: Sequence[StagedRow]) -> dict[int, list[CellError]]:
        stored = existing_values(
            StatementLine, "fingerprint", [r.values["fingerprint"] for r in rows]
        )
        conflicts: dict[int, list[CellError]] = {}
        first_row: dict[str, int] = {}
        for row_number, values in rows:
            fingerprint = values["fingerprint"]
            if fingerprint in stored:
                conflicts[row_number] = [("bank_reference", "already_imported", {})]
            elif fingerprint in first_row:
                params = {"row": first_row[fingerprint]}
                conflicts[row_number] = [("bank_reference", "repeated_line", params)]
            else:
                first_row[fingerprint] = row_number
        return conflicts

    def apply(self, rows: Sequence[StagedRow]) -> ApplyResult:
        # Checked again inside the import's transaction; the unique index still guards the
        # moment between this query and the insert.
        stored = existing_values(
            StatementLine, "fingerprint", [r.values["fingerprint"] for r in rows]
        )
        skipped: dict[int, list[CellError]] = {
            r.row_number: [("bank_reference", "imported_meanwhile", {})]
            for r in rows
            if r.values["fingerprint"] in stored
        }
        todo = [r for r in rows if r.row_number not in skipped]
        if not todo:
            return ApplyResult(created=0, skipped=skipped)
        dates = [v["value_date"] for _n, v in todo]
        statement = Statement(
            import_batch=self.batch,
            org_unit=self.batch.org_unit,
            first_date=min(dates),
            last_date=max(dates),
        )
        statement.full_clean()
        statement.save()
        lines = StatementLine.objects.bulk_create(
            [self._line(statement, row_number, v) for row_number, v in todo]
        )
        credits = [line for line in lines if line.direction == Direction.CREDIT]
        audit_record(
            actor=self.actor,
            action="statement.import",
            obj=statement,
            data={
                "import_batch": self.batch.pk,
                "lines": len(lines),
                "credits": len(credits),
                "credit_rials": sum(line.amount_rials for line in credits),
                "skipped": len(skipped),
            },
        )
        match_open_lines(actor=self.actor, lines=StatementLine.objects.filter(statement=statement))
        return ApplyResult(created=len(lines), skipped=skipped)

    @staticmethod
    def _line(statement: Statement, row_number: int, v: dict[str, Any]) -> StatementLine:
        debit = v["direction"] == Direction.DEBIT
        return StatementLine(
            statement=statement,
            row_number=row_number,
            value_date=v["value_date"],
            direction=v["direction"],
            amount_rials=v["amount_rials"],
            balance_rials=v["balance"],
            description=v["description"],
            bank_reference=v["bank_reference"],
            deposit_id=v["deposit_id"],
            fingerprint=v["fingerprint"],
            status=LineStatus.DEBIT if debit else LineStatus.UNMATCHED,
        )
