"""core.rows: rows held by `written_together` and written at its end (one statement on
PostgreSQL), keys of held rows filled in by the database, survivors of a failed block, and
`fetch_instance` reading a row as the ORM reads it."""

import datetime as dt
import logging
import uuid

import psycopg
import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.statements import captured_sql
from yavar.audit.models import AuditEvent
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.models import ServiceDelivery
from yavar.catalog.services import delivery_record
from yavar.core.rows import KeyOf, fetch_instance, insert_instance, key_of, key_text_of
from yavar.core.rows_together import guard, guard_condition, written_together
from yavar.giving.enums import SERVICE_ID, DonationStatus, Method
from yavar.giving.models import Campaign, Cause, Donation
from yavar.integrations.enums import InquiryOutcome
from yavar.integrations.log import traced_inquiry
from yavar.integrations.models import InquiryLog
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان بی‌سرپرست")


@pytest.fixture
def province(db):
    return OrgUnit.objects.filter(kind="province").order_by("pk").first()


def _donation(cause, code, **fields):
    return Donation(tracking_code=code, cause=cause, amount_rials=500_000, **fields)


def _delivery(unit, source_id, subject_id="09120000000"):
    return ServiceDelivery(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=subject_id,
        subject_key=f"person:{subject_id}",
        org_unit=unit,
        province=unit,
        delivered_on=dt.date(2026, 3, 1),
        jalali_year=1404,
        jalali_season=4,
        jalali_month=12,
        kind="cash_donation",
        source_type="giving.donation",
        source_id=source_id,
    )


def _logged_call(operation="verify"):
    """An outside call's log row, as the bank client writes it (held to survive)."""
    with traced_inquiry(body="bank_gateway", operation=operation) as trace:
        trace.outcome = InquiryOutcome.OK


def _inserts(captured):
    return [s for s in captured_sql(captured) if s.lstrip().upper().startswith(("INSERT", "WITH"))]


def test_held_rows_wait_for_the_end_of_the_block_then_all_get_keys(cause, province):
    donation = _donation(cause, "100000000001")
    delivery = _delivery(province, "held-1")
    with written_together():
        assert insert_instance(donation, may_hold=True) is donation
        assert insert_instance(delivery, may_hold=True) is delivery
        _logged_call()
        # Nothing is written yet, and nothing has a key.
        assert donation.pk is None and delivery.pk is None and donation._state.adding
        assert not Donation.objects.filter(tracking_code="100000000001").exists()
        assert not ServiceDelivery.objects.filter(source_id="held-1").exists()
        assert not InquiryLog.objects.exists()
    assert donation.pk is not None and delivery.pk is not None
    assert not donation._state.adding and donation._state.db == "default"
    stored = Donation.objects.get(pk=donation.pk)
    assert (stored.tracking_code, stored.amount_rials) == ("100000000001", 500_000)
    assert stored.created_at == donation.created_at  # stamped when held, kept as written
    assert ServiceDelivery.objects.get(pk=delivery.pk).source_id == "held-1"
    assert InquiryLog.objects.get().operation == "verify"


def test_rows_naming_a_held_donation_get_its_key(cause, province):
    Donation.objects.create(tracking_code="100000000000", cause=cause, amount_rials=1_000_000)
    donation = _donation(cause, "100000000002")
    with written_together():
        insert_instance(donation, may_hold=True)
        event = audit_record(actor=None, action="donation.start", obj=donation)
        ledger = delivery_record(
            service_id=SERVICE_ID,
            subject_type=SubjectType.PERSON,
            subject_id="09121234567",
            org_unit=province,
            delivered_on=timezone.localdate(),
            kind="cash_donation",
            source=donation,
        )
        # Until the batch is written they name the donation, not a value.
        assert event.object_id == KeyOf(donation) and ledger.source_id == KeyOf(donation)
    key = str(donation.pk)
    assert event.object_id == key and ledger.source_id == key
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.object_type, stored.object_id) == ("giving.donation", key)
    assert ServiceDelivery.objects.get(pk=ledger.pk).source_id == key


