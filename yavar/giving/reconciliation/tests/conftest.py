"""Finance officers, causes, paid donations and statements imported through the real import
framework (upload → check task → second person approves → import task)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.giving.enums import Channel, DonationStatus
from yavar.giving.models import Cause, Donation
from yavar.giving.reconciliation import samples
from yavar.giving.reconciliation.models import Statement
from yavar.imports.enums import BatchStatus
from yavar.imports.tests.helpers import approve, upload
from yavar.orgunits.models import OrgUnit

KIND = "giving.statement"
_codes = itertools.count(1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def hq(db):
    return OrgUnit.objects.get(code="HQ")


@pytest.fixture
def finance(personas, hq):
    return make_user("finance", Role.FINANCE_OFFICER, hq)


@pytest.fixture
def finance2(personas, hq):
    """A second HQ finance officer: approves what the first one uploads."""
    return make_user("finance2", Role.FINANCE_OFFICER, hq)


@pytest.fixture
def tehran_finance(personas):
    return make_user("tehranfinance", Role.FINANCE_OFFICER, personas.tehran)


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان")


def local_noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def paid(cause, amount, *, day=None, channel=Channel.WEB, **fields) -> Donation:
    """A donation already settled (the settlement itself is tested in giving/tests)."""
    n = next(_codes)
    day = day or timezone.localdate()
    values = {"bank_reference": f"7{n:011d}"} if channel == Channel.WEB else {}
    values.update(fields)
    return Donation.objects.create(
        tracking_code=f"5{n:011d}",
        cause=cause,
        amount_rials=amount,
        channel=channel,
        status=DonationStatus.PAID,
        paid_at=local_noon(day),
        **values,
    )


@pytest.fixture
def import_statement(django_capture_on_commit_callbacks, finance, finance2, hq):
    """import_statement(lines or table) → the batch, imported (or not, if the check refused)."""

    def _import(lines, *, fmt="xlsx", jalali=True, name=None):
        table = (
            lines if lines and isinstance(lines[0], list) else samples.rows(lines, jalali=jalali)
        )
        content = samples.xlsx_bytes(table) if fmt == "xlsx" else samples.csv_bytes(table)
        batch = upload(
            django_capture_on_commit_callbacks,
            actor=finance,
            unit=hq,
            content=content,
            name=name or f"statement.{fmt}",
            kind=KIND,
        )
        if batch.status == BatchStatus.READY:
            batch = approve(django_capture_on_commit_callbacks, actor=finance2, batch=batch)
        return batch

    return _import


def statement_of(batch) -> Statement:
    return Statement.objects.get(import_batch=batch)
