import datetime as dt

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import timezone

from tests.testapp.models import Ticket
from yavar.audit.models import AccessEvent, AppendOnlyError, AuditEvent
from yavar.audit.services import access_record, audit_record
from yavar.core.jalali import JalaliDate
from yavar.core.persian import to_persian_digits

pytestmark = pytest.mark.django_db


def test_audit_rows_cannot_be_changed_or_deleted_through_the_orm(personas):
    event = audit_record(actor=personas.tehran_expert, action="x.test")
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "x.test"


@pytest.mark.parametrize("sql", ["UPDATE {t} SET action = 'tampered'", "DELETE FROM {t}"])
def test_database_refuses_raw_sql_changes_to_the_trail(personas, sql):
    audit_record(actor=None, action="x.raw")
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql.format(t=AuditEvent._meta.db_table))
    assert AuditEvent.objects.filter(action="x.raw").exists()


def test_audit_record_rolls_back_with_the_change_it_describes(personas):
    before = AuditEvent.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        ticket = Ticket.objects.create(title="t", org_unit=personas.tehran_county)
        audit_record(actor=personas.tehran_expert, action="ticket.create", obj=ticket)
        raise RuntimeError("the service failed after writing")
    assert AuditEvent.objects.count() == before
    assert not Ticket.objects.exists()


def test_audit_keeps_actor_object_changes_and_ip(personas, client):
    from yavar.audit.context import client_ip

    token = client_ip.set("10.1.2.3")
    try:
        ticket = Ticket.objects.create(title="t", org_unit=personas.tehran_county)
        event = audit_record(
            actor=personas.tehran_expert,
            action="ticket.edit",
            obj=ticket,
            changes={"title": ("old", "new")},
            person_ref="0012345678",
        )
    finally:
        client_ip.reset(token)
    assert event.actor_label == "tehran"
    assert event.object_type == "testapp.ticket"
    assert event.changes == {"title": {"old": "old", "new": "new"}}
    assert event.ip == "10.1.2.3"


def test_auditor_searches_by_actor_person_object_and_jalali_dates(personas, login):
    ticket = Ticket.objects.create(title="t", org_unit=personas.tehran_county)
    audit_record(
        actor=personas.tehran_expert, action="ticket.edit", obj=ticket, person_ref="0012345678"
    )
    audit_record(actor=personas.isfahan_worker, action="other.thing")
    client = login(personas.auditor)

    by_actor = client.get("/audit/", {"actor": "tehran"}).content.decode()
    assert "ticket.edit" in by_actor and "other.thing" not in by_actor

    by_person = client.get("/audit/", {"person": "۰۰۱۲۳۴۵۶۷۸"}).content.decode()
    assert "ticket.edit" in by_person and "other.thing" not in by_person

    by_object = client.get(
        "/audit/", {"object_type": "testapp.ticket", "object_id": str(ticket.pk)}
    ).content.decode()
    assert "ticket.edit" in by_object and "other.thing" not in by_object

    today = JalaliDate.from_gregorian(timezone.localdate()).isoformat()
    tomorrow = JalaliDate.from_gregorian(timezone.localdate() + dt.timedelta(days=1)).isoformat()
    in_range = client.get("/audit/", {"date_from": to_persian_digits(today), "date_to": today})
    assert "ticket.edit" in in_range.content.decode()
    future = client.get("/audit/", {"date_from": tomorrow}).content.decode()
    assert "ticket.edit" not in future


def test_reversed_date_range_is_a_clear_error(personas, login):
    client = login(personas.auditor)
    page = client.get("/audit/", {"date_from": "1405/02/01", "date_to": "1405/01/01"})
    assert page.status_code == 200
    assert "تاریخ شروع" in page.content.decode()


def test_access_log_records_reads_and_the_auditor_sees_them(personas, login):
    ticket = Ticket.objects.create(title="t", org_unit=personas.tehran_county)
    access_record(actor=personas.safehouse_staff, obj=ticket, person_ref="P-1")
    assert AccessEvent.objects.filter(actor_label="housestaff").count() == 1
    client = login(personas.auditor)
    page = client.get("/audit/", {"log": "reads", "actor": "housestaff"}).content.decode()
    assert f"testapp.ticket:{ticket.pk}" in page


def test_trail_is_closed_to_everyone_but_the_auditor(personas, login):
    client = login(personas.national_expert)
    assert client.get("/audit/").status_code == 403
