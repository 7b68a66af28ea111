"""Service pledges: a benefactor promises professional hours to a centre or unit, and staff log
the hours as they are given. Logged hours never pass the pledge (row lock + check constraint);
each logged delivery is one row in the service-delivery ledger. Who was served is counted,
never named, so a pledge page can be shown to the benefactor's contacts safely.

A pledge the benefactor cannot keep is withdrawn (ended early) with a reason: the hours already
given and their ledger rows stay, and no more hours are logged on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, QuerySet
from django.utils import timezone

from yavar.accounts import scope
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import OrgUnit

from .enums import SERVICE_ID, BenefactorKind, CorrectionErrorCode, OfficeErrorCode
from .models import Benefactor, PledgeDelivery, ServicePledge
from .office import PERM
from .services import new_tracking_code


@transaction.atomic
def pledge_create(
    *,
    actor: Any,
    benefactor: Benefactor,
    profession: str,
    service: str,
    hours_pledged: int,
    starts_on: dt.date,
    ends_on: dt.date,
    unit: OrgUnit,
) -> ServicePledge:
    scope.require(actor, PERM, unit)
    if ends_on < starts_on:
        raise ApplicationError(OfficeErrorCode.BAD_PERIOD)
    pledge = ServicePledge(
        tracking_code=new_tracking_code(),
        benefactor=benefactor,
        profession=profession.strip(),
        service=service.strip(),
        hours_pledged=hours_pledged,
        starts_on=starts_on,
        ends_on=ends_on,
        unit=unit,
        recorded_by=actor,
    )
    try:
        pledge.full_clean()
    except ValidationError as error:
        raise ApplicationError(ErrorCode.INVALID_INPUT, fields=error.message_dict) from error
    pledge.save()
    audit_record(
        actor=actor,
        action="pledge.create",
        obj=pledge,
        data={
            "benefactor": benefactor.pk,
            "profession": pledge.profession,
            "service": pledge.service,
            "hours_pledged": hours_pledged,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "unit": unit.pk,
        },
    )
    return pledge


@transaction.atomic
def pledge_log_delivery(
    *,
    actor: Any,
    pledge: ServicePledge,
    delivered_on: dt.date,
    hours: int,
    centre: OrgUnit,
    people_served: int = 0,
    note: str = "",
) -> PledgeDelivery:
    current = (
        ServicePledge.objects.select_for_update().select_related("benefactor").get(pk=pledge.pk)
    )
    scope.require(actor, PERM, current.unit)
    scope.require(actor, PERM, centre)
    if current.is_withdrawn:
        raise ApplicationError(CorrectionErrorCode.PLEDGE_WITHDRAWN)
    if not centre.is_within(current.unit):
        raise ApplicationError(OfficeErrorCode.NOT_A_CENTRE)
    if delivered_on > timezone.localdate():
        raise ApplicationError(OfficeErrorCode.FUTURE_DATE)
    if not (current.starts_on <= delivered_on <= current.ends_on):
        raise ApplicationError(OfficeErrorCode.OUTSIDE_PERIOD)
    if hours <= 0 or hours > current.hours_left:
        raise ApplicationError(OfficeErrorCode.OVER_DELIVERY)
    delivery = PledgeDelivery(
        pledge=current,
        delivered_on=delivered_on,
        hours=hours,
        centre=centre,
        people_served=people_served,
        note=note.strip(),
        recorded_by=actor,
    )
    delivery.full_clean()
    delivery.save()
    ServicePledge.objects.filter(pk=current.pk).update(
        hours_delivered=F("hours_delivered") + hours, updated_at=timezone.now()
    )
    pledge.hours_delivered = current.hours_delivered + hours
    benefactor = current.benefactor
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=(
            SubjectType.PERSON if benefactor.kind == BenefactorKind.PERSON else SubjectType.BODY
        ),
        subject_id=benefactor.mobile,
        org_unit=centre,
        delivered_on=delivered_on,
        kind="service_pledge",
        source=delivery,
    )
    audit_record(
        actor=actor,
        action="pledge.delivery",
        obj=delivery,
        data={
            "pledge": current.pk,
            "hours": hours,
            "centre": centre.pk,
            "people_served": people_served,
            "delivered_on": delivered_on.isoformat(),
        },
    )
    return delivery


@transaction.atomic
def pledge_withdraw(
    *, actor: Any, pledge: ServicePledge, ended_on: dt.date, reason: str
) -> ServicePledge:
    """Ends a pledge early. Locked as logging locks it, so no hours slip in after the check."""
    reason = reason.strip()
    if not reason:
        raise ApplicationError(CorrectionErrorCode.REASON_MISSING)
    current = ServicePledge.objects.select_for_update().get(pk=pledge.pk)
    scope.require(actor, PERM, current.unit)
    if current.is_withdrawn:
        raise ApplicationError(CorrectionErrorCode.ALREADY_WITHDRAWN)
    if not (current.starts_on <= ended_on <= current.ends_on) or ended_on > timezone.localdate():
        raise ApplicationError(CorrectionErrorCode.END_OUTSIDE_PERIOD)
    last_logged = current.deliveries.aggregate(last=Max("delivered_on"))["last"]
    if last_logged is not None and ended_on < last_logged:
        raise ApplicationError(CorrectionErrorCode.END_BEFORE_LOGGED)
    ServicePledge.objects.filter(pk=current.pk).update(
        withdrawn_on=ended_on,
        withdrawn_by=actor,
        withdraw_reason=reason[:300],
        updated_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="pledge.withdraw",
        obj=current,
        changes={"withdrawn_on": (None, ended_on.isoformat())},
        data={
            "reason": reason,
            "hours_pledged": current.hours_pledged,
            "hours_delivered": current.hours_delivered,
        },
    )
    pledge.withdrawn_on, pledge.withdrawn_by = ended_on, actor
    pledge.withdraw_reason = reason[:300]
    pledge.hours_delivered = current.hours_delivered
    return pledge


# --- Reads ------------------------------------------------------------------------------------


def pledge_list(*, user: Any, open_only: bool = False) -> QuerySet[ServicePledge]:
    qs = ServicePledge.objects.filter(scope.scope_q(user, PERM, prefix="unit__"))
    if open_only:
        qs = qs.filter(hours_delivered__lt=F("hours_pledged"), withdrawn_on__isnull=True)
    return qs.select_related("benefactor", "unit").order_by("-starts_on", "-pk")


def pledge_get(*, user: Any, pk: int) -> ServicePledge:
    return scope.get_in_scope(
        user,
        PERM,
        ServicePledge.objects.select_related("benefactor", "unit"),
        prefix="unit__",
        pk=pk,
    )


def pledge_deliveries(*, pledge: ServicePledge) -> QuerySet[PledgeDelivery]:
    return pledge.deliveries.select_related("centre").order_by("-delivered_on", "-pk")
