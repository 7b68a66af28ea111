"""Endpoints of the platform itself: who am I, and the org units in my area."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from yavar.accounts.roles import spec
from yavar.orgunits import selectors as units
from yavar.orgunits.models import OrgUnit

from .schemas import ErrorOut, MembershipOut, MeOut, OrgUnitOut

router = Router(tags=["platform"])


def _unit_out(unit: OrgUnit) -> dict[str, Any]:
    return {
        "code": unit.code,
        "kind": unit.kind,
        "centre_type": unit.centre_type,
        "name_fa": unit.name_fa,
        "name_en": unit.name_en,
        "parent_code": unit.parent.code if unit.parent_id else None,  # type: ignore[union-attr]
    }


@router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    principal: Any = request.auth  # type: ignore[attr-defined]
    if hasattr(principal, "active_memberships"):
        grants = [(m.role, m.org_unit.code) for m in principal.active_memberships]
        kind = "user"
    else:
        grants = [(principal.role, principal.org_unit.code)] if principal.revoked_at is None else []
        kind = "token"
    perms = sorted({p for role, _unit in grants for p in spec(role).permissions})
    return {
        "username": principal.get_username(),
        "kind": kind,
        "roles": [MembershipOut(role=r, org_unit_code=u) for r, u in grants],
        "permissions": perms,
    }


@router.get("/orgunits", response=list[OrgUnitOut])
def orgunit_list(
    request: HttpRequest, kind: str | None = None, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    qs = units.unit_list(user=request.auth, kind=kind)  # type: ignore[attr-defined]
    limit = max(1, min(limit, 500))
    return [_unit_out(u) for u in qs[offset : offset + limit]]


@router.get("/orgunits/{code}", response={200: OrgUnitOut, 404: ErrorOut})
def orgunit_detail(request: HttpRequest, code: str) -> dict[str, Any]:
    return _unit_out(units.unit_get(user=request.auth, code=code))  # type: ignore[attr-defined]
