"""Demo volunteers: about fifteen people in three provinces, in every status, some cleared,
assigned (one to a demo safe house) with hours confirmed and waiting. Idempotent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from yavar.catalog.enums import SubjectType
from yavar.catalog.models import ServiceCard
from yavar.catalog.services import delivery_record
from yavar.core.validators import complete_national_code
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import (
    GENERAL_PROGRAMME,
    LEDGER_KIND,
    SERVICE_ID,
    HoursSource,
    HoursStatus,
    IdentityOutcome,
    VolunteerStatus,
)
from .models import Assignment, Clearance, HoursEntry, Volunteer

S = VolunteerStatus
# (first, last, father, gender, province index, status, skills, children, safe house, cleared)
PEOPLE = [
    ("مریم", "رحیمی", "حسن", "female", 0, S.ACTIVE, "counselling", True, True, True),
    ("سارا", "کاظمی", "علی", "female", 0, S.ACTIVE, "healthcare,legal", False, True, True),
    ("رضا", "مرادی", "محمد", "male", 0, S.ACTIVE, "teaching,it", True, False, True),
    ("نرگس", "امینی", "جواد", "female", 0, S.APPLIED, "arts", True, False, False),
    ("حامد", "یوسفی", "رضا", "male", 0, S.IDENTITY_CHECKED, "sports", False, False, False),
    ("لیلا", "نادری", "احمد", "female", 0, S.SUSPENDED, "childcare", True, False, False),
    ("زهرا", "صالحی", "مهدی", "female", 1, S.ACTIVE, "teaching,childcare", True, False, True),
    ("علی", "قاسمی", "حسین", "male", 1, S.ACTIVE, "admin", False, False, False),
    ("فاطمه", "جلالی", "عباس", "female", 1, S.REJECTED, "translation", False, False, False),
    ("محمد", "شکوری", "کریم", "male", 1, S.WITHDRAWN, "it", False, False, False),
    ("الهام", "فراهانی", "ناصر", "female", 1, S.APPLIED, "counselling", True, True, False),
    ("کاوه", "بهرامی", "یوسف", "male", 2, S.ACTIVE, "sports,teaching", True, False, True),
    ("شیما", "اکبری", "مجید", "female", 2, S.IDENTITY_CHECKED, "healthcare", False, True, False),
    ("بهاره", "زمانی", "سعید", "female", 2, S.ACTIVE, "arts,other", False, False, False),
    ("امید", "حیدری", "اکبر", "male", 2, S.REJECTED, "legal", False, False, False),
]


def _places() -> list[tuple[OrgUnit, OrgUnit]]:
    tehran = OrgUnit.objects.get(code="P23")
    isfahan = OrgUnit.objects.get(code="P10")
    third = (
        OrgUnit.objects.filter(kind=UnitKind.PROVINCE)
        .exclude(pk__in=[tehran.pk, isfahan.pk])
        .order_by("code")
        .first()
    )
    result = []
    for province in (tehran, isfahan, third):
        counties = OrgUnit.objects.filter(kind=UnitKind.COUNTY, parent=province).order_by("code")
        county = counties.filter(code__in=["C2301", "C1002"]).first() or counties.first()
        if province is not None and county is not None:
            result.append((province, county))
    return result


def _centre(province: OrgUnit, *, confidential: bool) -> OrgUnit | None:
    low, high = province.subtree_bounds
    return (
        OrgUnit.objects.filter(
            kind=UnitKind.CENTRE, confidential=confidential, path__gte=low, path__lt=high
        )
        .order_by("path")
        .first()
    )


@transaction.atomic
def seed_volunteers() -> None:
    if Volunteer.objects.filter(reference__startswith="90000").exists():
        return
    today = timezone.localdate()
    places = _places()
    programmes = list(ServiceCard.objects.values_list("service_id", flat=True)) or []
    for n, row in enumerate(PEOPLE):
        first, last, father, gender, where, status, skills, kids, house, cleared = row
        province, county = places[where]
        checked = status != S.APPLIED
        volunteer = Volunteer.objects.create(
            reference=f"90000{n:05d}",
            national_code=complete_national_code(f"3{n + 10:02d}7200{n % 10}1"),
            first_name=first,
            last_name=last,
            father_name=father,
            birth_date=dt.date(1975 + n, 1 + n % 12, 1 + n),
            gender=gender,
            mobile=f"0912700{n:04d}",
            province=province,
            org_unit=county,
            skills=f",{skills},",
            availability=["sat_morning", "mon_afternoon", "wed_evening"][: 1 + n % 3],
            willing_children=kids,
            willing_safe_house=house,
            motivation="می‌خواهم وقت و مهارتم را در خدمت مردم بگذارم.",
            status=status,
            identity_status=IdentityOutcome.MATCH if checked else IdentityOutcome.NOT_CHECKED,
            identity_checked_at=timezone.now() if checked else None,
            decision_reason="مدارک ناقص" if status == S.REJECTED else "",
        )
        if cleared:
            Clearance.objects.create(
                volunteer=volunteer,
                reference=f"PCN-14030{n:03d}",
                issued_on=today - dt.timedelta(days=60),
                expires_on=today + dt.timedelta(days=300),
            )
        if status in (S.ACTIVE, S.SUSPENDED):
            _assign(volunteer, n, today, house and cleared, programmes)


def _assign(
    volunteer: Volunteer, n: int, today: dt.date, to_safe_house: bool, programmes: list[str]
) -> None:
    centre = _centre(volunteer.province, confidential=to_safe_house)
    if centre is None:
        centre = _centre(volunteer.province, confidential=False)
    if centre is None:
        return
    programme = "19071059101" if centre.confidential else GENERAL_PROGRAMME
    if not centre.confidential and volunteer.willing_children and "19041060106" in programmes:
        programme = "19041060106" if n % 2 == 0 else GENERAL_PROGRAMME
    assignment = Assignment.objects.create(
        volunteer=volunteer,
        centre=centre,
        programme=programme,
        task="همراهی در برنامه‌های آموزشی و پشتیبانی" if not centre.confidential else "کارگاه مهارت",
        with_children=programme == "19041060106",
        starts_on=today - dt.timedelta(days=40),
        ends_on=today + dt.timedelta(days=140),
    )
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=f"volunteer:{volunteer.pk}",
        org_unit=centre,
        delivered_on=assignment.starts_on,
        kind=LEDGER_KIND,
        source=assignment,
    )
    for k in range(4):
        waiting = k == 3
        HoursEntry.objects.create(
            assignment=assignment,
            volunteer=volunteer,
            on=today - dt.timedelta(days=30 - k * 7),
            hours=Decimal(3 + k % 2),
            activity="جلسه هفتگی",
            source=HoursSource.VOLUNTEER if waiting else HoursSource.STAFF,
            status=HoursStatus.PENDING if waiting else HoursStatus.CONFIRMED,
            decided_at=None if waiting else timezone.now(),
        )
