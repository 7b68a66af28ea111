"""The donation's often-empty columns are indexed only where they hold a value (migration
giving 0009; audit 0004, catalog 0004): a web gift adds no entry for an office, a benefactor
or a bank reference it does not have, while a lookup by a value still finds its index, on
PostgreSQL and SQLite alike, and uniqueness still holds."""

import pytest
from django.db import IntegrityError, connection, transaction

from yavar.giving.models import Donation

pytestmark = pytest.mark.django_db

LOOKUPS = [
    ("giving_donation", "bank_reference = 'RRN1'", "donation_unique_bank_reference"),
    ("giving_donation", "gateway_token = 'T1'", "donation_unique_gateway_token"),
    ("giving_donation", "campaign_id = 1", "donation_campaign"),
    ("giving_donation", "benefactor_id = 1", "donation_benefactor"),
    ("giving_donation", "office_id = 1", "donation_office"),
    ("giving_donation", "county_id = 1", "donation_county"),
    ("audit_auditevent", "actor_id = 1 ORDER BY at DESC", "audit_actor_at"),
    ("catalog_servicedelivery", "province_id = 1", "delivery_province"),
]


def _plan(table, where):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table would be scanned
            cursor.execute(f"EXPLAIN SELECT 1 FROM {table} WHERE {where}")  # noqa: S608
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN SELECT 1 FROM {table} WHERE {where}")  # noqa: S608
        return " ".join(str(cell) for row in cursor.fetchall() for cell in row)


@pytest.mark.parametrize(("table", "where", "index"), LOOKUPS)
def test_a_lookup_by_a_value_uses_the_partial_index(table, where, index):
    assert index in _plan(table, where)


def test_the_partial_unique_indexes_still_refuse_a_second_holder(cause):
    first = Donation.objects.create(
        tracking_code="100000000001", cause=cause, amount_rials=10_000, bank_reference="RRN"
    )
    Donation.objects.create(tracking_code="100000000002", cause=cause, amount_rials=10_000)
    Donation.objects.create(tracking_code="100000000003", cause=cause, amount_rials=10_000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            tracking_code="100000000004", cause=cause, amount_rials=10_000, bank_reference="RRN"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Donation.objects.create(
            tracking_code="100000000005",
            cause=cause,
            amount_rials=10_000,
            gateway_token="TOK",
        )
        Donation.objects.create(
            tracking_code="100000000006",
            cause=cause,
            amount_rials=10_000,
            gateway_token="TOK",
        )
    assert Donation.objects.filter(bank_reference="RRN").get() == first
