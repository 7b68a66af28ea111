"""The demo statement shows every case on the finance pages, and seeding twice adds nothing."""

import pytest
from django.db.models import Count

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.giving.demo import seed_giving
from yavar.giving.reconciliation.demo import seed_reconciliation
from yavar.giving.reconciliation.enums import LineStatus
from yavar.giving.reconciliation.models import Statement, StatementLine
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_the_demo_statement_is_imported_once_and_shows_every_case():
    make_user("finance.officer", Role.FINANCE_OFFICER, OrgUnit.objects.get(code="HQ"))
    seed_giving()
    statement = seed_reconciliation()
    assert statement is not None
    count = dict(StatementLine.objects.values_list("status").annotate(n=Count("pk")))
    assert count[LineStatus.MATCHED] == 12
    assert count[LineStatus.SUGGESTED] == 1
    assert count[LineStatus.UNMATCHED] == 2  # money nobody recorded, and interest
    assert count[LineStatus.DEBIT] == 1
    assert seed_reconciliation() is None
    assert Statement.objects.count() == 1
