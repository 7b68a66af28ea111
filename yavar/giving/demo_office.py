"""Demo gifts received in person, through the real services: benefactors (people and a company),
cash, POS, deposit slips and ATM transfers at offices in Tehran, Isfahan and Mashhad, goods with
some handed on, and service pledges with hours given. Running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.validators import complete_national_code, normalize_legal_entity_id
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.people.models import Person

from .benefactors import BenefactorData, benefactor_create
from .demo import seed_giving
from .enums import Channel
from .inkind import inkind_distribute, inkind_receive
from .models import Benefactor, Cause
from .office import in_person_record
from .pledges import pledge_create, pledge_log_delivery

OFFICES = ("C2301", "C1002", "C0916")  # Tehran, Isfahan and Mashhad counties
MARKER = complete_national_code("018734561")


def _legal_id(first_ten: str) -> str:
    for digit in range(10):
        try:
            return normalize_legal_entity_id(f"{first_ten}{digit}")
        except ValidationError:
            continue
    raise ValueError(first_ten)


def _actor() -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="finance.officer").first()


def seed_office(actor: Any = None) -> None:
    """`actor`: a staff user who may record at the three offices (the demo finance officer,
    held at HQ, by default)."""
    actor = actor or _actor()
    if actor is None or Benefactor.objects.filter(national_code=MARKER).exists():
        return
    seed_giving()
    offices = list(OrgUnit.objects.filter(code__in=OFFICES).order_by("code"))
    causes = {c.code: c for c in Cause.objects.all()}
    today = timezone.localdate()
    people = _benefactors(actor)
    _cash(actor, offices, causes, people, today)
    _goods(actor, offices, people, today)
    _pledges(actor, offices, people, today)


def _benefactors(actor: Any) -> list[Benefactor]:
    rows = [
        BenefactorData(
            kind="person", name="محمد توکلی", mobile="09121000001", national_code=MARKER
        ),
        BenefactorData(
            kind="person",
            name="فرشته یزدانی",
            mobile="09131000002",
            national_code=complete_national_code("128734562"),
            anonymous=True,
        ),
        BenefactorData(
            kind="person",
            name="دکتر رضا امینی",
            mobile="09151000003",
            national_code=complete_national_code("092734563"),
            wants_sms=False,
        ),
        BenefactorData(
            kind="legal",
            name="شرکت صنایع غذایی نیک‌سرشت",
            mobile="09121000004",
            legal_id=_legal_id("1010734564"),
            wants_paper_receipt=True,
        ),
    ]
    return [benefactor_create(actor=actor, data=data) for data in rows]


def _cash(
    actor: Any,
    offices: list[OrgUnit],
    causes: dict[str, Cause],
    people: list[Benefactor],
    today: dt.date,
) -> None:
    channels = [Channel.IN_PERSON, Channel.POS, Channel.BANK_DEPOSIT, Channel.ATM]
    cause_codes = sorted(causes)
    for n in range(16):
        office = offices[n % len(offices)]
        channel = channels[n % len(channels)]
        benefactor = people[n % len(people)] if n % 3 else None
        in_person_record(
            actor=actor,
            channel=channel,
            reference=f"D{office.code}-{n:04d}",
            amount_rials=[1_000_000, 2_500_000, 5_000_000, 20_000_000][n % 4],
            cause=causes[cause_codes[n % len(cause_codes)]],
            office=office,
            received_on=today - dt.timedelta(days=n * 3),
            benefactor=benefactor,
            donor_name="" if benefactor else "نیکوکار حضوری",
        )


def _goods(actor: Any, offices: list[OrgUnit], people: list[Benefactor], today: dt.date) -> None:
    items = [
        ("بستهٔ لوازم‌التحریر", "stationery", 120, "pack", 6_000_000, "new"),
        ("ویلچر", "medical", 6, "piece", 90_000_000, "used_good"),
        ("برنج ایرانی", "food", 300, "kg", 45_000_000, "new"),
        ("پتو", "household", 50, "piece", 25_000_000, "new"),
        ("لباس زمستانی کودک", "clothing", 80, "piece", 16_000_000, "used_good"),
    ]
    for n, (description, category, quantity, measure, value, condition) in enumerate(items):
        office = offices[n % len(offices)]
        gift = inkind_receive(
            actor=actor,
            description=description,
            category=category,
            quantity=quantity,
            measure=measure,
            estimated_value_rials=value,
            condition=condition,
            warehouse_receipt=f"W-{n + 1:03d}",
            office=office,
            received_on=today - dt.timedelta(days=20 - n),
            benefactor=people[(n + 1) % len(people)] if n % 2 == 0 else None,
            donor_name="" if n % 2 == 0 else "اهداکنندهٔ حضوری",
        )
        _hand_on(actor, gift, office, today)


def _hand_on(actor: Any, gift: Any, office: OrgUnit, today: dt.date) -> None:
    """About half of each gift goes to a centre of the county, or else to one of its clients."""
    centre = OrgUnit.objects.filter(
        kind=UnitKind.CENTRE, confidential=False, path__startswith=office.path or ""
    ).first()
    person = None if centre else Person.objects.filter(org_unit=office, merged_into=None).first()
    if person is not None and not scope.can(actor, Perm.PEOPLE_VIEW, person.org_unit):
        person = None  # a client only for an actor who may see the registry there
    if centre is None and person is None:
        return
    inkind_distribute(
        actor=actor,
        gift=gift,
        quantity=max(1, gift.quantity // 2),
        distributed_on=today,
        to_centre=centre,
        to_person=person,
        note="توزیع نمایشی",
    )


def _pledges(actor: Any, offices: list[OrgUnit], people: list[Benefactor], today: dt.date) -> None:
    doctor, company = people[2], people[3]
    plans = [
        (doctor, "پزشک عمومی", "ویزیت رایگان مددجویان", 40, offices[0], [4, 6, 3]),
        (people[0], "وکیل پایه‌یک", "مشاورهٔ حقوقی", 20, offices[1], [2, 2]),
        (company, "روان‌شناس شرکت", "مشاورهٔ روان‌شناختی گروهی", 30, offices[2], [5]),
    ]
    for benefactor, profession, service, hours, unit, given in plans:
        pledge = pledge_create(
            actor=actor,
            benefactor=benefactor,
            profession=profession,
            service=service,
            hours_pledged=hours,
            starts_on=today - dt.timedelta(days=60),
            ends_on=today + dt.timedelta(days=120),
            unit=unit,
        )
        for n, hours_given in enumerate(given):
            pledge_log_delivery(
                actor=actor,
                pledge=pledge,
                delivered_on=today - dt.timedelta(days=7 * (n + 1)),
                hours=hours_given,
                centre=unit,
                people_served=3 + n,
            )
