"""/api/v1/people: the registry's operations for other systems and scripts, scoped like the UI."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import normalize_text
from yavar.core.validators import normalize_mobile, normalize_national_code, normalize_postal_code
from yavar.orgunits.models import OrgUnit

from . import selectors, services
from .enums import Education, Gender, IdType, Literacy, Nationality

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    id_type: str
    national_code: str | None
    foreign_id: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: dt.date | None
    gender: str
    nationality: str
    mobile: str
    county_code: str
    identity_status: str
    version: int


class PersonIn(Schema):
    id_type: IdType = IdType.NATIONAL_CODE
    national_code: str | None = None
    foreign_id: str = ""
    first_name: str
    last_name: str
    father_name: str = ""
    birth_date: dt.date | None = None
    gender: Gender
    nationality: Nationality = Nationality.IRANIAN
    literacy: Literacy | None = None
    education: Education | None = None
    mobile: str = ""
    county_code: str
    address: str = ""
    postal_code: str = ""
    confirmed_not_duplicate: bool = False


class PersonUpdateIn(PersonIn):
    version: int


def _out(person: Any) -> dict[str, Any]:
    return {
        **{f: getattr(person, f) for f in PersonOut.model_fields if hasattr(person, f)},
        "county_code": person.org_unit.code,
    }


def _clean(payload: PersonIn) -> services.PersonData:
    from django.core.exceptions import ValidationError

    try:
        national_code = (
            normalize_national_code(payload.national_code)
            if payload.id_type == IdType.NATIONAL_CODE and payload.national_code
            else None
        )
        mobile = normalize_mobile(payload.mobile) if payload.mobile else ""
        postal = normalize_postal_code(payload.postal_code) if payload.postal_code else ""
    except ValidationError as exc:
        raise ApplicationError(
            ErrorCode.INVALID_INPUT, fields={"body": [str(m) for m in exc.messages]}
        ) from exc
    return services.PersonData(
        id_type=payload.id_type,
        national_code=national_code,
        foreign_id=payload.foreign_id,
        first_name=normalize_text(payload.first_name),
        last_name=normalize_text(payload.last_name),
        father_name=normalize_text(payload.father_name),
        birth_date=payload.birth_date,
        gender=payload.gender,
        nationality=payload.nationality,
        literacy=payload.literacy or "",
        education=payload.education or "",
        mobile=mobile,
        address=payload.address,
        postal_code=postal,
    )


def _county(user: Any, code: str) -> OrgUnit:
    unit = scope.units(user, Perm.PEOPLE_CHANGE).filter(code=code).first()
    if unit is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return unit


@router.get("/people", response=list[PersonOut])
@paginate(LimitOffsetPagination)
def person_list(request: HttpRequest, q: str = "", father: str = "") -> Any:
    people = selectors.person_list(user=request.auth, text=q, father=father)  # type: ignore[attr-defined]
    return [_out(p) for p in people[:500]]


@router.get("/people/{person_id}", response=PersonOut)
def person_detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    return _out(selectors.person_detail(user=request.auth, pk=person_id))  # type: ignore[attr-defined]


@router.post("/people", response={201: PersonOut})
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    user = request.auth  # type: ignore[attr-defined]
    person = services.person_create(
        actor=user,
        org_unit=_county(user, payload.county_code),
        data=_clean(payload),
        confirmed_not_duplicate=payload.confirmed_not_duplicate,
    )
    return Status(201, _out(person))


@router.put("/people/{person_id}", response=PersonOut)
def person_update(request: HttpRequest, person_id: int, payload: PersonUpdateIn) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    person = selectors.person_get(user=user, pk=person_id)
    services.person_update(
        actor=user,
        person=person,
        data=_clean(payload),
        expected_version=payload.version,
        org_unit=_county(user, payload.county_code),
    )
    return _out(person)


class MemberOut(Schema):
    person_id: int
    first_name: str
    last_name: str
    relation: str


class HouseholdOut(Schema):
    id: int
    head_id: int
    county_code: str
    female_headed: bool
    headship_reason: str
    members: list[MemberOut]


class HouseholdIn(Schema):
    head_id: int
    headship_reason: str = ""


class MemberIn(Schema):
    person_id: int
    relation: str


def _household_out(user: Any, household: Any) -> dict[str, Any]:
    members = selectors.household_members(user=user, household=household)
    return {
        "id": household.pk,
        "head_id": household.head_id,
        "county_code": household.org_unit.code,
        "female_headed": household.female_headed,
        "headship_reason": household.headship_reason,
        "members": [
            {
                "person_id": m.person_id,
                "first_name": m.person.first_name,
                "last_name": m.person.last_name,
                "relation": m.relation,
            }
            for m in members
        ],
    }


@router.get("/households/{household_id}", response=HouseholdOut)
def household_detail(request: HttpRequest, household_id: int) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return _household_out(user, selectors.household_get(user=user, pk=household_id))


@router.post("/households", response={201: HouseholdOut})
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status:
    user = request.auth  # type: ignore[attr-defined]
    head = selectors.person_get(user=user, pk=payload.head_id)
    household = services.household_create(
        actor=user, head=head, headship_reason=payload.headship_reason
    )
    return Status(201, _household_out(user, household))


@router.post("/households/{household_id}/members", response={201: HouseholdOut})
def household_add_member(request: HttpRequest, household_id: int, payload: MemberIn) -> Status:
    user = request.auth  # type: ignore[attr-defined]
    household = selectors.household_get(user=user, pk=household_id)
    person = selectors.person_get(user=user, pk=payload.person_id)
    services.household_add_member(
        actor=user, household=household, person=person, relation=payload.relation
    )
    return Status(201, _household_out(user, household))
