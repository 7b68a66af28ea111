"""Demo corrections on top of the office demo (demo_office.seed_office), through the real
services: a goods receipt entered twice and cancelled, a handover reversed, and a pledge ended
early. Running it twice changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from .demo_office import OFFICES, _actor
from .inkind import inkind_cancel, inkind_distribution_reverse, inkind_receive
from .models import InKindDistribution, InKindDonation, ServicePledge
from .pledges import pledge_withdraw

DUPLICATE_RECEIPT = "W-DUP-001"


def seed_corrections(actor: Any = None) -> None:
    actor = actor or _actor()
    if actor is None or InKindDonation.objects.filter(warehouse_receipt=DUPLICATE_RECEIPT).exists():
        return
    first = InKindDonation.objects.filter(office__code__in=OFFICES).order_by("pk").first()
    if first is None:  # the office demo has not run
        return
    today = timezone.localdate()
    duplicate = inkind_receive(
        actor=actor,
        description=first.description,
        category=first.category,
        quantity=first.quantity,
        measure=first.measure,
        estimated_value_rials=first.estimated_value_rials,
        condition=first.condition,
        warehouse_receipt=DUPLICATE_RECEIPT,
        office=first.office,
        received_on=first.received_on,
        donor_name=first.donor_name,
    )
    inkind_cancel(actor=actor, gift=duplicate, reason="همان رسید انبار دو بار ثبت شده بود.")
    handover = (
        InKindDistribution.objects.filter(reversed_at__isnull=True, to_centre__isnull=False)
        .order_by("-pk")
        .first()
    )
    if handover is not None:
        inkind_distribution_reverse(
            actor=actor, distribution=handover, reason="کالا به مرکز نرسید و به انبار بازگشت."
        )
    pledge = (
        ServicePledge.objects.filter(withdrawn_on__isnull=True, deliveries__isnull=False)
        .order_by("-pk")
        .first()
    )
    if pledge is not None:
        last = max(d.delivered_on for d in pledge.deliveries.all())
        pledge_withdraw(
            actor=actor,
            pledge=pledge,
            ended_on=max(last, min(today, pledge.ends_on) - dt.timedelta(days=1), pledge.starts_on),
            reason="نیکوکار به شهر دیگری رفت و ادامهٔ همکاری ممکن نشد.",
        )
