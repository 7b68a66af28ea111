"""Goods received in kind and handed on: a ledger row when received, never more handed on than
is left (also when two handovers race), clients only from the user's part of the registry, and
another province's goods answer 404."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from yavar.audit.models import AuditEvent
from yavar.catalog.models import ServiceDelivery
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.validators import complete_national_code
from yavar.giving import inkind
from yavar.giving.enums import CorrectionErrorCode, OfficeErrorCode
from yavar.giving.models import InKindDistribution, InKindDonation
from yavar.orgunits import services as orgunits
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.people.services import PersonData, person_create

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def receive(personas, **kw):
    values = {
        "actor": personas.tehran_expert,
        "description": "پتو",
        "category": "household",
        "quantity": 10,
        "measure": "piece",
        "estimated_value_rials": 30_000_000,
        "condition": "new",
        "warehouse_receipt": "W-1",
        "office": personas.tehran_office,
        "received_on": TODAY(),
        **kw,
    }
    return inkind.inkind_receive(**values)


CLIENT_CODE = complete_national_code("001234567")


def client_in(personas, unit, code=CLIENT_CODE):
    return person_create(
        actor=personas.tehran_expert if unit == personas.tehran_county else personas.isfahan_worker,
        org_unit=unit,
        data=PersonData(first_name="زهرا", last_name="احمدی", gender="female", national_code=code),
        confirmed_not_duplicate=True,
    )


def test_goods_received_write_a_ledger_row_and_an_audit_record(personas):
    gift = receive(personas, donor_mobile="09121234567")
    ledger = ServiceDelivery.objects.get(kind="in_kind_donation")
    assert ledger.source_id == str(gift.pk) and ledger.subject_id == "09121234567"
    assert AuditEvent.objects.filter(action="inkind.receive", object_id=str(gift.pk)).exists()


def test_a_warehouse_receipt_counts_once_per_office(personas):
    receive(personas)
    with pytest.raises(ApplicationError) as refused:
        receive(personas, warehouse_receipt="w-1")
    assert refused.value.code == OfficeErrorCode.WAREHOUSE_RECEIPT_TAKEN
    assert InKindDonation.objects.count() == 1


def test_handing_on_to_a_centre_and_a_client_never_exceeds_what_is_left(personas):
    gift = receive(personas)
    person = client_in(personas, personas.tehran_county)
    inkind.inkind_distribute(
        actor=personas.tehran_expert,
        gift=gift,
        quantity=6,
        distributed_on=TODAY(),
        to_centre=personas.tehran_office,
    )
    inkind.inkind_distribute(
        actor=personas.tehran_expert,
        gift=gift,
        quantity=3,
        distributed_on=TODAY(),
        to_person=person,
    )
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_distribute(
            actor=personas.tehran_expert,
            gift=gift,
            quantity=2,
            distributed_on=TODAY(),
            to_centre=personas.tehran_office,
        )
    assert refused.value.code == OfficeErrorCode.OVER_DISTRIBUTION
    gift.refresh_from_db()
    assert gift.quantity_distributed == 9 and gift.remaining == 1
    assert InKindDistribution.objects.count() == 2
    assert AuditEvent.objects.filter(action="inkind.distribute").count() == 2


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"to_centre": None}, OfficeErrorCode.ONE_RECIPIENT),
        ({"quantity": 0}, OfficeErrorCode.OVER_DISTRIBUTION),
        ({"distributed_on": TODAY() + dt.timedelta(days=1)}, OfficeErrorCode.FUTURE_DATE),
    ],
)
def test_bad_handovers_are_refused_and_change_nothing(personas, change, code):
    gift = receive(personas)
    values = {
        "actor": personas.tehran_expert,
        "gift": gift,
        "quantity": 1,
        "distributed_on": TODAY(),
        "to_centre": personas.tehran_office,
        **change,
    }
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_distribute(**values)
    assert refused.value.code == code
    gift.refresh_from_db()
    assert gift.quantity_distributed == 0 and not InKindDistribution.objects.exists()


def test_a_client_outside_ones_registry_scope_is_not_found(personas):
    gift = receive(personas)
    isfahan_client = client_in(
        personas, personas.isfahan_county, code=complete_national_code("002345678")
    )
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_distribute(
            actor=personas.tehran_expert,
            gift=gift,
            quantity=1,
            distributed_on=TODAY(),
            to_person=isfahan_client,
        )
    assert refused.value.code == ErrorCode.NOT_FOUND


def test_a_stale_copy_of_the_gift_cannot_hand_on_what_is_gone(personas):
    """Two clerks opened the same gift page: the service re-reads the row under a lock, so the
    second handover sees what the first took, whatever the clerk's copy says."""
    first_view = receive(personas, quantity=5)
    second_view = InKindDonation.objects.get(pk=first_view.pk)
    for view, outcome in ((first_view, None), (second_view, OfficeErrorCode.OVER_DISTRIBUTION)):
        try:
            inkind.inkind_distribute(
                actor=personas.tehran_expert,
                gift=view,
                quantity=4,
                distributed_on=TODAY(),
                to_centre=personas.tehran_office,
            )
        except ApplicationError as error:
            assert error.code == outcome
        else:
            assert outcome is None
    assert InKindDonation.objects.get(pk=first_view.pk).quantity_distributed == 4


