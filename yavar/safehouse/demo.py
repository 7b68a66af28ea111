"""Demo safe-house data: two houses with capacity and invented cases at every stage, so the
safe-house logins see the module populated after `make run`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from yavar.core.validators import complete_national_code
from yavar.orgunits.models import OrgUnit
from yavar.people.services import PersonData

from . import services
from .models import Case, House

# (first name, last name, national code, how far the case has come)
WOMEN = [
    ("شیوا", "آزادی", "0079912341", "open"),
    ("ترانه", "امیدوار", "0079912350", "assessed"),
    ("پرستو", "روشن", "0079912368", "admitted"),
    ("نسترن", "پاکدل", "0079912376", "admitted"),
    ("یاس", "آرامش", "0079912384", "self_care"),
    ("غزل", "رهایی", "0079912392", "discharged"),
    ("بهار", "نوروزی", "0079912406", "closed"),
]


def seed_safehouses(staff: Any, focal: Any) -> None:
    house_unit = OrgUnit.objects.get(code="TEH-SH-1")
    if House.objects.filter(org_unit=house_unit).exists():
        return
    services.house_setup(actor=focal, unit=house_unit, beds=12, max_stay_days=120)
    second = OrgUnit.objects.filter(code="TEH-SH-2").first()
    if second is not None:
        services.house_setup(actor=focal, unit=second, beds=8, max_stay_days=90)
    today = timezone.localdate()
    for i, (first, last, code, stage) in enumerate(WOMEN):
        case = services.case_open(
            actor=staff,
            house_unit=house_unit,
            person_data=PersonData(
                national_code=complete_national_code(code[:9]),
                first_name=first,
                last_name=last,
                gender="female",
                birth_date=dt.date(1985 + i, 3, 1),
            ),
            referral_source="crisis_centre" if i % 2 else "self",
            referring_body="اورژانس اجتماعی ۱۲۳" if i % 2 else "",
            safe_contact="in_person",
            opened_on=today - dt.timedelta(days=40 - i * 3),
        )
        if stage == "open":
            continue
        services.case_record_intake(
            actor=staff,
            case=case,
            violence_types=["physical", "psychological"],
            perpetrator="husband",
            children=i % 3,
            risk_answers={
                "threat_to_kill": stage in ("admitted", "discharged", "closed"),
                "escalating": True,
                "controlling": True,
            },
        )
        if stage == "assessed":
            continue
        if stage == "self_care":
            services.case_decide(
                actor=staff, case=case, decision="self_care", reason="خطر متوسط؛ آموزش خودمراقبتی"
            )
            services.move_to_self_care(actor=staff, case=case)
            services.service_add(
                actor=staff, case=case, kind="self_care", on=today, topic="شناخت چرخهٔ خشونت"
            )
            continue
        services.case_decide(actor=staff, case=case, decision="admit", reason="خطر جانی")
        services.case_admit(
            actor=staff, case=case, children_with_her=i % 3, on=today - dt.timedelta(days=30 - i)
        )
        services.service_add(
            actor=staff,
            case=case,
            kind="self_care",
            on=today - dt.timedelta(days=20),
            topic="برنامهٔ ایمنی",
        )
        if stage in ("discharged", "closed"):
            services.case_discharge(
                actor=staff, case=case, reason="relatives", destination="نزد خانوادهٔ مادری"
            )
        if stage == "closed":
            services.case_close(actor=staff, case=Case.objects.get(pk=case.pk))
