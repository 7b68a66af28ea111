"""Reads of the registry, always scoped to the reader. Out of scope answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import access_record
from yavar.core.errors import ApplicationError, ErrorCode

from .enums import DuplicateStatus
from .models import Coverage, Document, DuplicateCandidate, Household, HouseholdMember, Person
from .search import search


def _visible_people(user: Any) -> QuerySet[Person]:
    return Person.objects.filter(scope.scope_q(user, Perm.PEOPLE_VIEW))


def person_list(
    *,
    user: Any,
    text: str = "",
    father: str = "",
    gender: str = "",
    org_unit_id: int | None = None,
    female_headed: bool = False,
) -> QuerySet[Person]:
    qs = search(_visible_people(user).filter(merged_into=None), text=text, father=father)
    if gender:
        qs = qs.filter(gender=gender)
    if org_unit_id:
        qs = qs.filter(org_unit_id=org_unit_id)
    if female_headed:
        qs = qs.filter(headed_households__female_headed=True)
    return qs.select_related("org_unit").order_by("last_key", "pk")


def person_get(*, user: Any, pk: int) -> Person:
    return scope.get_in_scope(
        user, Perm.PEOPLE_VIEW, Person.objects.select_related("org_unit", "merged_into"), pk=pk
    )


def person_detail(*, user: Any, pk: int) -> Person:
    """Opening a person's record is a read of personal data: it goes in the access log."""
    person = person_get(user=user, pk=pk)
    access_record(
        actor=user, obj=person, person_ref="" if person.org_unit.confidential else person.identifier
    )
    return person


def _involvement_q(user: Any) -> Q:
    # A coverage or document at a confidential unit shows only to roles that work there.
    return scope.scope_q(user, Perm.PEOPLE_VIEW) | scope.scope_q(user, Perm.SAFEHOUSE_CASE_VIEW)


def person_coverages(*, user: Any, person: Person) -> QuerySet[Coverage]:
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    return (
        Coverage.objects.filter(Q(person=person) | Q(household_id__in=household_ids))
        .filter(_involvement_q(user))
        .select_related("org_unit")
        .order_by("-start_date")
    )


def person_documents(*, user: Any, person: Person) -> QuerySet[Document]:
    return (
        Document.objects.filter(person=person).filter(_involvement_q(user)).order_by("-created_at")
    )


def document_get(*, user: Any, pk: int) -> Document:
    document = Document.objects.filter(_involvement_q(user), pk=pk).select_related("person").first()
    if document is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    access_record(actor=user, obj=document, person_ref=document.person.identifier)
    return document


def person_household(*, user: Any, person: Person) -> Household | None:
    member = HouseholdMember.objects.filter(person=person).select_related("household").first()
    if member is None or not scope.can(user, Perm.PEOPLE_VIEW, member.household.org_unit):
        return None
    return member.household


def household_get(*, user: Any, pk: int) -> Household:
    return scope.get_in_scope(
        user, Perm.PEOPLE_VIEW, Household.objects.select_related("head", "org_unit"), pk=pk
    )


def household_members(*, user: Any, household: Household) -> QuerySet[HouseholdMember]:
    return (
        household.members.filter(scope.scope_q(user, Perm.PEOPLE_VIEW, prefix="person__org_unit__"))
        .select_related("person")
        .order_by("pk")
    )


def duplicate_candidates(*, user: Any) -> QuerySet[DuplicateCandidate]:
    """Pairs the reader may act on: both people inside their scope."""
    return (
        DuplicateCandidate.objects.filter(status=DuplicateStatus.OPEN)
        .filter(scope.scope_q(user, Perm.PEOPLE_CHANGE, prefix="first__org_unit__"))
        .filter(scope.scope_q(user, Perm.PEOPLE_CHANGE, prefix="second__org_unit__"))
        .select_related("first", "second", "first__org_unit", "second__org_unit")
        .order_by("-score", "pk")
    )


def duplicate_get(*, user: Any, pk: int) -> DuplicateCandidate:
    candidate = duplicate_candidates(user=user).filter(pk=pk).first()
    if candidate is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return candidate


def person_by_national_code(*, user: Any, national_code: str) -> Person:
    person = _visible_people(user).filter(national_code=national_code, merged_into=None).first()
    if person is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return person


def people_by_ids(*, user: Any, ids: list[int]) -> QuerySet[Person]:
    return _visible_people(user).filter(pk__in=ids).select_related("org_unit")


def counties_for(*, user: Any) -> QuerySet[Any]:
    """Where the user may register people: counties (and centres) in their change scope."""
    from yavar.orgunits.enums import UnitKind

    return scope.units(user, Perm.PEOPLE_CHANGE).filter(kind=UnitKind.COUNTY).order_by("name_fa")


def coverage_active_q(*, programme: str, on: Any = None) -> Q:
    from django.utils import timezone

    day = on or timezone.localdate()
    return Q(programme=programme, start_date__lte=day) & (
        Q(end_date__isnull=True) | Q(end_date__gte=day)
    )


def is_under_coverage(*, person: Person, programme: str, on: Any = None) -> bool:
    """The question service modules ask: is she covered by this programme on this day,
    herself or through her household?"""
    household_ids = HouseholdMember.objects.filter(person=person).values("household_id")
    return Coverage.objects.filter(
        Q(person=person) | Q(household_id__in=household_ids),
        coverage_active_q(programme=programme, on=on),
    ).exists()


def people_under_coverage(*, user: Any, programme: str, on: Any = None) -> QuerySet[Person]:
    """Everyone in the reader's scope covered by `programme` on `on`, directly or by household."""
    active = Coverage.objects.filter(coverage_active_q(programme=programme, on=on))
    direct = active.filter(person__isnull=False).values("person_id")
    by_household = HouseholdMember.objects.filter(
        household_id__in=active.filter(household__isnull=False).values("household_id")
    ).values("person_id")
    return _visible_people(user).filter(Q(pk__in=direct) | Q(pk__in=by_household), merged_into=None)
