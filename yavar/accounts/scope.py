"""The one place that answers "may this principal do P, and where?".

A principal is a staff user or an API token; both expose `grants_for(perm)`. Selectors in
every app filter through `scope_q` and fetch single records through `get_in_scope`, so a record
outside the reader's area answers 404, exactly as if it did not exist.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.scope import grant_covers
from yavar.orgunits.scope import scope_q as _units_q

M = TypeVar("M", bound=models.Model)


def scope_q(principal: Any, perm: str, *, prefix: str = "org_unit__") -> Q:
    """A filter for rows whose org unit (reached through `prefix`) the principal covers."""
    return _units_q(principal.grants_for(perm), prefix)


def units(principal: Any, perm: str) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(_units_q(principal.grants_for(perm)))


def can(principal: Any, perm: str, unit: OrgUnit) -> bool:
    return any(
        grant_covers(g, unit_path=unit.path or "", unit_id=unit.pk, confidential=unit.confidential)
        for g in principal.grants_for(perm)
    )


def require(principal: Any, perm: str, unit: OrgUnit) -> None:
    """For writes: acting outside one's scope is refused like reading it, with a 404."""
    if not can(principal, perm, unit):
        raise ApplicationError(ErrorCode.NOT_FOUND)


def get_in_scope(
    principal: Any, perm: str, queryset: QuerySet[M], *, prefix: str = "org_unit__", **lookup: Any
) -> M:
    obj = queryset.filter(scope_q(principal, perm, prefix=prefix), **lookup).first()
    if obj is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return obj
