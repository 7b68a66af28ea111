"""Invented people for the demo data set: a few thousand across several provinces, with
households (many female-headed) and programme coverage. Deterministic, so every newcomer
sees the same registry."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from yavar.audit.services import audit_record
from yavar.core.validators import complete_national_code
from yavar.orgunits.models import OrgUnit

from .enums import Education, Gender, HeadshipReason, IdentityStatus, Relation
from .keys import keys_for
from .models import Coverage, Household, HouseholdMember, Person

FEMALE = [
    "زهرا",
    "فاطمه",
    "مریم",
    "معصومه",
    "سکینه",
    "زینب",
    "نرگس",
    "لیلا",
    "سمیه",
    "طاهره",
    "محبوبه",
    "رقیه",
    "کبری",
    "شهلا",
    "مهناز",
    "پروین",
    "اعظم",
    "فرشته",
    "الهام",
    "ریحانه",
]
MALE = [
    "علی",
    "محمد",
    "حسین",
    "رضا",
    "مهدی",
    "حسن",
    "امیر",
    "محمد‌رضا",
    "ابوالفضل",
    "مصطفی",
    "جواد",
    "سعید",
    "احمد",
    "یوسف",
    "عباس",
    "کاظم",
    "حمید",
    "مجید",
    "اکبر",
    "ناصر",
]
LAST = [
    "احمدی",
    "محمدی",
    "حسینی",
    "رضایی",
    "کریمی",
    "موسوی",
    "جعفری",
    "قاسمی",
    "رحیمی",
    "صادقی",
    "نوری",
    "کاظمی",
    "عباسی",
    "حیدری",
    "یوسفی",
    "مرادی",
    "اکبری",
    "سلطانی",
    "شریفی",
    "نجفی",
    "طاهری",
    "بهرامی",
    "امیری",
    "زارعی",
    "فرهادی",
]
# Counties of the demo: Tehran, Shemiranat, Isfahan, Mashhad, Shiraz, Kerman
DEMO_COUNTIES = ["C2301", "C2304", "C1002", "C0916", "C0707", "C0808"]
SELFHELP_SERVICE = "19071059100"


def national_code(rng: random.Random) -> str:
    while True:
        code = complete_national_code(f"{rng.randrange(1, 10**9):09d}")
        if len(set(code)) > 1:
            return code


def _person(rng: random.Random, unit: OrgUnit, gender: str, birth: dt.date, last: str) -> Person:
    first = rng.choice(FEMALE if gender == Gender.FEMALE else MALE)
    father = rng.choice(MALE)
    person = Person(
        national_code=national_code(rng),
        first_name=first,
        last_name=last,
        father_name=father,
        birth_date=birth,
        gender=gender,
        org_unit=unit,
        mobile=f"09{rng.randrange(10**9):09d}",
        education=rng.choice(Education.values),
        address=f"{unit.name_fa}، محله نمونه",
        identity_status=rng.choice([IdentityStatus.UNVERIFIED, IdentityStatus.VERIFIED]),
    )
    for key, value in keys_for(first_name=first, last_name=last, father_name=father).items():
        setattr(person, key, value)
    return person


@transaction.atomic
def seed_people(households: int = 1200, seed: int = 1405) -> int:
    """About 3,000 people in `households` households; does nothing if people already exist."""
    if Person.objects.exists():
        return 0
    rng = random.Random(seed)
    units = list(OrgUnit.objects.filter(code__in=DEMO_COUNTIES))
    today = dt.date.today()
    plans = []
    for _ in range(households):
        unit, last = rng.choice(units), rng.choice(LAST)
        female_headed = rng.random() < 0.45
        head = _person(
            rng,
            unit,
            Gender.FEMALE if female_headed else rng.choice(Gender.values),
            today - dt.timedelta(days=rng.randrange(25 * 365, 60 * 365)),
            last,
        )
        children = [
            _person(
                rng,
                unit,
                rng.choice(Gender.values),
                today - dt.timedelta(days=rng.randrange(365, 17 * 365)),
                last,
            )
            for _ in range(rng.randrange(0, 4))
        ]
        plans.append((unit, head, female_headed, children))
    people = [p for _, head, _, kids in plans for p in (head, *kids)]
    Person.objects.bulk_create(people, batch_size=1000)
    homes = [
        Household(
            head=head,
            org_unit=unit,
            female_headed=fh and head.gender == Gender.FEMALE,
            headship_reason=rng.choice(HeadshipReason.values) if fh else "",
        )
        for unit, head, fh, _ in plans
    ]
    Household.objects.bulk_create(homes, batch_size=1000)
    members, coverages = [], []
    for home, (unit, head, _fh, kids) in zip(homes, plans, strict=True):
        members.append(HouseholdMember(household=home, person=head, relation=Relation.HEAD))
        members += [
            HouseholdMember(household=home, person=k, relation=Relation.CHILD) for k in kids
        ]
        if home.female_headed:
            coverages.append(
                Coverage(
                    household=home,
                    programme=SELFHELP_SERVICE,
                    org_unit=unit,
                    start_date=today - dt.timedelta(days=rng.randrange(30, 900)),
                )
            )
    HouseholdMember.objects.bulk_create(members, batch_size=1000)
    Coverage.objects.bulk_create(coverages, batch_size=1000)
    audit_record(actor=None, action="demo.people_seeded", data={"people": len(people)})
    return len(people)