def test_a_batch_is_one_statement_on_postgresql(cause):
    donation = _donation(cause, "100000000003")
    with CaptureQueriesContext(connection) as captured, written_together():
        _logged_call()
        insert_instance(donation, may_hold=True)
        audit_record(actor=None, action="donation.start", obj=donation)
        assert _inserts(captured) == []  # held: nothing sent inside the block
    inserts = _inserts(captured)
    if connection.vendor == "postgresql":
        assert len(inserts) == 1 and inserts[0].startswith("WITH")
        assert inserts[0].count("INSERT INTO") == 3
    else:
        assert len(inserts) == 3  # one after another, in one transaction
    assert AuditEvent.objects.get(action="donation.start").object_id == str(donation.pk)
    assert InquiryLog.objects.count() == 1


def test_a_batch_opened_inside_another_joins_it(cause):
    outer, inner = _donation(cause, "100000000004"), _donation(cause, "100000000005")
    with written_together():
        insert_instance(outer, may_hold=True)
        with written_together():
            insert_instance(inner, may_hold=True)
        assert inner.pk is None  # written with the outer batch, not at the inner block's end
    assert outer.pk is not None and inner.pk is not None
    assert Donation.objects.filter(pk__in=[outer.pk, inner.pk]).count() == 2


def test_an_isolated_batch_inside_another_is_written_at_its_own_end(cause):
    # So its failure surfaces where its caller can handle it (a clashing code drawn again).
    outer, inner = _donation(cause, "100000000014"), _donation(cause, "100000000015")
    with written_together():
        insert_instance(outer, may_hold=True)
        with written_together(isolated=True):
            insert_instance(inner, may_hold=True)
        assert inner.pk is not None and outer.pk is None
        clash = _donation(cause, "100000000015")  # the inner one's code, now taken
        with pytest.raises(IntegrityError), written_together(isolated=True):
            insert_instance(clash, may_hold=True)
    assert outer.pk is not None and clash.pk is None
    assert set(Donation.objects.values_list("tracking_code", flat=True)) == {
        "100000000014",
        "100000000015",
    }


def test_an_error_in_the_block_writes_only_the_survivors(cause):
    donation = _donation(cause, "100000000006")
    with pytest.raises(RuntimeError), written_together():
        _logged_call()
        insert_instance(donation, may_hold=True)
        event = audit_record(actor=None, action="donation.start", obj=donation)
        raise RuntimeError("the bank said something we did not expect")
    assert donation.pk is None and event.pk is None
    assert not Donation.objects.filter(tracking_code="100000000006").exists()
    assert not AuditEvent.objects.filter(action="donation.start").exists()
    # The outside call did happen: its log row is kept.
    assert InquiryLog.objects.get().operation == "verify"


def test_an_isolated_batch_that_fails_leaves_the_transaction_usable(cause):
    insert_instance(_donation(cause, "100000000007"))
    clash = _donation(cause, "100000000007")
    with pytest.raises(IntegrityError), written_together(isolated=True):
        _logged_call("request_token")
        insert_instance(clash, may_hold=True)
        audit_record(actor=None, action="donation.start", obj=clash)
    # A failed statement would break the test's transaction on PostgreSQL: these would raise.
    assert Donation.objects.count() == 1
    assert not AuditEvent.objects.filter(action="donation.start").exists()
    assert InquiryLog.objects.get().operation == "request_token"
    assert clash.pk is None
    assert insert_instance(_donation(cause, "100000000008")).pk is not None


def test_survivors_go_with_a_broken_transaction_and_the_first_error_is_raised(cause, caplog):
    insert_instance(_donation(cause, "100000000009"))
    clash = _donation(cause, "100000000009")
    caplog.set_level(logging.WARNING, logger="yavar.core.rows")
    # Not isolated, inside a transaction: the failed flush dooms the transaction around it.
    with pytest.raises(IntegrityError), transaction.atomic(), written_together():
        _logged_call()
        insert_instance(clash, may_hold=True)
        audit_record(actor=None, action="donation.start", obj=clash)
    assert not InquiryLog.objects.exists()
    assert "rolled back" in caplog.text
    assert Donation.objects.count() == 1