def test_the_database_itself_refuses_handing_on_more_than_was_received(personas):
    gift = receive(personas, quantity=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        InKindDonation.objects.filter(pk=gift.pk).update(quantity_distributed=6)


def test_pages_show_stock_and_hand_over_and_another_province_gets_404(personas, login):
    gift = receive(personas)
    person = client_in(personas, personas.tehran_county)
    staff = login(personas.tehran_expert)
    page = staff.get("/giving/office/goods/").content.decode()
    assert "پتو" in page and 'data-testid="stock"' in page
    response = staff.post(
        f"/giving/office/goods/{gift.pk}/",
        {"quantity": "۴", "distributed_on": "۱۴۰۳/۰۱/۰۱", "client_national_code": ""},
    )
    assert response.status_code == 400  # no recipient chosen, and nothing moved
    response = staff.post(
        f"/giving/office/goods/{gift.pk}/",
        {
            "quantity": "۴",
            "distributed_on": "",
            "client_national_code": person.national_code,
        },
    )
    assert response.status_code == 400
    gift.refresh_from_db()
    assert gift.quantity_distributed == 0
    staff.logout()
    other = login(personas.isfahan_worker)
    assert other.get(f"/giving/office/goods/{gift.pk}/").status_code == 404
    assert "پتو" not in other.get("/giving/office/goods/").content.decode()


def test_a_handover_through_the_page(personas, login):
    centre = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=personas.tehran_county,
        code="T-DC",
        name_fa="مرکز روزانه نمونه",
        centre_type=CentreType.WELFARE_OFFICE,
        address="تهران",
    )
    gift = receive(personas, received_on=dt.date(2024, 3, 1))
    staff = login(personas.tehran_expert)
    response = staff.post(
        f"/giving/office/goods/{gift.pk}/",
        {"quantity": "۴", "distributed_on": "۱۴۰۳/۰۱/۰۱", "to_centre": centre.pk},
    )
    assert response.status_code == 302
    distribution = InKindDistribution.objects.get()
    assert distribution.to_centre == centre and distribution.distributed_on == dt.date(2024, 3, 20)
    assert "مرکز روزانه نمونه" in staff.get(response["Location"]).content.decode()


# --- Putting mistakes right: cancelling a receipt, reversing a handover -----------------------


def hand_over(personas, gift, quantity, **kw):
    values = {
        "actor": personas.tehran_expert,
        "gift": gift,
        "quantity": quantity,
        "distributed_on": TODAY(),
        "to_centre": personas.tehran_office,
        **kw,
    }
    return inkind.inkind_distribute(**values)


