"""Every write to the registry. Keyword-only, atomic, audited in the same transaction."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.models import AuditEvent
from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.optimistic import model_update
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .duplicates import likely_duplicates
from .enums import DuplicateStatus, Gender, IdType, PeopleErrorCode, Relation
from .keys import keys_for
from .models import Coverage, Document, DuplicateCandidate, Household, HouseholdMember, Person

PERSON_FIELDS = (
    "id_type",
    "national_code",
    "foreign_id",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "gender",
    "nationality",
    "literacy",
    "education",
    "mobile",
    "address",
    "postal_code",
)
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
DOCUMENT_TYPES = {
    "application/pdf": b"%PDF",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG",
}


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    gender: str
    id_type: str = IdType.NATIONAL_CODE
    national_code: str | None = None
    foreign_id: str = ""
    father_name: str = ""
    birth_date: dt.date | None = None
    nationality: str = "IR"
    literacy: str = ""
    education: str = ""
    mobile: str = ""
    address: str = ""
    postal_code: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in PERSON_FIELDS}


def _check_identity(data: PersonData) -> None:
    if data.id_type == IdType.NATIONAL_CODE and not data.national_code:
        raise ApplicationError(PeopleErrorCode.ID_NUMBER_REQUIRED)
    if data.id_type != IdType.NATIONAL_CODE and not data.foreign_id:
        raise ApplicationError(PeopleErrorCode.ID_NUMBER_REQUIRED)


def _existing_by_identity(data: PersonData, exclude_pk: int | None = None) -> Person | None:
    if data.id_type == IdType.NATIONAL_CODE:
        qs = Person.objects.filter(national_code=data.national_code)
    else:
        qs = Person.objects.filter(
            id_type=data.id_type, nationality=data.nationality, foreign_id=data.foreign_id
        )
    return qs.exclude(pk=exclude_pk).first() if exclude_pk else qs.first()


def _require_unit(actor: Any, unit: OrgUnit, permission: str = Perm.PEOPLE_CHANGE) -> None:
    if unit.kind not in (UnitKind.COUNTY, UnitKind.CENTRE):
        raise ApplicationError(PeopleErrorCode.NOT_A_COUNTY)
    scope.require(actor, permission, unit)


def _refuse_existing(actor: Any, existing: Person, data: PersonData) -> None:
    visible = scope.can(actor, Perm.PEOPLE_VIEW, existing.org_unit)
    code = (
        PeopleErrorCode.NATIONAL_CODE_EXISTS
        if data.id_type == IdType.NATIONAL_CODE
        else PeopleErrorCode.FOREIGN_ID_EXISTS
    )
    # The link is given only to those who may open it; others learn nothing about where.
    raise ApplicationError(code, extra={"existing_id": existing.pk if visible else None})


@transaction.atomic
def person_create(
    *,
    actor: Any,
    org_unit: OrgUnit,
    data: PersonData,
    confirmed_not_duplicate: bool = False,
    permission: str = Perm.PEOPLE_CHANGE,
) -> Person:
    """`permission`: a service module registering at its own unit passes its own (e.g. a safe
    house registers a woman with the case permission; her record is then as confidential)."""
    _require_unit(actor, org_unit, permission)
    _check_identity(data)
    existing = _existing_by_identity(data)
    if existing is not None:
        _refuse_existing(actor, existing, data)
    if not confirmed_not_duplicate:
        visible = Person.objects.filter(scope.scope_q(actor, Perm.PEOPLE_VIEW))
        similar = likely_duplicates(
            visible,
            first_name=data.first_name,
            last_name=data.last_name,
            father_name=data.father_name,
            birth_date=data.birth_date,
        )
        if similar:
            raise ApplicationError(
                PeopleErrorCode.LIKELY_DUPLICATE, extra={"candidates": [p.pk for p in similar]}
            )
    person = Person(org_unit=org_unit, **data.values())
    person.national_code = data.national_code or None
    for key, value in keys_for(
        first_name=data.first_name, last_name=data.last_name, father_name=data.father_name
    ).items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audit_record(
        actor=actor,
        action="person.create",
        obj=person,
        redact=org_unit.confidential,
        person_ref=person.identifier,
        data={**data.values(), "org_unit": org_unit.pk},
    )
    return person


@transaction.atomic
def person_update(
    *,
    actor: Any,
    person: Person,
    data: PersonData,
    expected_version: int,
    org_unit: OrgUnit | None = None,
) -> Person:
    scope.require(actor, Perm.PEOPLE_CHANGE, person.org_unit)
    _check_identity(data)
    existing = _existing_by_identity(data, exclude_pk=person.pk)
    if existing is not None:
        _refuse_existing(actor, existing, data)
    values: dict[str, Any] = {**data.values(), "national_code": data.national_code or None}
    values.update(
        keys_for(first_name=data.first_name, last_name=data.last_name, father_name=data.father_name)
    )
    if org_unit is not None and org_unit.pk != person.org_unit_id:
        _require_unit(actor, org_unit)
        values["org_unit"] = org_unit
    changes = model_update(instance=person, data=values, expected_version=expected_version)
    visible = {k: v for k, v in changes.items() if not k.endswith("_key")}
    if visible:
        audit_record(
            actor=actor,
            action="person.update",
            obj=person,
            redact=person.org_unit.confidential,
            changes=visible,
            person_ref=person.identifier,
        )
    return person


@transaction.atomic
def person_record_identity_check(
    *, actor: Any, person: Person, status: str, mismatches: list[str]
) -> Person:
    """Stores the outcome of a civil-registry inquiry made by the caller."""
    old = person.identity_status
    now = timezone.now()
    Person.objects.filter(pk=person.pk).update(
        identity_status=status, identity_checked_at=now, identity_mismatches=mismatches
    )
    person.identity_status, person.identity_checked_at = status, now
    person.identity_mismatches = mismatches
    audit_record(
        actor=actor,
        action="person.identity_check",
        obj=person,
        redact=person.org_unit.confidential,
        person_ref=person.identifier,
        changes={"identity_status": (old, status), "identity_mismatches": ([], mismatches)},
    )
    return person


# --- Households ------------------------------------------------------------------------------


@transaction.atomic
def household_create(
    *, actor: Any, head: Person, headship_reason: str = "", address: str = ""
) -> Household:
    scope.require(actor, Perm.PEOPLE_CHANGE, head.org_unit)
    if HouseholdMember.objects.filter(person=head).exists():
        raise ApplicationError(PeopleErrorCode.ALREADY_MEMBER)
    female = head.gender == Gender.FEMALE
    if headship_reason and not female:
        raise ApplicationError(PeopleErrorCode.HEAD_MUST_BE_FEMALE)
    household = Household(
        head=head,
        org_unit=head.org_unit,
        female_headed=female,
        headship_reason=headship_reason if female else "",
        address=address or head.address,
    )
    household.full_clean()
    household.save()
    HouseholdMember.objects.create(household=household, person=head, relation=Relation.HEAD)
    audit_record(
        actor=actor,
        action="household.create",
        obj=household,
        redact=household.org_unit.confidential,
        person_ref=head.identifier,
        data={"head": head.pk, "female_headed": female, "headship_reason": headship_reason},
    )
    return household


@transaction.atomic
def household_add_member(
    *, actor: Any, household: Household, person: Person, relation: str
) -> HouseholdMember:
    scope.require(actor, Perm.PEOPLE_CHANGE, household.org_unit)
    scope.require(actor, Perm.PEOPLE_VIEW, person.org_unit)
    if relation == Relation.HEAD or HouseholdMember.objects.filter(person=person).exists():
        raise ApplicationError(PeopleErrorCode.ALREADY_MEMBER)
    member = HouseholdMember(household=household, person=person, relation=relation)
    member.full_clean()
    member.save()
    audit_record(
        actor=actor,
        action="household.add_member",
        obj=household,
        redact=household.org_unit.confidential or person.org_unit.confidential,
        person_ref=person.identifier,
        data={"person": person.pk, "relation": relation},
    )
    return member


@transaction.atomic
def household_remove_member(*, actor: Any, member: HouseholdMember) -> None:
    scope.require(actor, Perm.PEOPLE_CHANGE, member.household.org_unit)
    if member.relation == Relation.HEAD:
        raise ApplicationError(ErrorCode.INVALID_INPUT)
    audit_record(
        actor=actor,
        action="household.remove_member",
        obj=member.household,
        redact=member.household.org_unit.confidential,
        person_ref=member.person.identifier,
        changes={"member": (member.person_id, None)},
    )
    member.delete()


# --- Coverage --------------------------------------------------------------------------------


@transaction.atomic
def coverage_start(
    *,
    actor: Any,
    programme: str,
    org_unit: OrgUnit,
    start_date: dt.date,
    person: Person | None = None,
    household: Household | None = None,
    permission: str = Perm.PEOPLE_CHANGE,
) -> Coverage:
    """Service modules call this with their own permission (e.g. safe-house case change)."""
    scope.require(actor, permission, org_unit)
    coverage = Coverage(
        person=person,
        household=household,
        programme=programme,
        org_unit=org_unit,
        start_date=start_date,
    )
    coverage.full_clean()
    coverage.save()
    subject = person or household
    audit_record(
        actor=actor,
        action="coverage.start",
        obj=coverage,
        redact=org_unit.confidential or bool(person and person.org_unit.confidential),
        person_ref=person.identifier if person else "",
        data={
            "programme": programme,
            "org_unit": org_unit.pk,
            "start_date": start_date,
            "subject": subject.pk if subject else None,
        },
    )
    return coverage


@transaction.atomic
def coverage_end(
    *,
    actor: Any,
    coverage: Coverage,
    end_date: dt.date,
    reason: str,
    permission: str = Perm.PEOPLE_CHANGE,
) -> Coverage:
    scope.require(actor, permission, coverage.org_unit)
    if end_date < coverage.start_date:
        raise ApplicationError(PeopleErrorCode.COVERAGE_DATES)
    Coverage.objects.filter(pk=coverage.pk).update(end_date=end_date, end_reason=reason)
    coverage.end_date, coverage.end_reason = end_date, reason
    audit_record(
        actor=actor,
        action="coverage.end",
        obj=coverage,
        redact=coverage.org_unit.confidential,
        changes={"end_date": (None, end_date), "end_reason": ("", reason)},
    )
    return coverage


# --- Documents -------------------------------------------------------------------------------


def _sniff(upload: UploadedFile) -> str:
    head = upload.read(8)
    upload.seek(0)
    for content_type, magic in DOCUMENT_TYPES.items():
        if head.startswith(magic):
            return content_type
    raise ApplicationError(PeopleErrorCode.FILE_TYPE)


@transaction.atomic
def document_add(
    *,
    actor: Any,
    person: Person,
    upload: UploadedFile,
    doc_type: str,
    number: str = "",
    issuer: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
    org_unit: OrgUnit | None = None,
    permission: str = Perm.PEOPLE_CHANGE,
) -> Document:
    unit = org_unit or person.org_unit
    scope.require(actor, permission, unit)
    if (upload.size or 0) > MAX_DOCUMENT_BYTES:
        raise ApplicationError(PeopleErrorCode.FILE_TOO_LARGE)
    content_type = _sniff(upload)  # by the bytes, not by the name or the browser's claim
    document = Document(
        person=person,
        doc_type=doc_type,
        number=number,
        issuer=issuer,
        issued_on=issued_on,
        expires_on=expires_on,
        org_unit=unit,
        stored_name=secrets.token_hex(16),
        content_type=content_type,
        size=upload.size or 0,
        original_name=(upload.name or "")[:200],
    )
    document.file.save(document.stored_name, upload, save=False)
    document.full_clean()
    document.save()
    audit_record(
        actor=actor,
        action="document.add",
        obj=document,
        redact=unit.confidential,
        person_ref=person.identifier,
        data={"doc_type": doc_type, "number": number, "issuer": issuer, "size": document.size},
    )
    return document


# --- Merging duplicates ----------------------------------------------------------------------

SKIPPED_RELATIONS = {("people", "duplicatecandidate")}


def _references() -> list[tuple[Any, str]]:
    """(model, field name) of every foreign key that points at a person, in any app."""
    refs = []
    for rel in Person._meta.related_objects:
        model = rel.related_model
        if (
            not rel.one_to_many
            or (model._meta.app_label, model._meta.model_name) in SKIPPED_RELATIONS
        ):
            continue
        if model is Person and rel.field.name == "merged_into":
            continue
        refs.append((model, rel.field.name))
    return refs


@transaction.atomic
def person_merge(*, actor: Any, keep: Person, merge: Person) -> Person:
    if keep.pk == merge.pk:
        raise ApplicationError(PeopleErrorCode.MERGE_SELF)
    for person in (keep, merge):
        scope.require(actor, Perm.PEOPLE_CHANGE, person.org_unit)
    locked = {
        p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk])
    }
    if any(p.merged_into_id for p in locked.values()):
        raise ApplicationError(PeopleErrorCode.MERGE_INACTIVE)
    if (
        HouseholdMember.objects.filter(person=keep).exists()
        and HouseholdMember.objects.filter(person=merge).exists()
    ):
        raise ApplicationError(PeopleErrorCode.ALREADY_MEMBER)
    moved: dict[str, dict[str, list[int]]] = {}
    for model, field_name in _references():
        pks = list(model._base_manager.filter(**{field_name: merge}).values_list("pk", flat=True))
        if pks:
            model._base_manager.filter(pk__in=pks).update(**{field_name: keep})
            moved.setdefault(model._meta.label_lower, {})[field_name] = pks
    Person.objects.filter(pk=merge.pk).update(merged_into=keep)
    merge.merged_into = keep
    DuplicateCandidate.objects.filter(first__in=[keep, merge], second__in=[keep, merge]).update(
        status=DuplicateStatus.MERGED
    )
    audit_record(
        actor=actor,
        action="person.merge",
        obj=merge,
        person_ref="" if merge.org_unit.confidential else merge.identifier,
        changes={"merged_into": (None, keep.pk)},
        data={"moved": moved},
    )
    return keep


@transaction.atomic
def person_unmerge(*, actor: Any, merged: Person) -> Person:
    """Undo a merge from its audit record: every moved reference goes back."""
    if merged.merged_into_id is None:
        raise ApplicationError(PeopleErrorCode.NOT_MERGED)
    scope.require(actor, Perm.PEOPLE_CHANGE, merged.org_unit)
    event = AuditEvent.objects.filter(
        action="person.merge", object_type="people.person", object_id=str(merged.pk)
    ).first()
    if event is None:
        raise ApplicationError(PeopleErrorCode.NOT_MERGED)
    from django.apps import apps

    moved = event.changes.get("moved", {}).get("new", {})
    for label, fields in moved.items():
        model = apps.get_model(label)
        for field_name, pks in fields.items():
            model._base_manager.filter(pk__in=pks).update(**{field_name: merged})
    kept = merged.merged_into_id
    Person.objects.filter(pk=merged.pk).update(merged_into=None)
    merged.merged_into = None
    audit_record(
        actor=actor,
        action="person.unmerge",
        obj=merged,
        person_ref="" if merged.org_unit.confidential else merged.identifier,
        changes={"merged_into": (kept, None)},
        data={"restored": moved},
    )
    return merged


@transaction.atomic
def duplicate_dismiss(*, actor: Any, candidate: DuplicateCandidate) -> None:
    scope.require(actor, Perm.PEOPLE_CHANGE, candidate.first.org_unit)
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(status=DuplicateStatus.DISMISSED)
    audit_record(
        actor=actor,
        action="person.duplicate_dismiss",
        obj=candidate,
        changes={"status": (candidate.status, DuplicateStatus.DISMISSED)},
    )