def test_a_key_of_a_row_neither_written_nor_held_is_refused(cause):
    loose = _donation(cause, "100000000010")
    with pytest.raises(ValueError):
        key_of(loose)
    held = _donation(cause, "100000000011")
    with written_together():
        insert_instance(held, may_hold=True)
        with pytest.raises(ValueError):
            key_of(loose)  # a batch is open, but this row is not in it
        assert key_of(held) == KeyOf(held)
    saved = insert_instance(_donation(cause, "100000000012"))
    assert key_of(saved) == saved.pk and key_text_of(saved) == str(saved.pk)


def test_a_row_naming_a_held_key_cannot_be_written_on_its_own(cause):
    donation = _donation(cause, "100000000013")
    with written_together():
        insert_instance(donation, may_hold=True)
        event = AuditEvent(action="donation.start", object_id=key_text_of(donation))
        with pytest.raises(ValueError):
            insert_instance(event)  # the key exists only once the batch is written
    assert event.pk is None and not AuditEvent.objects.exists()
    assert Donation.objects.filter(pk=donation.pk).exists()
    # Outside a batch nothing will ever fill it in.
    with pytest.raises(ValueError):
        insert_instance(AuditEvent(action="x", object_id=KeyOf(_donation(cause, "1"))))


def test_a_held_row_refused_by_a_conflict_is_skipped_and_the_rest_written(cause, province):
    insert_instance(_delivery(province, "taken"))
    clash, fresh = _delivery(province, "taken"), _delivery(province, "fresh")
    donation = _donation(cause, "100000000014")
    with written_together():
        insert_instance(clash, ignore_conflicts=True, may_hold=True)
        insert_instance(fresh, ignore_conflicts=True, may_hold=True)
        insert_instance(donation, may_hold=True)
    assert clash.pk is None and clash._state.adding
    assert fresh.pk is not None and donation.pk is not None
    assert ServiceDelivery.objects.filter(source_id="taken").count() == 1
    assert ServiceDelivery.objects.get(source_id="fresh").pk == fresh.pk
    assert Donation.objects.filter(pk=donation.pk).exists()


def _same_as_orm(got, model, pk):
    expected = model.objects.get(pk=pk)
    assert type(got) is model and not got._state.adding and got._state.db == "default"
    for field in model._meta.concrete_fields:
        ours, theirs = getattr(got, field.attname), getattr(expected, field.attname)
        assert (field.attname, ours, type(ours)) == (field.attname, theirs, type(theirs))
        if isinstance(theirs, dt.datetime):
            assert ours.utcoffset() == theirs.utcoffset()  # aware, as the ORM gives it


def test_fetch_instance_reads_a_donation_as_the_orm_does(cause, province):
    campaign = Campaign.objects.create(
        cause=cause,
        title="پویش بهار",
        method=Method.ONLINE,
        goal_rials=1_000_000_000,
        starts_on=dt.date(2026, 3, 21),
        ends_on=dt.date(2026, 4, 20),
    )
    paid = Donation.objects.create(
        tracking_code="100000000015",
        cause=cause,
        campaign=campaign,
        province=province,
        amount_rials=750_000,
        status=DonationStatus.PAID,
        anonymous=True,
        bank_reference="123456789012",
        paid_at=timezone.now() - dt.timedelta(days=3, microseconds=17),
    )
    got = fetch_instance(Donation, "tracking_code = %s", ["100000000015"])
    _same_as_orm(got, Donation, paid.pk)
    assert got.anonymous is True and got.county_id is None and got.gateway_token is None
    locked = fetch_instance(Donation, "id = %s", [paid.pk], for_update=True)
    _same_as_orm(locked, Donation, paid.pk)


def test_fetch_instance_reads_dates_booleans_and_empty_keys_as_the_orm_does(cause):
    Cause.objects.filter(pk=cause.pk).update(active=False)
    campaign = Campaign.objects.create(
        cause=cause,
        title="پویش پاییز",
        method=Method.SMS,
        goal_rials=5_000_000,
        starts_on=dt.date(2026, 9, 23),
        ends_on=dt.date(2026, 12, 21),
    )
    got = fetch_instance(Campaign, "id = %s", [campaign.pk])
    assert (got.starts_on, got.ends_on, got.province_id) == (
        dt.date(2026, 9, 23),
        dt.date(2026, 12, 21),
        None,
    )
    inactive = fetch_instance(Cause, "id = %s AND active = %s", [cause.pk, False])
    assert inactive is not None and inactive.active is False
    # Compared field by field, datetimes included.
    _same_as_orm(got, Campaign, campaign.pk)
    _same_as_orm(inactive, Cause, cause.pk)


