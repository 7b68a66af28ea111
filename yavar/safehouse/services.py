"""Every write to a safe-house case. Each checks the actor's scope on the house, audits in the
same transaction, and never writes her name or address into an audit line (the case code is
the record's name everywhere outside the case file)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.enums import AccessReason
from yavar.audit.services import access_record, audit_record
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import JalaliDate
from yavar.orgunits.enums import CentreType
from yavar.orgunits.models import OrgUnit
from yavar.people import services as people
from yavar.people.enums import CoverageEndReason
from yavar.people.models import Coverage, Person
from yavar.workflow.engine import move

from . import risk
from .enums import SERVICE_ID, CaseStatus, Decision, ReferralStatus, SafehouseErrorCode, ServiceKind
from .models import BreakGlass, Case, Consent, FollowUp, House, Intake, Referral, ServiceRecord
from .workflows import CASE_FLOW

CHANGE, SUPERVISE = Perm.SAFEHOUSE_CASE_CHANGE, Perm.SAFEHOUSE_SUPERVISE


def _require_house(actor: Any, unit: OrgUnit, perm: str = CHANGE) -> House:
    if unit.centre_type != CentreType.SAFE_HOUSE:
        raise ApplicationError(SafehouseErrorCode.NOT_A_HOUSE)
    scope.require(actor, perm, unit)
    house = House.objects.filter(org_unit=unit).first()
    if house is None:
        raise ApplicationError(SafehouseErrorCode.NOT_A_HOUSE)
    return house


def _next_code(on: dt.date) -> str:
    year = JalaliDate.from_gregorian(on).year
    prefix = f"SH-{year}-"
    last = (
        Case.objects.filter(code__startswith=prefix)
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


@transaction.atomic
def house_setup(*, actor: Any, unit: OrgUnit, beds: int, max_stay_days: int = 120) -> House:
    scope.require(actor, SUPERVISE, unit)
    if unit.centre_type != CentreType.SAFE_HOUSE:
        raise ApplicationError(SafehouseErrorCode.NOT_A_HOUSE)
    house, _created = House.objects.update_or_create(
        org_unit=unit, defaults={"beds": beds, "max_stay_days": max_stay_days}
    )
    audit_record(
        actor=actor,
        action="safehouse.house_setup",
        obj=house,
        data={"beds": beds, "max_stay_days": max_stay_days},
    )
    return house


@transaction.atomic
def case_open(
    *,
    actor: Any,
    house_unit: OrgUnit,
    person: Person | None = None,
    person_data: people.PersonData | None = None,
    referral_source: str,
    referring_body: str = "",
    referral_reference: str = "",
    request_note: str = "",
    safe_contact: str,
    safe_contact_detail: str = "",
    opened_on: dt.date | None = None,
) -> Case:
    """Arrival: a case file is opened and her request recorded. A woman not yet in the
    registry is registered at the house itself, so her record is as confidential as the case."""
    _require_house(actor, house_unit)
    if person is None and person_data is not None and person_data.national_code:
        # The registry knows her once: an existing record is linked, not duplicated. Staff of
        # the house still see only what the case shows.
        person = Person.objects.filter(national_code=person_data.national_code).first()
    if person is None:
        if person_data is None:
            raise ApplicationError(ErrorCode.INVALID_INPUT)
        person = people.person_create(
            actor=actor,
            org_unit=house_unit,
            data=person_data,
            confirmed_not_duplicate=True,
            permission=CHANGE,
        )
    opened_on = opened_on or timezone.localdate()
    case = Case(
        code=_next_code(opened_on),
        person=person,
        org_unit=house_unit,
        referral_source=referral_source,
        referring_body=referring_body,
        referral_reference=referral_reference,
        opened_on=opened_on,
        request_note=request_note,
        safe_contact=safe_contact,
        safe_contact_detail=safe_contact_detail,
    )
    case.full_clean()
    case.save()
    audit_record(
        actor=actor,
        action="safehouse.case_open",
        obj=case,
        data={"referral_source": referral_source, "referring_body": referring_body},
    )
    return case


@transaction.atomic
def case_record_intake(
    *,
    actor: Any,
    case: Case,
    violence_types: list[str],
    perpetrator: str,
    risk_answers: dict[str, bool],
    children: int = 0,
    health_needs: str = "",
    legal_needs: str = "",
) -> Intake:
    scope.require(actor, CHANGE, case.org_unit)
    answers = {item.code: bool(risk_answers.get(item.code)) for item in risk.ITEMS}
    intake, _created = Intake.objects.update_or_create(
        case=case,
        defaults={
            "violence_types": violence_types,
            "perpetrator": perpetrator,
            "risk_answers": answers,
            "risk_score": risk.score(answers),
            "children": children,
            "health_needs": health_needs,
            "legal_needs": legal_needs,
            "interviewer": actor,
        },
    )
    audit_record(
        actor=actor,
        action="safehouse.intake",
        obj=case,
        data={"risk_score": intake.risk_score, "children": children},
    )
    if case.status == CaseStatus.OPEN:
        move(CASE_FLOW, case, "assess", actor=actor)
    return intake


@transaction.atomic
def case_decide(*, actor: Any, case: Case, decision: str, reason: str) -> Case:
    scope.require(actor, CHANGE, case.org_unit)
    if not reason.strip():
        raise ApplicationError(SafehouseErrorCode.REASON_REQUIRED)
    if case.status != CaseStatus.ASSESSED:
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    old = case.decision
    Case.objects.filter(pk=case.pk).update(decision=decision, decision_reason=reason.strip())
    case.decision, case.decision_reason = decision, reason.strip()
    audit_record(
        actor=actor, action="safehouse.decide", obj=case, changes={"decision": (old, decision)}
    )
    return case


def occupancy(house: House) -> int:
    """Beds taken: each admitted woman and the children staying with her."""
    return occupancy_by_unit([house.org_unit_id]).get(house.org_unit_id, 0)


def occupancy_by_unit(unit_ids: list[int]) -> dict[int, int]:
    """Beds taken in each of these houses, in one grouped query."""
    rows = (
        Case.objects.filter(org_unit_id__in=unit_ids, status=CaseStatus.ADMITTED)
        .values("org_unit_id")
        .annotate(women=Count("pk"), children=Sum("children_with_her"))
    )
    return {row["org_unit_id"]: row["women"] + (row["children"] or 0) for row in rows}


@transaction.atomic
def case_admit(
    *, actor: Any, case: Case, children_with_her: int = 0, on: dt.date | None = None
) -> Case:
    # Lock the house row so two admissions cannot both take the last bed.
    house = House.objects.select_for_update().get(org_unit=case.org_unit)
    scope.require(actor, CHANGE, case.org_unit)
    if occupancy(house) + 1 + children_with_her > house.beds:
        raise ApplicationError(SafehouseErrorCode.HOUSE_FULL)
    on = on or timezone.localdate()
    move(CASE_FLOW, case, "admit", actor=actor)
    stay_until = on + dt.timedelta(days=house.max_stay_days)
    Case.objects.filter(pk=case.pk).update(
        admitted_on=on, stay_until=stay_until, children_with_her=children_with_her
    )
    case.admitted_on, case.stay_until, case.children_with_her = on, stay_until, children_with_her
    people.coverage_start(
        actor=actor,
        programme=SERVICE_ID,
        org_unit=case.org_unit,
        start_date=on,
        person=case.person,
        permission=CHANGE,
    )
    delivery_record(
        service_id=SERVICE_ID,
        subject_type=SubjectType.PERSON,
        subject_id=case.person_id,
        org_unit=case.org_unit,
        delivered_on=on,
        kind="admission",
        source=case,
    )
    return case


@transaction.atomic
def case_extend_stay(*, actor: Any, case: Case, until: dt.date, reason: str) -> Case:
    """Past the guideline's limit only with a supervisor's approval."""
    scope.require(actor, SUPERVISE, case.org_unit)
    if not reason.strip():
        raise ApplicationError(SafehouseErrorCode.REASON_REQUIRED)
    old = case.stay_until
    Case.objects.filter(pk=case.pk).update(stay_until=until)
    case.stay_until = until
    audit_record(
        actor=actor,
        action="safehouse.extend_stay",
        obj=case,
        changes={"stay_until": (old, until)},
        data={"reason": reason},
    )
    return case


@transaction.atomic
def service_add(
    *,
    actor: Any,
    case: Case,
    kind: str,
    on: dt.date,
    topic: str = "",
    court: str = "",
    court_case_number: str = "",
    note: str = "",
) -> ServiceRecord:
    scope.require(actor, CHANGE, case.org_unit)
    if case.status not in (CaseStatus.ADMITTED, CaseStatus.SELF_CARE, CaseStatus.DISCHARGED):
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    record = ServiceRecord.objects.create(
        case=case,
        kind=kind,
        on=on,
        topic=topic,
        court=court,
        court_case_number=court_case_number,
        note=note,
        provided_by=actor,
    )
    audit_record(actor=actor, action="safehouse.service", obj=case, data={"kind": kind, "on": on})
    if kind == ServiceKind.SELF_CARE:
        # The card's own service: self-care training, counted once per woman per session.
        delivery_record(
            service_id=SERVICE_ID,
            subject_type=SubjectType.PERSON,
            subject_id=case.person_id,
            org_unit=case.org_unit,
            delivered_on=on,
            kind="self_care_training",
            source=record,
        )
    return record


@transaction.atomic
def consent_record(
    *, actor: Any, case: Case, recipient: str, purpose: str, given_on: dt.date, expires_on: dt.date
) -> Consent:
    scope.require(actor, CHANGE, case.org_unit)
    if expires_on <= given_on:
        raise ApplicationError(SafehouseErrorCode.CONSENT_DATES)
    consent = Consent.objects.create(
        case=case,
        recipient=recipient.strip(),
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
    )
    audit_record(
        actor=actor,
        action="safehouse.consent",
        obj=case,
        data={"recipient": recipient, "purpose": purpose, "expires_on": expires_on},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Any, consent: Consent) -> None:
    scope.require(actor, CHANGE, consent.case.org_unit)
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=timezone.localdate())
    audit_record(
        actor=actor,
        action="safehouse.consent_withdraw",
        obj=consent.case,
        data={"recipient": consent.recipient},
    )


def valid_consent(case: Case, recipient: str, on: dt.date) -> Consent | None:
    return (
        Consent.objects.filter(
            case=case,
            recipient=recipient.strip(),
            given_on__lte=on,
            expires_on__gte=on,
            withdrawn_on__isnull=True,
        )
        .order_by("-expires_on")
        .first()
    )


@transaction.atomic
def referral_create(
    *, actor: Any, case: Case, to_body: str, reason: str, due_on: dt.date
) -> Referral:
    """Sharing her case with another body needs her valid consent for that body."""
    scope.require(actor, CHANGE, case.org_unit)
    consent = valid_consent(case, to_body, timezone.localdate())
    if consent is None:
        raise ApplicationError(SafehouseErrorCode.NO_CONSENT)
    referral = Referral.objects.create(
        case=case, to_body=to_body.strip(), reason=reason, consent=consent, due_on=due_on
    )
    audit_record(
        actor=actor,
        action="safehouse.referral",
        obj=case,
        data={"to_body": to_body, "due_on": due_on},
    )
    if case.status == CaseStatus.ASSESSED and case.decision == Decision.REFER:
        move(CASE_FLOW, case, "refer_out", actor=actor)
    return referral


@transaction.atomic
def referral_feedback(*, actor: Any, referral: Referral, feedback: str, on: dt.date) -> Referral:
    scope.require(actor, CHANGE, referral.case.org_unit)
    Referral.objects.filter(pk=referral.pk).update(
        status=ReferralStatus.ANSWERED, feedback=feedback, feedback_on=on
    )
    referral.status, referral.feedback, referral.feedback_on = ReferralStatus.ANSWERED, feedback, on
    audit_record(
        actor=actor,
        action="safehouse.referral_feedback",
        obj=referral.case,
        data={"to_body": referral.to_body},
    )
    return referral


@transaction.atomic
def safety_plan_save(*, actor: Any, case: Case, plan: str) -> Case:
    scope.require(actor, CHANGE, case.org_unit)
    Case.objects.filter(pk=case.pk).update(safety_plan=plan)
    case.safety_plan = plan
    # The plan's text stays in the case file; the trail records only that it changed.
    audit_record(actor=actor, action="safehouse.safety_plan", obj=case)
    return case


@transaction.atomic
def case_discharge(
    *, actor: Any, case: Case, reason: str, destination: str, on: dt.date | None = None
) -> Case:
    on = on or timezone.localdate()
    move(CASE_FLOW, case, "discharge", actor=actor, note=reason)
    Case.objects.filter(pk=case.pk).update(
        discharged_on=on, discharge_reason=reason, discharge_destination=destination
    )
    case.discharged_on, case.discharge_reason, case.discharge_destination = on, reason, destination
    coverage = Coverage.objects.filter(
        person=case.person, programme=SERVICE_ID, org_unit=case.org_unit, end_date__isnull=True
    ).first()
    if coverage is not None:
        people.coverage_end(
            actor=actor,
            coverage=coverage,
            end_date=on,
            reason=CoverageEndReason.OTHER,
            permission=CHANGE,
        )
    return case


@transaction.atomic
def follow_up_add(*, actor: Any, case: Case, on: dt.date, method: str, outcome: str) -> FollowUp:
    scope.require(actor, CHANGE, case.org_unit)
    follow_up = FollowUp.objects.create(case=case, on=on, method=method, outcome=outcome)
    audit_record(actor=actor, action="safehouse.follow_up", obj=case, data={"on": on})
    return follow_up


@transaction.atomic
def case_close(*, actor: Any, case: Case) -> Case:
    move(CASE_FLOW, case, "close", actor=actor)
    Case.objects.filter(pk=case.pk).update(closed_on=timezone.localdate())
    return case


@transaction.atomic
def break_glass_open(*, actor: Any, case_code: str, reason: str) -> BreakGlass:
    """Emergency read access to a case outside one's house: only for safe-house roles, with a
    written reason, for one hour, logged and shown to the provincial focal point."""
    if not actor.has_yavar_perm(Perm.SAFEHOUSE_CASE_VIEW):
        raise ApplicationError(ErrorCode.NOT_FOUND)
    if len(reason.strip()) < 10:
        raise ApplicationError(SafehouseErrorCode.REASON_REQUIRED)
    case = Case.objects.filter(code=case_code.strip().upper(), archived_at__isnull=True).first()
    if case is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    minutes = getattr(settings, "YAVAR_BREAK_GLASS_MINUTES", 60)
    grant = BreakGlass.objects.create(
        case=case,
        user=actor,
        reason=reason.strip(),
        expires_at=timezone.now() + dt.timedelta(minutes=minutes),
    )
    access_record(actor=actor, obj=case, reason=AccessReason.BREAK_GLASS, note=reason.strip())
    audit_record(actor=actor, action="safehouse.break_glass", obj=case, data={"minutes": minutes})
    return grant


@transaction.atomic
def break_glass_acknowledge(*, actor: Any, grant: BreakGlass) -> None:
    scope.require(actor, SUPERVISE, grant.case.org_unit)
    BreakGlass.objects.filter(pk=grant.pk).update(acknowledged_by=actor)
    audit_record(actor=actor, action="safehouse.break_glass_ack", obj=grant.case)


def archive_closed_cases(*, older_than_days: int | None = None) -> int:
    """Retention: closed cases leave the working lists after a configurable period."""
    days = (
        older_than_days
        if older_than_days is not None
        else getattr(settings, "YAVAR_SAFEHOUSE_ARCHIVE_AFTER_DAYS", 365)
    )
    cutoff = timezone.localdate() - dt.timedelta(days=days)
    with transaction.atomic():
        due = list(
            Case.objects.select_for_update().filter(
                status=CaseStatus.CLOSED, closed_on__lte=cutoff, archived_at__isnull=True
            )
        )
        Case.objects.filter(pk__in=[case.pk for case in due]).update(archived_at=timezone.now())
        for case in due:
            audit_record(actor=None, action="safehouse.archive", obj=case)
    return len(due)


@transaction.atomic
def case_purge(*, actor: Any, case: Case, reason: str) -> None:
    """A deliberate, audited act: the case file's narrative is erased; the code, dates and
    ledger counts remain so figures stay true."""
    scope.require(actor, SUPERVISE, case.org_unit)
    if case.archived_at is None:
        raise ApplicationError(SafehouseErrorCode.NOT_CLOSED)
    if not reason.strip():
        raise ApplicationError(SafehouseErrorCode.REASON_REQUIRED)
    Intake.objects.filter(case=case).update(health_needs="", legal_needs="", risk_answers={})
    ServiceRecord.objects.filter(case=case).update(
        note="", court="", court_case_number="", topic=""
    )
    FollowUp.objects.filter(case=case).update(outcome="")
    Referral.objects.filter(case=case).update(reason="", feedback="")
    Case.objects.filter(pk=case.pk).update(
        request_note="",
        safe_contact_detail="",
        safety_plan="",
        decision_reason="",
        discharge_destination="",
    )
    audit_record(actor=actor, action="safehouse.purge", obj=case, data={"reason": reason})


@transaction.atomic
def move_to_self_care(*, actor: Any, case: Case) -> Case:
    """Decision carried out without admission: self-care training case by case."""
    move(CASE_FLOW, case, "start_self_care", actor=actor)
    people.coverage_start(
        actor=actor,
        programme=SERVICE_ID,
        org_unit=case.org_unit,
        start_date=timezone.localdate(),
        person=case.person,
        permission=CHANGE,
    )
    return case
