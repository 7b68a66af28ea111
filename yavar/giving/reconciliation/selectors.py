"""Reads of statements, lines and unreconciled donations, always through the reader's scope."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.errors import ApplicationError, ErrorCode

from ..enums import DonationStatus
from ..models import Donation
from . import scoping
from .enums import Direction, LineStatus
from .models import Statement, StatementLine

PERM = Perm.GIVING_MANAGE


def _require_finance(user: Any) -> None:
    if not user.has_yavar_perm(PERM):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)


def _summary_annotations(prefix: str = "") -> dict[str, Any]:
    def q(**lookup: Any) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookup.items()})

    key, amount = f"{prefix}pk", f"{prefix}amount_rials"
    return {
        "n_lines": Count(key),
        "n_credits": Count(key, filter=q(direction=Direction.CREDIT)),
        "n_matched": Count(key, filter=q(status=LineStatus.MATCHED)),
        "n_suggested": Count(key, filter=q(status=LineStatus.SUGGESTED)),
        "n_unmatched": Count(key, filter=q(status=LineStatus.UNMATCHED)),
        "n_debits": Count(key, filter=q(direction=Direction.DEBIT)),
        "n_excluded": Count(key, filter=q(status=LineStatus.EXCLUDED)),
        "credit_rials": Coalesce(Sum(amount, filter=q(direction=Direction.CREDIT)), Value(0)),
        "debit_rials": Coalesce(Sum(amount, filter=q(direction=Direction.DEBIT)), Value(0)),
        "matched_rials": Coalesce(Sum(amount, filter=q(status=LineStatus.MATCHED)), Value(0)),
        "suggested_rials": Coalesce(Sum(amount, filter=q(status=LineStatus.SUGGESTED)), Value(0)),
        "unmatched_rials": Coalesce(Sum(amount, filter=q(status=LineStatus.UNMATCHED)), Value(0)),
        "excluded_rials": Coalesce(Sum(amount, filter=q(status=LineStatus.EXCLUDED)), Value(0)),
    }


def statement_list(*, user: Any) -> QuerySet[Statement]:
    """Statements with their reconciliation summary, one grouped query."""
    _require_finance(user)
    return (
        Statement.objects.filter(scope.scope_q(user, PERM))
        .annotate(**_summary_annotations("lines__"))
        .select_related("import_batch")
        .order_by("-first_date", "-pk")
    )


def statement_get(*, user: Any, pk: int) -> Statement:
    _require_finance(user)
    return scope.get_in_scope(
        user, PERM, Statement.objects.annotate(**_summary_annotations("lines__")), pk=pk
    )


def statement_lines(
    *, user: Any, statement: Statement, status: str = ""
) -> QuerySet[StatementLine]:
    """The statement was fetched through statement_get, so the reader covers the country."""
    lines = StatementLine.objects.filter(statement=statement)
    if status:
        lines = lines.filter(status=status)
    return lines.select_related("donation", "suggested_donation").order_by("row_number")


def line_get(*, user: Any, pk: int) -> StatementLine:
    _require_finance(user)
    line = (
        StatementLine.objects.filter(scoping.line_q(user, PERM), pk=pk)
        .select_related(
            "statement",
            "donation__cause",
            "suggested_donation__cause",
            "resolved_by",
        )
        .first()
    )
    if line is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return line


def _visible_lines(user: Any) -> QuerySet[StatementLine]:
    _require_finance(user)
    return StatementLine.objects.filter(scoping.line_q(user, PERM))


def unmatched_lines(*, user: Any) -> QuerySet[StatementLine]:
    return (
        _visible_lines(user)
        .filter(status=LineStatus.UNMATCHED)
        .select_related("statement")
        .order_by("value_date", "pk")
    )


def suggested_lines(*, user: Any) -> QuerySet[StatementLine]:
    return (
        _visible_lines(user)
        .filter(status=LineStatus.SUGGESTED)
        .select_related("statement", "suggested_donation__cause", "suggested_donation__province")
        .order_by("value_date", "pk")
    )


def missing_donations(*, user: Any, days: int) -> QuerySet[Donation]:
    """Paid donations that no statement line is matched to, paid at least `days` days ago."""
    _require_finance(user)
    cutoff = timezone.now() - dt.timedelta(days=days)
    return (
        Donation.objects.filter(
            scoping.donation_q(user, PERM),
            status=DonationStatus.PAID,
            paid_at__lt=cutoff,
            statement_line__isnull=True,
        )
        .select_related("cause", "province", "campaign")
        .order_by("paid_at", "pk")
    )


@dataclass(frozen=True)
class WorkCounts:
    unmatched: int
    suggested: int
    missing: int


def work_counts(*, user: Any, days: int) -> WorkCounts:
    counts = _visible_lines(user).aggregate(
        unmatched=Count("pk", filter=Q(status=LineStatus.UNMATCHED)),
        suggested=Count("pk", filter=Q(status=LineStatus.SUGGESTED)),
    )
    return WorkCounts(
        unmatched=counts["unmatched"],
        suggested=counts["suggested"],
        missing=missing_donations(user=user, days=days).count(),
    )


def can_resolve_unvouched(*, user: Any) -> bool:
    """Lines no donation vouches for (exclude, record a donation) are HQ finance's."""
    return scoping.covers_country(user, PERM)