def test_a_receipt_recorded_in_error_is_cancelled_kept_and_frees_its_number(personas):
    gift = receive(personas)
    inkind.inkind_cancel(actor=personas.tehran_expert, gift=gift, reason="  رسید تکراری ")
    gift.refresh_from_db()
    assert gift.is_cancelled and gift.cancel_reason == "رسید تکراری" and gift.remaining == 0
    assert gift.cancelled_by == personas.tehran_expert
    event = AuditEvent.objects.get(action="inkind.cancel", object_id=str(gift.pk))
    assert event.changes["reason"]["new"] == "رسید تکراری"
    # The ledger row stays, withdrawn: the catalog's figures no longer count this donor.
    row = ServiceDelivery.objects.get(kind="in_kind_donation")
    assert row.withdrawn_at is not None and row.withdrawn_reason == "cancel: رسید تکراری"
    assert not ServiceDelivery.objects.counted().filter(kind="in_kind_donation").exists()
    with pytest.raises(ApplicationError) as refused:
        hand_over(personas, gift, 1)
    assert refused.value.code == CorrectionErrorCode.GIFT_CANCELLED
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_cancel(actor=personas.tehran_expert, gift=gift, reason="دوباره")
    assert refused.value.code == CorrectionErrorCode.ALREADY_CANCELLED
    corrected = receive(personas, quantity=8)  # the same warehouse receipt number, re-entered
    assert corrected.warehouse_receipt == gift.warehouse_receipt
    assert InKindDonation.objects.count() == 2
    assert list(inkind.inkind_list(user=personas.tehran_expert, in_stock=True)) == [corrected]
    assert [s["left"] for s in inkind.stock_by_office(user=personas.tehran_expert)] == [8]


def test_goods_partly_handed_on_are_not_cancelled_until_the_handover_is_reversed(personas):
    gift = receive(personas)
    handover = hand_over(personas, gift, 4)
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_cancel(actor=personas.tehran_expert, gift=gift, reason="اشتباه")
    assert refused.value.code == CorrectionErrorCode.ALREADY_HANDED_ON
    gift.refresh_from_db()
    assert not gift.is_cancelled and gift.quantity_distributed == 4
    inkind.inkind_distribution_reverse(
        actor=personas.tehran_expert, distribution=handover, reason="به مرکز نرسید"
    )
    inkind.inkind_cancel(actor=personas.tehran_expert, gift=gift, reason="اشتباه")
    gift.refresh_from_db()
    assert gift.is_cancelled and gift.quantity_distributed == 0


