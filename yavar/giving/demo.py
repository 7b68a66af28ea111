"""Demo causes and campaigns, so a newcomer can donate through the simulator after `make run`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from yavar.orgunits.models import OrgUnit

from .enums import Area, Method
from .models import Campaign, Cause

CAUSES = [
    ("children", Area.CHILDREN, "کودکان و نوجوانان بی‌سرپرست و بدسرپرست"),
    ("women-heads", Area.WOMEN_HEADS, "زنان سرپرست خانوار"),
    ("disability", Area.DISABILITY, "افراد دارای معلولیت"),
    ("safe-houses", Area.SAFE_HOUSES, "خانه‌های امن زنان"),
    ("general", Area.GENERAL, "هر جا که نیاز بیشتر است"),
]


def seed_giving() -> None:
    if Cause.objects.exists():
        return
    causes = {
        code: Cause.objects.create(code=code, area=area, title=title)
        for code, area, title in CAUSES
    }
    today = timezone.localdate()
    Campaign.objects.create(
        cause=causes["children"],
        title="پویش مهر تحصیلی کودکان",
        method=Method.ONLINE,
        goal_rials=5_000_000_000,
        starts_on=today - dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=50),
    )
    Campaign.objects.create(
        cause=causes["women-heads"],
        title="پویش سرمایهٔ گروه‌های همیار زنان",
        method=Method.SMS,
        province=OrgUnit.objects.get(code="P23"),
        goal_rials=2_000_000_000,
        starts_on=today - dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=27),
    )
