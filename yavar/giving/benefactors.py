"""Benefactor accounts: the profile a donor keeps, and their history of giving.

A member of the public proves a mobile by SMS code (integrations.sms.verification) and then
manages the profiles registered to that mobile; staff register benefactors at the office and
look them up. A donor's history is every donation linked to one of their profiles or given
with their proven mobile, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet

from yavar.audit.services import access_record, audit_record
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.optimistic import model_update
from yavar.core.persian import normalize_text, to_ascii_digits
from yavar.core.validators import normalize_mobile
from yavar.orgunits.models import OrgUnit

from .enums import BenefactorKind, OfficeErrorCode
from .models import Benefactor, Donation

SEARCH_LIMIT = 50


@dataclass(frozen=True)
class BenefactorData:
    kind: str
    name: str
    mobile: str
    national_code: str | None = None
    legal_id: str | None = None
    email: str = ""
    address: str = ""
    province: OrgUnit | None = None
    wants_sms: bool = True
    wants_paper_receipt: bool = False
    anonymous: bool = False

    def values(self) -> dict[str, Any]:
        person = self.kind == BenefactorKind.PERSON
        return {
            "kind": self.kind,
            "name": normalize_text(self.name).strip(),
            "mobile": self.mobile,
            # The identifier that does not match the kind stays NULL (a check constraint).
            "national_code": self.national_code if person else None,
            "legal_id": None if person else self.legal_id,
            "email": self.email.strip(),
            "address": self.address.strip(),
            "province": self.province,
            "wants_sms": self.wants_sms,
            "wants_paper_receipt": self.wants_paper_receipt,
            "anonymous": self.anonymous,
        }


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, OrgUnit) else value


def _audit_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) for k, v in values.items()}


def _invalid(error: ValidationError) -> ApplicationError:
    return ApplicationError(ErrorCode.INVALID_INPUT, fields=error.message_dict)


def _identifier_taken(values: dict[str, Any], exclude_pk: int | None = None) -> bool:
    qs = Benefactor.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if values["national_code"]:
        return qs.filter(national_code=values["national_code"]).exists()
    return bool(values["legal_id"]) and qs.filter(legal_id=values["legal_id"]).exists()


@transaction.atomic
def benefactor_create(*, actor: Any, data: BenefactorData) -> Benefactor:
    """`actor` is the staff user, or None when a donor registers with their proven mobile."""
    values = data.values()
    if _identifier_taken(values):
        raise ApplicationError(OfficeErrorCode.DUPLICATE_BENEFACTOR)
    benefactor = Benefactor(**values)
    try:
        benefactor.full_clean()
    except ValidationError as error:
        raise _invalid(error) from error
    try:
        with transaction.atomic():
            benefactor.save()
    except IntegrityError as error:  # a racing registration of the same identifier
        raise ApplicationError(OfficeErrorCode.DUPLICATE_BENEFACTOR) from error
    audit_record(
        actor=actor,
        action="benefactor.create",
        obj=benefactor,
        data={**_audit_values(values), "by": "staff" if actor else "verified_mobile"},
    )
    return benefactor


@transaction.atomic
def benefactor_update(
    *, actor: Any, benefactor: Benefactor, data: BenefactorData, expected_version: int
) -> Benefactor:
    values = data.values()
    if _identifier_taken(values, exclude_pk=benefactor.pk):
        raise ApplicationError(OfficeErrorCode.DUPLICATE_BENEFACTOR)
    try:
        changes = model_update(instance=benefactor, data=values, expected_version=expected_version)
    except ValidationError as error:
        raise _invalid(error) from error
    if changes:
        audit_record(
            actor=actor,
            action="benefactor.update",
            obj=benefactor,
            changes={k: (_plain(old), _plain(new)) for k, (old, new) in changes.items()},
        )
    return benefactor


# --- Reads ------------------------------------------------------------------------------------


def benefactors_of_mobile(*, mobile: str) -> QuerySet[Benefactor]:
    """The profiles a proven mobile may manage."""
    return Benefactor.objects.filter(mobile=mobile).order_by("pk")


def benefactor_of_mobile(*, mobile: str, pk: int) -> Benefactor:
    benefactor = benefactors_of_mobile(mobile=mobile).filter(pk=pk).first()
    if benefactor is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return benefactor


def donor_history(*, mobile: str) -> QuerySet[Donation]:
    """Every donation given with this mobile or under a profile registered to it."""
    return (
        Donation.objects.filter(Q(donor_mobile=mobile) | Q(benefactor__mobile=mobile))
        .select_related("cause", "campaign")
        .order_by("-created_at", "-pk")
    )


def benefactor_history(*, benefactor: Benefactor) -> QuerySet[Donation]:
    return (
        Donation.objects.filter(Q(benefactor=benefactor) | Q(donor_mobile=benefactor.mobile))
        .select_related("cause", "campaign")
        .order_by("-created_at", "-pk")
    )


def benefactor_search(*, text: str) -> QuerySet[Benefactor]:
    """Staff look-up by national code, legal ID, mobile or part of the name."""
    text = normalize_text(to_ascii_digits(text)).strip()
    if not text:
        return Benefactor.objects.order_by("-created_at")[:SEARCH_LIMIT]
    digits = "".join(ch for ch in text if ch.isdigit())
    query = Q(name__icontains=text)
    if digits and len(digits) == len(text.replace(" ", "").replace("-", "")):
        query |= Q(national_code=digits) | Q(legal_id=digits)
        try:
            query |= Q(mobile=normalize_mobile(digits))
        except ValidationError:
            pass  # not a mobile number; the identifiers and the name still match
    return Benefactor.objects.filter(query).order_by("name", "pk")[:SEARCH_LIMIT]


def benefactor_get(*, user: Any, pk: int) -> Benefactor:
    """A staff read of a donor's profile and history: logged like any read of personal data."""
    benefactor = Benefactor.objects.select_related("province").filter(pk=pk).first()
    if benefactor is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    access_record(actor=user, obj=benefactor)
    return benefactor


def benefactor_by_identifier(*, identifier: str) -> Benefactor | None:
    """The benefactor a staff member names by national code, legal ID or mobile."""
    digits = to_ascii_digits(identifier).strip()
    if not digits:
        return None
    query = Q(national_code=digits) | Q(legal_id=digits)
    try:
        query |= Q(mobile=normalize_mobile(digits))
    except ValidationError:
        pass  # not a mobile: the two identifiers remain
    return Benefactor.objects.filter(query).order_by("pk").first()