def test_fetch_instance_finds_nothing(cause):
    assert fetch_instance(Cause, "id = %s AND active = %s", [cause.pk, False]) is None
    assert fetch_instance(Donation, "tracking_code = %s", ["000000000000"]) is None


def _mark(donation, status):
    """A guard: the donation moves to `status` only if it is still pending."""
    sql = 'UPDATE "giving_donation" SET status = %s WHERE id = %s AND status = %s'
    return guard(sql, [status, donation.pk, DonationStatus.PENDING])


@pytest.mark.parametrize("pending", [True, False])
def test_rows_held_after_a_guard_are_written_only_if_it_matches(cause, pending):
    donation = insert_instance(_donation(cause, "100000000031"))
    if not pending:
        Donation.objects.filter(pk=donation.pk).update(status=DonationStatus.FAILED)
    with CaptureQueriesContext(connection) as captured, written_together():
        _logged_call()  # before the guard: written either way
        claim = _mark(donation, DonationStatus.PAID)
        audit_record(actor=None, action="donation.paid", obj=donation)
    assert claim.matched is pending
    assert InquiryLog.objects.count() == 1
    assert AuditEvent.objects.filter(action="donation.paid").exists() is pending
    expected = DonationStatus.PAID if pending else DonationStatus.FAILED
    assert Donation.objects.get(pk=donation.pk).status == expected
    if connection.vendor == "postgresql":
        # The guard, the log row and the audit record: one statement.
        assert len(_inserts(captured)) == 1 and 'UPDATE "giving_donation"' in _inserts(captured)[0]


@pytest.mark.parametrize("active", [True, False])
def test_rows_held_after_a_condition_are_written_only_if_it_holds(cause, active):
    Cause.objects.filter(pk=cause.pk).update(active=active)
    with CaptureQueriesContext(connection) as captured, written_together():
        _logged_call()  # before the condition: written either way
        holds = guard_condition(
            'SELECT 1 FROM "giving_cause" WHERE id = %s AND active = %s', [cause.pk, True]
        )
        donation = insert_instance(_donation(cause, "100000000033"), may_hold=True)
        audit_record(actor=None, action="donation.start", obj=donation)
    assert holds.matched is active
    assert InquiryLog.objects.count() == 1
    assert Donation.objects.filter(tracking_code="100000000033").exists() is active
    assert AuditEvent.objects.filter(action="donation.start").exists() is active
    assert (donation.pk is not None) is active
    if connection.vendor == "postgresql":
        # The condition, the log row, the donation and its audit record: one statement.
        assert len(_inserts(captured)) == 1 and 'FROM "giving_cause"' in _inserts(captured)[0]


def test_a_guard_needs_an_open_batch_and_is_one_per_batch(cause):
    donation = insert_instance(_donation(cause, "100000000032"))
    with pytest.raises(ValueError):
        _mark(donation, DonationStatus.PAID)
    with pytest.raises(ValueError), written_together():
        _mark(donation, DonationStatus.PAID)
        _mark(donation, DonationStatus.FAILED)
    with pytest.raises(ValueError), written_together():
        _mark(donation, DonationStatus.PAID)
        guard_condition("SELECT 1", [])


# Values that a statement written with its literals must quote: a quote, a backslash, what looks
# like a placeholder or an escaped percent, a statement's end and a comment, Persian with ZWNJ.
AWKWARD = "O'Brien \\ %s %% %(x)s ;-- نیم‌فاصله"


