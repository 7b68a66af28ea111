"""Public reads of the participation service, shared by the pages and the API."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.db.models import QuerySet

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import to_ascii_digits
from yavar.core.rows import fetch_instance, fetch_instances

from .models import Campaign, Cause, Donation

_TRACKING_CODE = re.compile(r"[0-9]{12}")


def active_causes() -> QuerySet[Cause]:
    """The causes a donor can give to, as the donation form offers them."""
    return Cause.objects.filter(active=True).order_by("pk")


def donation_for_receipt(tracking_code: str) -> Donation:
    """The donation behind a receipt (page, PDF, API): anyone holding the 12-digit code may see
    it. A malformed code is not looked up at all; Persian or Arabic digits are accepted."""
    code = to_ascii_digits(tracking_code.strip())
    donation = (
        Donation.objects.select_related("cause", "campaign", "province", "county")
        .filter(tracking_code=code)
        .first()
        if _TRACKING_CODE.fullmatch(code)
        else None
    )
    if donation is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return donation


# A donor's posted choices are looked up on every submitted donation form: one plain statement
# each, built once, instead of a queryset compiled per request.


def posted_cause(pk: int) -> Cause | None:
    """The cause a donor posted, if it is still open for gifts."""
    return fetch_instance(Cause, "id = %s AND active = %s", [pk, True])


def posted_campaign(pk: int, *, today: dt.date) -> Campaign | None:
    """The campaign a donor posted, if it is running today."""
    day = connection.ops.adapt_datefield_value(today)
    return fetch_instance(Campaign, "id = %s AND starts_on <= %s AND ends_on >= %s", [pk, day, day])


def posted_cause_and_campaign(
    cause_pk: int, campaign_pk: int, *, today: dt.date
) -> tuple[Cause | None, Campaign | None]:
    """Both of a donor's posted choices in one statement, each as `posted_cause` and
    `posted_campaign` would find it."""
    day = connection.ops.adapt_datefield_value(today)
    return fetch_instances(
        (Cause, "{t}.id = %s AND {t}.active = %s", [cause_pk, True]),
        (
            Campaign,
            "{t}.id = %s AND {t}.starts_on <= %s AND {t}.ends_on >= %s",
            [campaign_pk, day, day],
        ),
    )
