"""Placing an accepted volunteer at a centre and programme, and the hours they give there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.actors import staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import (
    CHILDREN_PROGRAMMES,
    LEDGER_KIND,
    MAX_HOURS_PER_DAY,
    SAFE_HOUSE_PROGRAMMES,
    SERVICE_ID,
    AssignmentStatus,
    HoursSource,
    HoursStatus,
    VolunteerErrorCode,
    VolunteerStatus,
)
from .models import Assignment, HoursEntry, Volunteer
from .selectors import has_valid_clearance, may_use_centre, programme_choices

MANAGE = Perm.VOLUNTEERS_MANAGE


def _check_centre(actor: Any, volunteer: Volunteer, centre: OrgUnit) -> None:
    in_province = centre.is_within(volunteer.province)
    if centre.kind != UnitKind.CENTRE or not centre.active or not in_province:
        raise ApplicationError(VolunteerErrorCode.CENTRE_NOT_ALLOWED)
    if not may_use_centre(user=actor, centre=centre):
        raise ApplicationError(VolunteerErrorCode.CENTRE_NOT_ALLOWED)


def _check_clearance(volunteer: Volunteer, centre: OrgUnit, programme: str, children: bool) -> None:
    with_children = children or programme in CHILDREN_PROGRAMMES
    in_safe_house = centre.confidential or programme in SAFE_HOUSE_PROGRAMMES
    if (with_children and not volunteer.willing_children) or (
        in_safe_house and not volunteer.willing_safe_house
    ):
        raise ApplicationError(VolunteerErrorCode.NOT_WILLING)
    if (with_children or in_safe_house) and not has_valid_clearance(volunteer):
        raise ApplicationError(VolunteerErrorCode.NO_CLEARANCE)


@transaction.atomic
def assignment_create(
    *,
    actor: Any,
    volunteer: Volunteer,
    centre: OrgUnit,
    programme: str,
    task: str,
    starts_on: dt.date,
    ends_on: dt.date,
    with_children: bool = False,
) -> Assignment:
    scope.require(actor, MANAGE, volunteer.org_unit)
    volunteer = (
        Volunteer.objects.select_for_update().select_related("province").get(pk=volunteer.pk)
    )
    if volunteer.status != VolunteerStatus.ACTIVE:
        raise ApplicationError(VolunteerErrorCode.NOT_ACTIVE)
    if programme not in {value for value, _label in programme_choices()}:
        raise ApplicationError(VolunteerErrorCode.UNKNOWN_PROGRAMME)
    if ends_on < starts_on:
        raise ApplicationError(VolunteerErrorCode.DATES_ORDER)
    _check_centre(actor, volunteer, centre)
    _check_clearance(volunteer, centre, programme, with_children)
    assignment = Assignment(
        volunteer=volunteer,
        centre=centre,
        programme=programme,
        task=task.strip(),
        with_children=with_children,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=staff_user_or_none(actor),
    )
    assignment.full_clean()
    assignment.save()
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=f"volunteer:{volunteer.pk}",
        org_unit=centre,
        delivered_on=starts_on,
        kind=LEDGER_KIND,
        source=assignment,
    )
    audit_record(
        actor=actor,
        action="volunteer.assign",
        obj=assignment,
        data={
            "volunteer": volunteer.pk,
            "centre": centre.pk,
            "programme": programme,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
        redact=centre.confidential,
    )
    return assignment


@transaction.atomic
def assignment_end(
    *, actor: Any, assignment: Assignment, reason: str, ended_on: dt.date | None = None
) -> Assignment:
    scope.require(actor, MANAGE, assignment.volunteer.org_unit)
    if not reason.strip():
        raise ApplicationError(VolunteerErrorCode.REASON_REQUIRED)
    locked = Assignment.objects.select_for_update().select_related("centre").get(pk=assignment.pk)
    if locked.status == AssignmentStatus.ENDED:
        raise ApplicationError(VolunteerErrorCode.ASSIGNMENT_ENDED)
    ended_on = ended_on or timezone.localdate()
    if ended_on < locked.starts_on:
        raise ApplicationError(VolunteerErrorCode.DATES_ORDER)
    locked.status = AssignmentStatus.ENDED
    locked.ended_on = ended_on
    locked.end_reason = reason.strip()
    locked.full_clean()
    locked.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="volunteer.assignment_end",
        obj=locked,
        changes={"status": (AssignmentStatus.ACTIVE, AssignmentStatus.ENDED)},
        data={"reason": locked.end_reason, "ended_on": ended_on},
        redact=locked.centre.confidential,
    )
    return locked


# --- hours --------------------------------------------------------------------------------------


def _log(
    *, actor: Any, assignment: Assignment, on: dt.date, hours: Decimal, activity: str, source: str
) -> HoursEntry:
    # The volunteer row lock serialises entries for one person, so the daily sum holds.
    Volunteer.objects.select_for_update().filter(pk=assignment.volunteer_id).first()
    assignment = Assignment.objects.select_related("centre").get(pk=assignment.pk)
    if hours <= 0:
        raise ApplicationError(VolunteerErrorCode.HOURS_NOT_POSITIVE)
    if on > timezone.localdate():
        raise ApplicationError(VolunteerErrorCode.HOURS_IN_FUTURE)
    if not (assignment.starts_on <= on <= assignment.last_day):
        raise ApplicationError(VolunteerErrorCode.HOURS_OUTSIDE_ASSIGNMENT)
    already = HoursEntry.objects.filter(
        volunteer_id=assignment.volunteer_id,
        on=on,
        status__in=[HoursStatus.PENDING, HoursStatus.CONFIRMED],
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if already + hours > MAX_HOURS_PER_DAY:
        raise ApplicationError(VolunteerErrorCode.HOURS_DAY_LIMIT)
    by_staff = source == HoursSource.STAFF
    entry = HoursEntry(
        assignment=assignment,
        volunteer_id=assignment.volunteer_id,
        on=on,
        hours=hours,
        activity=activity.strip(),
        source=source,
        # Hours a staff member records are confirmed by that entry; a volunteer's own wait.
        status=HoursStatus.CONFIRMED if by_staff else HoursStatus.PENDING,
        logged_by=staff_user_or_none(actor),
        decided_by=staff_user_or_none(actor) if by_staff else None,
        decided_at=timezone.now() if by_staff else None,
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor,
        action="volunteer.hours_log",
        obj=entry,
        data={"assignment": assignment.pk, "on": on, "hours": hours, "source": source},
        redact=assignment.centre.confidential,
    )
    return entry


@transaction.atomic
def hours_log(
    *, actor: Any, assignment: Assignment, on: dt.date, hours: Decimal, activity: str
) -> HoursEntry:
    scope.require(actor, MANAGE, assignment.volunteer.org_unit)
    return _log(
        actor=actor,
        assignment=assignment,
        on=on,
        hours=hours,
        activity=activity,
        source=HoursSource.STAFF,
    )


@transaction.atomic
def hours_log_by_volunteer(
    *, mobile: str, assignment_id: int, on: dt.date, hours: Decimal, activity: str
) -> HoursEntry:
    """The volunteer's own entry; `mobile` is the one their session proved by SMS."""
    assignment = (
        Assignment.objects.filter(
            pk=assignment_id,
            volunteer__mobile=mobile,
            volunteer__status=VolunteerStatus.ACTIVE,
        )
        .select_related("volunteer")
        .first()
    )
    if assignment is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return _log(
        actor=None,
        assignment=assignment,
        on=on,
        hours=hours,
        activity=activity,
        source=HoursSource.VOLUNTEER,
    )


@transaction.atomic
def hours_decide(*, actor: Any, entry: HoursEntry, confirm: bool, reason: str = "") -> HoursEntry:
    scope.require(actor, MANAGE, entry.volunteer.org_unit)
    if not confirm and not reason.strip():
        raise ApplicationError(VolunteerErrorCode.REASON_REQUIRED)
    locked = (
        HoursEntry.objects.select_for_update().select_related("assignment__centre").get(pk=entry.pk)
    )
    if locked.status != HoursStatus.PENDING:
        raise ApplicationError(VolunteerErrorCode.HOURS_NOT_PENDING)
    new = HoursStatus.CONFIRMED if confirm else HoursStatus.REJECTED
    locked.status = new
    locked.reject_reason = "" if confirm else reason.strip()
    locked.decided_by = staff_user_or_none(actor)
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "reject_reason", "decided_by", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="volunteer.hours_decide",
        obj=locked,
        changes={"status": (HoursStatus.PENDING, new)},
        data={"reason": locked.reject_reason},
        redact=locked.assignment.centre.confidential,
    )
    return locked
