"""A volunteer's way in: signing up, the identity inquiry, interview, decision, clearance."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.actors import actor_label, staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import JalaliDate
from yavar.core.persian import search_key
from yavar.core.validators import normalize_mobile, normalize_national_code
from yavar.integrations.civil_registry import IdentityResult, get_civil_registry
from yavar.integrations.errors import IntegrationError
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.workflow.engine import move

from .enums import IdentityOutcome, Skill, VolunteerErrorCode, VolunteerStatus
from .models import Clearance, Volunteer
from .workflows import VOLUNTEER_FLOW

MANAGE, CLEAR = Perm.VOLUNTEERS_MANAGE, Perm.VOLUNTEERS_CLEAR


def _reference() -> str:
    # Ten digits: read out on the phone easily, not guessable.
    while True:
        ref = "".join(secrets.choice("0123456789") for _ in range(10))
        if not Volunteer.objects.filter(reference=ref).exists():
            return ref


def _invalid(field: str, error: ValidationError) -> ApplicationError:
    return ApplicationError(ErrorCode.INVALID_INPUT, fields={field: error.messages})


@transaction.atomic
def volunteer_apply(
    *,
    mobile: str | None,
    national_code: str,
    first_name: str,
    last_name: str,
    father_name: str,
    birth_date: dt.date,
    gender: str,
    province: OrgUnit,
    county: OrgUnit,
    skills: list[str],
    skills_other: str = "",
    availability: list[str],
    willing_children: bool,
    willing_safe_house: bool,
    motivation: str,
) -> Volunteer:
    """A member of the public signs up; `mobile` is the one their session proved by SMS."""
    if not mobile:
        raise ApplicationError(VolunteerErrorCode.MOBILE_NOT_PROVEN)
    try:
        code = normalize_national_code(national_code)
    except ValidationError as error:
        raise _invalid("national_code", error) from error
    if Volunteer.objects.filter(national_code=code).exists():
        raise ApplicationError(VolunteerErrorCode.ALREADY_APPLIED)
    if province.kind != UnitKind.PROVINCE or county.parent_id != province.pk:
        raise ApplicationError(VolunteerErrorCode.COUNTY_NOT_IN_PROVINCE)
    chosen = [s for s in Skill.values if s in set(skills)]
    volunteer = Volunteer(
        reference=_reference(),
        national_code=code,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        father_name=father_name.strip(),
        birth_date=birth_date,
        gender=gender,
        mobile=normalize_mobile(mobile),
        province=province,
        org_unit=county,
        skills=f",{','.join(chosen)}," if chosen else "",
        skills_other=skills_other.strip(),
        availability=sorted(set(availability)),
        willing_children=willing_children,
        willing_safe_house=willing_safe_house,
        motivation=motivation.strip(),
    )
    volunteer.full_clean()
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError as error:  # a second tab racing the first
        raise ApplicationError(VolunteerErrorCode.ALREADY_APPLIED) from error
    audit_record(
        actor=None,
        action="volunteer.apply",
        obj=volunteer,
        data={"reference": volunteer.reference, "county": county.pk, "skills": chosen},
        person_ref=f"nc:{code}",
    )
    return volunteer


# --- identity inquiry ---------------------------------------------------------------------------


def _outcome(volunteer: Volunteer, result: IdentityResult) -> tuple[str, list[str]]:
    if not result.found:
        return IdentityOutcome.NOT_FOUND, []
    mismatches = list(result.mismatched_fields)
    if result.father_name and search_key(result.father_name) != search_key(volunteer.father_name):
        mismatches.append("father_name")
    if result.gender and str(result.gender) != volunteer.gender:
        mismatches.append("gender")
    if result.alive is False:
        return IdentityOutcome.DECEASED, mismatches
    return (IdentityOutcome.MISMATCH if mismatches else IdentityOutcome.MATCH), mismatches


def volunteer_check_identity(*, actor: Any, volunteer: Volunteer) -> Volunteer:
    """Asks the civil registry online (outside any transaction: it may be slow), then records
    the outcome and its date. An unanswered inquiry records nothing: it is not a verdict."""
    scope.require(actor, MANAGE, volunteer.org_unit)
    try:
        result = get_civil_registry().inquire(
            national_code=volunteer.national_code,
            birth_date=volunteer.birth_date,
            first_name=volunteer.first_name,
            last_name=volunteer.last_name,
            actor_label=actor_label(actor),
            object_ref=("volunteering.volunteer", str(volunteer.pk)),
        )
    except IntegrationError as error:
        raise ApplicationError(VolunteerErrorCode.REGISTRY_DOWN) from error
    status, mismatches = _outcome(volunteer, result)
    return _record_identity(actor=actor, volunteer=volunteer, status=status, mismatches=mismatches)


@transaction.atomic
def _record_identity(
    *, actor: Any, volunteer: Volunteer, status: str, mismatches: list[str]
) -> Volunteer:
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    old = locked.identity_status
    locked.identity_status = status
    locked.identity_mismatches = mismatches
    locked.identity_checked_at = timezone.now()
    # A new inquiry supersedes an earlier override: the supervisor judged the old answer.
    locked.identity_override_reason = ""
    locked.identity_override_by = None
    locked.full_clean()
    locked.save()
    audit_record(
        actor=actor,
        action="volunteer.identity_inquiry",
        obj=locked,
        changes={"identity_status": (old, status)},
        data={"mismatches": mismatches},
    )
    if locked.status == VolunteerStatus.APPLIED:
        move(VOLUNTEER_FLOW, locked, "check_identity", actor=actor)
    return locked


@transaction.atomic
def volunteer_override_identity(*, actor: Any, volunteer: Volunteer, reason: str) -> Volunteer:
    """A supervisor (who approves the units' work) lets a flagged volunteer through, saying why."""
    scope.require(actor, MANAGE, volunteer.org_unit)
    if not scope.can(actor, Perm.SERVICE_APPROVE, volunteer.org_unit):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    if not reason.strip():
        raise ApplicationError(VolunteerErrorCode.REASON_REQUIRED)
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if locked.identity_status in (IdentityOutcome.NOT_CHECKED, IdentityOutcome.MATCH):
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    locked.identity_override_reason = reason.strip()
    locked.identity_override_by = staff_user_or_none(actor)
    locked.save(update_fields=["identity_override_reason", "identity_override_by", "updated_at"])
    audit_record(
        actor=actor,
        action="volunteer.identity_override",
        obj=locked,
        data={"reason": locked.identity_override_reason},
    )
    return locked


# --- interview and decision ---------------------------------------------------------------------


@transaction.atomic
def volunteer_add_interview_notes(*, actor: Any, volunteer: Volunteer, notes: str) -> Volunteer:
    """Notes are appended with the date and the interviewer; earlier notes are never lost."""
    scope.require(actor, MANAGE, volunteer.org_unit)
    if not notes.strip():
        raise ApplicationError(ErrorCode.INVALID_INPUT)
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    stamp = f"[{JalaliDate.from_gregorian(timezone.localdate())} {actor_label(actor)}]"
    entry = f"{stamp} {notes.strip()}"
    locked.interview_notes = f"{locked.interview_notes}\n{entry}".strip()
    locked.save(update_fields=["interview_notes", "updated_at"])
    audit_record(actor=actor, action="volunteer.interview", obj=locked, data={"notes": entry})
    return locked


@transaction.atomic
def volunteer_decide(*, actor: Any, volunteer: Volunteer, step: str, reason: str = "") -> Volunteer:
    """accept | reject | suspend | reinstate | withdraw. Every step but accept needs a reason."""
    scope.require(actor, MANAGE, volunteer.org_unit)
    if step not in ("accept", "reject", "suspend", "reinstate", "withdraw"):
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    if step != "accept" and not reason.strip():
        raise ApplicationError(VolunteerErrorCode.REASON_REQUIRED)
    move(VOLUNTEER_FLOW, volunteer, step, actor=actor, note=reason.strip())
    locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
    if reason.strip():
        locked.decision_reason = reason.strip()
        locked.save(update_fields=["decision_reason", "updated_at"])
    return locked


# --- clearance ----------------------------------------------------------------------------------


@transaction.atomic
def clearance_record(
    *, actor: Any, volunteer: Volunteer, reference: str, issued_on: dt.date, expires_on: dt.date
) -> Clearance:
    scope.require(actor, CLEAR, volunteer.org_unit)
    today = timezone.localdate()
    if issued_on > today or expires_on <= today:
        raise ApplicationError(VolunteerErrorCode.CLEARANCE_EXPIRED)
    clearance = Clearance(
        volunteer=volunteer,
        reference=reference.strip(),
        issued_on=issued_on,
        expires_on=expires_on,
        recorded_by=staff_user_or_none(actor),
    )
    clearance.full_clean()
    clearance.save()
    audit_record(
        actor=actor,
        action="volunteer.clearance",
        obj=clearance,
        data={
            "volunteer": volunteer.pk,
            "reference": clearance.reference,
            "issued_on": issued_on,
            "expires_on": expires_on,
        },
    )
    return clearance