def test_the_database_refuses_a_cancelled_receipt_with_goods_handed_on(personas):
    gift = receive(personas)
    hand_over(personas, gift, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        InKindDonation.objects.filter(pk=gift.pk).update(
            cancelled_at=timezone.now(), cancel_reason="x"
        )


def test_a_reversed_handover_returns_its_quantity_to_stock_once(personas):
    gift = receive(personas, quantity=5)
    first = hand_over(personas, gift, 3)
    hand_over(personas, gift, 2)
    stale = InKindDistribution.objects.get(pk=first.pk)
    reversed_ = inkind.inkind_distribution_reverse(
        actor=personas.tehran_expert, distribution=first, reason="ثبت دوباره"
    )
    assert reversed_.is_reversed
    gift.refresh_from_db()
    assert gift.quantity_distributed == 2 and gift.remaining == 3
    event = AuditEvent.objects.get(action="inkind.distribution_reverse")
    assert {f: v["new"] for f, v in event.changes.items() if f != "reversed_at"} == {
        "gift": gift.pk,
        "quantity": 3,
        "reason": "ثبت دوباره",
        "left": 3,
    }
    # A second clerk's stale copy cannot put the same quantity back twice.
    with pytest.raises(ApplicationError) as refused:
        inkind.inkind_distribution_reverse(
            actor=personas.tehran_expert, distribution=stale, reason="باز هم"
        )
    assert refused.value.code == CorrectionErrorCode.ALREADY_REVERSED
    gift.refresh_from_db()
    assert gift.quantity_distributed == 2
    hand_over(personas, gift, 3)  # what came back can be handed on again
    gift.refresh_from_db()
    assert gift.remaining == 0


def test_corrections_need_a_reason_and_change_nothing_without_one(personas):
    gift = receive(personas)
    handover = hand_over(personas, gift, 2)
    for call in (
        lambda: inkind.inkind_cancel(actor=personas.tehran_expert, gift=gift, reason=" "),
        lambda: inkind.inkind_distribution_reverse(
            actor=personas.tehran_expert, distribution=handover, reason=""
        ),
    ):
        with pytest.raises(ApplicationError) as refused:
            call()
        assert refused.value.code == CorrectionErrorCode.REASON_MISSING
    gift.refresh_from_db()
    handover.refresh_from_db()
    assert gift.quantity_distributed == 2 and not gift.is_cancelled and not handover.is_reversed


def test_another_province_can_neither_cancel_nor_reverse(personas, login):
    gift = receive(personas)
    handover = hand_over(personas, gift, 2)
    for call in (
        lambda: inkind.inkind_cancel(actor=personas.isfahan_worker, gift=gift, reason="x"),
        lambda: inkind.inkind_distribution_reverse(
            actor=personas.isfahan_worker, distribution=handover, reason="x"
        ),
    ):
        with pytest.raises(ApplicationError) as refused:
            call()
        assert refused.value.code == ErrorCode.NOT_FOUND
    other = login(personas.isfahan_worker)
    assert (
        other.post(f"/giving/office/goods/{gift.pk}/cancel/", {"cancel-reason": "x"}).status_code
        == 404
    )
    reverse_url = f"/giving/office/goods/{gift.pk}/handovers/{handover.pk}/reverse/"
    assert other.post(reverse_url, {"reverse-reason": "x"}).status_code == 404
    gift.refresh_from_db()
    assert gift.quantity_distributed == 2 and not gift.is_cancelled


def test_reversing_and_cancelling_through_the_gift_page(personas, login):
    gift = receive(personas)
    handover = hand_over(personas, gift, 4)
    staff = login(personas.tehran_expert)
    page = staff.get(f"/giving/office/goods/{gift.pk}/").content.decode()
    assert f'data-testid="reverse-{handover.pk}"' in page
    assert 'data-testid="cancel"' not in page  # something is handed on
    reverse_url = f"/giving/office/goods/{gift.pk}/handovers/{handover.pk}/reverse/"
    refused = staff.post(reverse_url, {"reverse-reason": ""})
    assert refused.status_code == 400 and "is-invalid" in refused.content.decode()
    wrong_gift = receive(personas, warehouse_receipt="W-2")
    mismatched = f"/giving/office/goods/{wrong_gift.pk}/handovers/{handover.pk}/reverse/"
    assert staff.post(mismatched, {"reverse-reason": "x"}).status_code == 404
    assert staff.post(reverse_url, {"reverse-reason": "به مرکز نرسید"}).status_code == 302
    page = staff.get(f"/giving/office/goods/{gift.pk}/").content.decode()
    assert "به مرکز نرسید" in page and 'data-testid="cancel"' in page
    again = staff.post(reverse_url, {"reverse-reason": "دوباره"})
    assert again.status_code == 400
    assert str(CorrectionErrorCode.ALREADY_REVERSED.label) in again.content.decode()
    response = staff.post(f"/giving/office/goods/{gift.pk}/cancel/", {"cancel-reason": "تکراری"})
    assert response.status_code == 302
    page = staff.get(response["Location"]).content.decode()
    assert 'data-testid="cancelled"' in page and "تکراری" in page
    assert 'data-testid="distribute"' not in page
    gift.refresh_from_db()
    assert gift.is_cancelled and gift.quantity_distributed == 0
    assert staff.get(f"/giving/office/goods/{gift.pk}/cancel/").status_code == 405
