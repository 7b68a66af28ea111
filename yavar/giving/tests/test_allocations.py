"""Spending from the participation account: finance proposes, the head authorises, the balance
never goes below zero, and every rial is traced back to the donations that paid for it."""

import pytest
from django.utils import timezone

from tests.personas import make_user
from yavar.accounts.roles import Role
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.giving.allocations import allocation_decide, allocation_propose, balance, impact_of
from yavar.giving.enums import DonationStatus, GivingErrorCode
from yavar.giving.models import Allocation, AllocationSource, Cause, Donation
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان")


@pytest.fixture
def people(db, personas):
    hq = OrgUnit.objects.get(code="HQ")
    return make_user("finance", Role.FINANCE_OFFICER, hq), make_user(
        "head", Role.HEAD_OF_ORGANIZATION, hq
    )


def paid(cause, amount, n):
    return Donation.objects.create(
        tracking_code=f"{n:012d}",
        cause=cause,
        amount_rials=amount,
        status=DonationStatus.PAID,
        paid_at=timezone.now() + timezone.timedelta(seconds=n),
        bank_reference=f"{n:012d}",
    )


def test_approval_spends_the_oldest_donations_first_and_traces_every_rial(cause, people):
    finance, head = people
    first, second = paid(cause, 300_000, 1), paid(cause, 500_000, 2)
    allocation = allocation_propose(
        actor=finance, cause=cause, amount_rials=400_000, purpose="لوازم تحصیل"
    )
    assert balance(cause) == 800_000  # a proposal spends nothing
    allocation_decide(actor=head, allocation=allocation, approve=True)
    sources = {s.donation_id: s.amount_rials for s in AllocationSource.objects.all()}
    assert sources == {first.pk: 300_000, second.pk: 100_000}
    assert balance(cause) == 400_000
    assert impact_of(second) == [
        {
            "allocation__purpose": "لوازم تحصیل",
            "allocation__province__name_fa": None,
            "amount": 100_000,
        }
    ]


def test_the_balance_can_never_go_negative(cause, people):
    finance, head = people
    paid(cause, 500_000, 1)
    a = allocation_propose(actor=finance, cause=cause, amount_rials=400_000, purpose="الف")
    b = allocation_propose(actor=finance, cause=cause, amount_rials=200_000, purpose="ب")
    allocation_decide(actor=head, allocation=a, approve=True)
    with pytest.raises(ApplicationError) as err:
        allocation_decide(actor=head, allocation=b, approve=True)
    assert err.value.code == GivingErrorCode.INSUFFICIENT_BALANCE
    assert Allocation.objects.get(pk=b.pk).status == Allocation.Status.PROPOSED
    assert balance(cause) == 100_000


def test_a_decision_is_made_once(cause, people):
    finance, head = people
    paid(cause, 500_000, 1)
    a = allocation_propose(actor=finance, cause=cause, amount_rials=100_000, purpose="الف")
    allocation_decide(actor=head, allocation=a, approve=True)
    with pytest.raises(ApplicationError) as err:
        allocation_decide(actor=head, allocation=a, approve=True)
    assert err.value.code == ErrorCode.ILLEGAL_TRANSITION
    assert AllocationSource.objects.filter(allocation=a).count() == 1


def test_only_the_head_authorises_and_only_finance_proposes(cause, people, personas):
    finance, _head = people
    paid(cause, 500_000, 1)
    with pytest.raises(ApplicationError):
        allocation_propose(actor=personas.national_expert, cause=cause, amount_rials=1, purpose="x")
    a = allocation_propose(actor=finance, cause=cause, amount_rials=100_000, purpose="الف")
    with pytest.raises(ApplicationError):
        allocation_decide(actor=finance, allocation=a, approve=True)


def test_the_account_page_proposes_and_the_head_approves_with_2fa(cause, people, login, client):
    finance, head = people
    paid(cause, 900_000, 1)
    login(finance)
    assert (
        client.post(
            "/giving/account/", {"cause": cause.pk, "amount": "۳۰۰٬۰۰۰", "purpose": "اجاره"}
        ).status_code
        == 302
    )
    client.logout()
    login(head)
    allocation = Allocation.objects.get()
    client.post(f"/giving/account/{allocation.pk}/decision/", {"approve": "1"})
    assert Allocation.objects.get().status == Allocation.Status.APPROVED
    page = client.get("/giving/account/").content.decode()
    assert "۶۰۰٬۰۰۰" in page