def test_awkward_values_come_back_unchanged_from_a_batch_of_over_fifty_values(cause, province):
    donation = _donation(
        cause, "100000000041", donor_name=AWKWARD, donor_mobile="09121234567", province=province
    )
    stamp = dt.datetime(2026, 3, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    with CaptureQueriesContext(connection) as captured, written_together():
        _logged_call()
        insert_instance(donation, may_hold=True)
        audit_record(
            actor=None,
            action="donation.start",
            obj=donation,
            data={"note": AWKWARD, "nested": {"n": 1, "none": None, "yes": True}},
        )
        delivery_record(
            service_id=SERVICE_ID,
            subject_type=SubjectType.PERSON,
            subject_id=AWKWARD[:20],
            org_unit=province,
            delivered_on=dt.date(2026, 3, 1),
            kind="cash_donation",
            source=donation,
        )
    inserts = _inserts(captured)
    if connection.vendor == "postgresql":
        assert len(inserts) == 1  # over 50 values in one statement
    got = Donation.objects.get(pk=donation.pk)
    assert (got.donor_name, got.province_id, got.bank_reference) == (AWKWARD, province.pk, None)
    assert got.anonymous is False and got.amount_rials == 500_000
    event = AuditEvent.objects.get(action="donation.start")
    assert event.changes["note"]["new"] == AWKWARD
    assert event.changes["nested"]["new"] == {"n": 1, "none": None, "yes": True}
    assert event.object_id == str(donation.pk)
    assert ServiceDelivery.objects.get(source_id=str(donation.pk)).subject_id == AWKWARD[:20]
    # A time keeps its microseconds and its zone through a literal, as through a parameter.
    with written_together():
        _logged_call()
        insert_instance(_donation(cause, "100000000042", paid_at=stamp), may_hold=True)
    assert Donation.objects.get(tracking_code="100000000042").paid_at == stamp


@pytest.mark.django_db(transaction=True)
def test_a_batch_after_the_connection_was_replaced_quotes_on_the_new_one(cause):
    # No log or audit rows: they are append-only, and this test's database is emptied after it.
    codes = ["100000000051", "100000000052", "100000000053", "100000000054"]
    for first, second in (codes[:2], codes[2:]):
        with written_together():
            insert_instance(_donation(cause, first, donor_name=AWKWARD), may_hold=True)
            insert_instance(_donation(cause, second, donor_name=AWKWARD), may_hold=True)
        connection.close()  # as CONN_MAX_AGE does: the next batch runs on a new connection
    names = Donation.objects.filter(tracking_code__in=codes).values_list("donor_name", flat=True)
    assert list(names) == [AWKWARD] * 4


def test_plain_values_are_written_as_the_orm_writes_them(cause, province):
    """Each plain kind (plain_literals) next to the same values written by the ORM."""
    tehran = dt.timezone(dt.timedelta(hours=3, minutes=30))
    values = {
        "donor_name": "O'Brien \\ نیم‌فاصله",
        "anonymous": True,
        "province": province,
        "paid_at": dt.datetime(2026, 3, 1, 8, 30, 15, 7, tzinfo=dt.UTC),
        "external_reference": "",
    }
    for code, paid_at in (("100000000061", values["paid_at"]), ("100000000062", None)):
        with written_together():
            _logged_call()
            insert_instance(_donation(cause, code, **{**values, "paid_at": paid_at}), may_hold=True)
    # A time in another zone takes psycopg's path; it is the same instant either way.
    with written_together():
        _logged_call()
        local = dt.datetime(2026, 3, 1, 12, 0, 15, 7, tzinfo=tehran)
        insert_instance(_donation(cause, "100000000063", paid_at=local), may_hold=True)
    orm = Donation.objects.create(
        tracking_code="100000000064", cause=cause, amount_rials=500_000, **values
    )
    got = {d.tracking_code: d for d in Donation.objects.filter(cause=cause)}
    for field in ("donor_name", "amount_rials", "anonymous", "province_id", "paid_at"):
        assert getattr(got["100000000061"], field) == getattr(orm, field), field
    assert got["100000000062"].paid_at is None
    assert (
        got["100000000063"].paid_at
        == local
        == got["100000000061"].paid_at.replace(hour=8, minute=30)
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's text refuses NUL")
def test_a_nul_in_a_text_is_refused_and_nothing_is_written(cause):
    with pytest.raises(psycopg.DataError, match="NUL"), written_together():
        insert_instance(_donation(cause, "100000000071", donor_name="a\x00b"), may_hold=True)
        insert_instance(_donation(cause, "100000000072"), may_hold=True)
    assert not Donation.objects.filter(tracking_code__in=["100000000071", "100000000072"]).exists()


def test_json_and_addresses_come_back_from_a_batch_as_the_orm_wrote_them(cause):
    from yavar.audit.context import client_ip

    data = {"note": AWKWARD, "list": [1, 2.5, None, False], "empty": {}}
    donation = _donation(cause, "100000000091")
    insert_instance(donation)
    for address in ("10.1.2.3", "2001:DB8::1", None):
        mark = client_ip.set(address)
        try:
            with written_together():
                _logged_call()
                audit_record(actor=None, action="test.literal", obj=donation, data=data)
        finally:
            client_ip.reset(mark)
    orm = audit_record(actor=None, action="test.literal", obj=donation, data=data)
    events = list(AuditEvent.objects.filter(action="test.literal").order_by("pk"))
    assert [e.ip for e in events] == ["10.1.2.3", "2001:db8::1", None, None]
    assert all(e.changes == orm.changes for e in events)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL session setting")
def test_a_session_without_standard_conforming_strings_is_written_by_psycopg(cause):
    with connection.cursor() as cursor:
        cursor.execute("SET standard_conforming_strings = off")
    try:
        with written_together():
            insert_instance(_donation(cause, "100000000081", donor_name=AWKWARD), may_hold=True)
            insert_instance(_donation(cause, "100000000082", donor_name=AWKWARD), may_hold=True)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET standard_conforming_strings = on")
    names = Donation.objects.filter(tracking_code__startswith="10000000008").values_list(
        "donor_name", flat=True
    )
    assert list(names) == [AWKWARD] * 2


def test_only_djangos_own_field_classes_are_written_plainly():
    from django.db import models

    from yavar.core.plain_literals import literal_for

    class Shouting(models.CharField):
        def get_prep_value(self, value):
            return super().get_prep_value(value).upper()

    plain = models.CharField(max_length=5)
    assert literal_for(plain)("it's") == b"'it''s'"
    assert literal_for(Shouting(max_length=5)) is None
    from django.core.serializers.json import DjangoJSONEncoder

    doc = literal_for(models.JSONField())
    assert doc({"it's": [1, None, True]}) == b"'{\"it''s\": [1, null, true]}'::jsonb"
    assert (doc(None), doc(dt.date(2026, 3, 1)), doc({"day": dt.date(2026, 3, 1)})) == (
        b"NULL",  # SQL NULL, as the ORM saves None
        None,  # not JSON's own: the ORM's path, and its error
        None,
    )
    assert literal_for(models.JSONField(encoder=DjangoJSONEncoder)) is None  # its own dumps
    key = literal_for(models.UUIDField())
    code = uuid.UUID("12345678-1234-5678-1234-567812345678")
    assert (key(code), key(str(code))) == (b"'12345678-1234-5678-1234-567812345678'::uuid", None)
    from yavar.core.plain_literals import plain_value

    assert [plain_value(v) for v in ("it's", 7, True, None)] == [b"'it''s'", b"7", b"true", b"NULL"]
    assert plain_value(dt.date(2026, 3, 1)) is None  # psycopg's path
    ip = literal_for(models.GenericIPAddressField())
    assert (ip("10.0.0.1"), ip(""), ip(None)) == (b"'10.0.0.1'::inet", b"NULL", b"NULL")
    assert ip("::ffff:10.0.0.1") is None  # IPv6: normalised by the field, the ORM's path
    day, stamp = literal_for(models.DateField()), literal_for(models.DateTimeField())
    assert day(dt.date(2026, 3, 1)) == b"'2026-03-01'::date"
    assert day(dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) is None  # a datetime is not a day
    assert (
        stamp(dt.datetime(2026, 3, 1, tzinfo=dt.UTC)) == b"'2026-03-01 00:00:00+00:00'::timestamptz"
    )
    assert stamp(dt.datetime(2026, 3, 1)) is None  # naive: the ORM's path (and its warning)
    number, flag = literal_for(models.BigIntegerField()), literal_for(models.BooleanField())
    assert (number(7), number(True), number(None)) == (b"7", None, b"NULL")
    assert (flag(True), flag(1)) == (b"true", None)
    assert literal_for(Donation._meta.get_field("cause"))(3) == b"3"
