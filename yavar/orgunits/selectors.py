"""Reads of the org tree, always through the reader's grants (duck-typed `grants_for`)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from yavar.core.errors import ApplicationError, ErrorCode

from .enums import UnitKind
from .models import OrgUnit
from .scope import grant_covers, scope_q

VIEW = "orgunits.view"
VIEW_CONFIDENTIAL = "orgunits.view_confidential"


def unit_list(
    *, user: Any, kind: str | None = None, parent: OrgUnit | None = None, query: str = ""
) -> QuerySet[OrgUnit]:
    qs = OrgUnit.objects.filter(scope_q(user.grants_for(VIEW)), active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if query:
        qs = qs.filter(name_fa__icontains=query) | qs.filter(name_en__icontains=query)
    return qs.select_related("parent")


def public_counties(*, province_id: str) -> QuerySet[OrgUnit]:
    """The active counties of a province, for public forms that pick a province, then a
    county (the county list follows the province chosen). Counties are public knowledge."""
    if not province_id.isdigit():
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        kind=UnitKind.COUNTY, parent_id=int(province_id), active=True
    ).order_by("name_fa")


def public_province(pk: int) -> OrgUnit | None:
    """A province a public form posted: any of them, as the form lists them all."""
    return OrgUnit.objects.filter(kind=UnitKind.PROVINCE).filter(pk=pk).first()


def public_county(pk: int) -> OrgUnit | None:
    """A county a public form posted: an active one, as `public_counties` lists them."""
    return OrgUnit.objects.filter(kind=UnitKind.COUNTY).filter(active=True).filter(pk=pk).first()


def province_and_county(unit: OrgUnit) -> tuple[OrgUnit | None, OrgUnit | None]:
    """The province and the county a unit lies in (a centre counts for its county; HQ lies in
    neither). At most one query: the ancestors are named by the unit's own path."""
    if unit.kind == UnitKind.PROVINCE:
        return unit, None
    # [HQ, province, county, ...]: below HQ the province is second in line, the county third.
    paths = unit.ancestor_paths()[1:3] if unit.path else []
    if unit.kind == UnitKind.COUNTY:
        return OrgUnit.objects.filter(path=paths[0]).first() if paths else None, unit
    if not paths:
        return None, None
    found = {u.kind: u for u in OrgUnit.objects.filter(path__in=paths)}
    return found.get(UnitKind.PROVINCE), found.get(UnitKind.COUNTY)


def unit_get(*, user: Any, code: str) -> OrgUnit:
    unit = OrgUnit.objects.filter(scope_q(user.grants_for(VIEW)), code=code).first()
    if unit is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return unit


def unit_subtree(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Everything under `unit`, itself included: one range scan on the path index."""
    low, high = unit.subtree_bounds
    return OrgUnit.objects.filter(path__gte=low, path__lt=high)


def unit_address(*, user: Any, unit: OrgUnit) -> str | None:
    """A confidential unit's whereabouts only for those who work inside it."""
    if not unit.confidential:
        return unit.address
    for grant in user.grants_for(VIEW_CONFIDENTIAL):
        if grant_covers(grant, unit_path=unit.path or "", unit_id=unit.pk, confidential=True):
            return unit.address
    return None
