"""Demo causes and campaigns, so a newcomer can donate through the simulator after `make run`."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.orgunits.models import OrgUnit

from .enums import SERVICE_ID, Area, DonationStatus, Method
from .models import Campaign, Cause, Donation
from .targeting import donation_target

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
    _demo_donations(causes)


def _demo_donations(causes: dict[str, Cause]) -> None:
    """Invented gifts already settled (marked as demo in the bank reference), and one left
    pending, so the campaigns, the account and the card's figures are not empty."""
    rng = random.Random(1405)
    campaigns = list(Campaign.objects.select_related("province"))
    unit = OrgUnit.objects.get
    # Where donors outside a campaign said their gift should go: the country, a province, a
    # county within it.
    targets: list[tuple[OrgUnit | None, OrgUnit | None]] = [
        (None, None),
        (unit(code="P23"), None),
        (unit(code="P10"), None),
    ]
    targets += [(None, unit(code="C1010")), (None, unit(code="C2303"))]
    now = timezone.now()
    for n in range(40):
        campaign = rng.choice([None, *campaigns])
        cause = campaign.cause if campaign else rng.choice(list(causes.values()))
        # A campaign run for a province or county brings its own target.
        chosen = (None, None) if campaign and campaign.province_id else rng.choice(targets)
        province, county = donation_target(campaign=campaign, province=chosen[0], county=chosen[1])
        paid_at = now - dt.timedelta(days=rng.randrange(0, 60), minutes=rng.randrange(600))
        donation = Donation.objects.create(
            tracking_code=f"9{n:011d}",
            cause=cause,
            campaign=campaign,
            province=province,
            county=county,
            amount_rials=rng.choice([100_000, 500_000, 1_000_000, 2_500_000, 10_000_000]),
            status=DonationStatus.PAID,
            paid_at=paid_at,
            bank_reference=f"demo-{n:06d}",
            donor_mobile=f"0912{rng.randrange(10**7):07d}" if rng.random() < 0.6 else "",
        )
        delivery_record(
            service_id=SERVICE_ID,
            subject_type=SubjectType.PERSON,
            subject_id=donation.donor_mobile or f"anonymous:{donation.tracking_code}",
            org_unit=county or province or unit(code="HQ"),
            delivered_on=timezone.localdate(paid_at),
            kind="cash_donation",
            source=donation,
        )
    Donation.objects.create(
        tracking_code="900000000999", cause=causes["general"], amount_rials=300_000
    )
