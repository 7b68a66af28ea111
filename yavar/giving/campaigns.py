"""Running campaigns — the card's one process, "choosing the method of attracting
participation". HQ runs national campaigns, a province its own (or a county's); the results of
each method are what HQ compares."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import DonationStatus, GivingErrorCode
from .models import Campaign, Cause

EDITABLE = ("cause", "title", "method", "province", "goal_rials", "starts_on", "ends_on")


def _require_over(actor: Any, target: OrgUnit | None) -> None:
    """A national campaign (no target) needs the permission at HQ; a targeted one, over it."""
    unit = target or OrgUnit.objects.get(kind=UnitKind.HQ)
    scope.require(actor, Perm.GIVING_CAMPAIGNS, unit)


_PAID = Q(donations__status=DonationStatus.PAID)


def _with_results(campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
    """Each campaign with what it has raised and from how many gifts, in the same query."""
    return campaigns.select_related("cause", "province").annotate(
        raised=Sum("donations__amount_rials", filter=_PAID, default=0),
        gifts=Count("donations", filter=_PAID),
    )


def campaigns_for(actor: Any) -> QuerySet[Campaign]:
    """Campaigns the actor runs (their area) and national ones, with what each has raised."""
    return _with_results(
        Campaign.objects.filter(
            Q(province__isnull=True)
            | scope.scope_q(actor, Perm.GIVING_CAMPAIGNS, prefix="province__")
        )
    ).order_by("-ends_on", "title")


def running_campaigns() -> QuerySet[Campaign]:
    """Campaigns running today with what each has raised, in one query (the public page)."""
    today = timezone.localdate()
    return _with_results(
        Campaign.objects.filter(starts_on__lte=today, ends_on__gte=today)
    ).order_by("ends_on", "title")


def campaign_for_edit(actor: Any, pk: int) -> Campaign:
    campaign = Campaign.objects.select_related("province", "cause").filter(pk=pk).first()
    if campaign is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    _require_over(actor, campaign.province)
    return campaign


@transaction.atomic
def campaign_create(
    *,
    actor: Any,
    cause: Cause,
    title: str,
    method: str,
    goal_rials: int,
    starts_on: dt.date,
    ends_on: dt.date,
    province: OrgUnit | None = None,
) -> Campaign:
    _require_over(actor, province)
    campaign = Campaign(
        cause=cause,
        title=title.strip(),
        method=method,
        province=province,
        goal_rials=goal_rials,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    campaign.full_clean()
    campaign.save()
    audit_record(
        actor=actor,
        action="campaign.create",
        obj=campaign,
        data={"method": method, "goal_rials": goal_rials, "cause": cause.code},
    )
    return campaign


@transaction.atomic
def campaign_update(*, actor: Any, campaign: Campaign, **fields: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_over(actor, campaign.province)
    if "province" in fields:
        _require_over(actor, fields["province"])
    cause = fields.get("cause")
    if cause is not None and cause.pk != campaign.cause_id and campaign.donations.exists():
        raise ApplicationError(GivingErrorCode.CAMPAIGN_CAUSE_FIXED)
    changes = {}
    for name in EDITABLE:
        if name in fields and getattr(campaign, name) != fields[name]:
            before = getattr(campaign, name)
            changes[name] = (str(before), str(fields[name]))
            setattr(campaign, name, fields[name])
    campaign.full_clean()
    campaign.save()
    audit_record(actor=actor, action="campaign.update", obj=campaign, changes=changes)
    return campaign


@transaction.atomic
def campaign_close(*, actor: Any, campaign: Campaign, reason: str) -> Campaign:
    """Ends a running campaign today; its donations and results stay."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _require_over(actor, campaign.province)
    today = timezone.localdate()
    if campaign.starts_on > today:
        raise ApplicationError(GivingErrorCode.CAMPAIGN_NOT_STARTED)
    if campaign.ends_on < today:
        raise ApplicationError(GivingErrorCode.CAMPAIGN_ALREADY_ENDED)
    before = campaign.ends_on
    campaign.ends_on = today
    campaign.save(update_fields=["ends_on", "updated_at"])
    audit_record(
        actor=actor,
        action="campaign.close",
        obj=campaign,
        changes={"ends_on": (str(before), str(today))},
        data={"reason": reason},
    )
    return campaign
