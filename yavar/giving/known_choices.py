"""A donor's posted cause and campaign, as this process last found them open for gifts.

Under a campaign spike nearly every post names the same cause and campaign, and reading them
for each post cost a round trip to the database and two rows made into objects. This process
keeps each pair it found open and hands it to the next post that names it. A web donation built
on a kept pair is written only if what it relied on still holds, checked by the database in the
same statement as the donation's insert (`still_open`, the guard of services.donation_start),
so an edit made by any process, or straight in the database, is never missed: the post that
meets it is refused with the reason, nothing of the donation is written, and the pair is read
afresh for the next post (`forget_known_choices`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection

from .models import Campaign, Cause
from .selectors import posted_cause_and_campaign

Pair = tuple[Cause | None, Campaign | None]

# Only pairs found open are kept; a post naming anything else is read each time. A few pairs
# in practice; the limit only bounds what odd posts could fill.
_LIMIT = 256
_known: dict[tuple[Any, ...], Pair] = {}


def known_cause_and_campaign(cause_pk: int, campaign_pk: int, *, today: dt.date) -> Pair:
    """As `selectors.posted_cause_and_campaign`, from this process's last reading of the pair
    while its campaign's dates still cover `today` (campaign_pk 0: the cause alone)."""
    key = (connection.alias, connection.settings_dict["NAME"], cause_pk, campaign_pk)
    pair = _known.get(key)
    if pair is not None and _covers(pair[1], today):
        return pair
    pair = posted_cause_and_campaign(cause_pk, campaign_pk, today=today)
    cause, campaign = pair
    if cause is not None and (campaign is not None or not campaign_pk):
        if len(_known) >= _LIMIT:
            _known.clear()
        _known[key] = pair
    return pair


def forget_known_choices() -> None:
    """Read every pair afresh from now on: one of them has changed."""
    _known.clear()


def _covers(campaign: Campaign | None, today: dt.date) -> bool:
    return campaign is None or campaign.starts_on <= today <= campaign.ends_on


def still_open(cause: Cause, campaign: Campaign | None, *, today: dt.date) -> tuple[str, list[Any]]:
    """A SELECT that finds one row only while `cause` takes gifts under the code it had when
    read and `campaign` (if any) still runs `today`, for the same cause and target."""
    quote = connection.ops.quote_name
    day = connection.ops.adapt_datefield_value(today)
    sql = f"SELECT 1 FROM {quote(Cause._meta.db_table)} WHERE id = %s AND active = %s AND code = %s"  # noqa: S608 - our own table
    params: list[Any] = [cause.pk, True, cause.code]
    if campaign is not None:
        target = "province_id = %s" if campaign.province_id is not None else "province_id IS NULL"
        sql += (
            f" AND EXISTS (SELECT 1 FROM {quote(Campaign._meta.db_table)} WHERE id = %s"  # noqa: S608 - our own table
            f" AND cause_id = %s AND {target} AND starts_on <= %s AND ends_on >= %s)"
        )
        params += [campaign.pk, campaign.cause_id]
        params += [campaign.province_id] if campaign.province_id is not None else []
        params += [day, day]
    return sql, params
