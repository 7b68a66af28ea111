"""Turning a user's grants into one indexed filter over the org tree.

A grant is "this permission at this unit and everything under it". Confidential units (safe
houses) are cut out of a grant's subtree unless the grant's role is one that works inside them,
or the grant sits on that very unit: a provincial expert never sees a safe house by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from .models import path_successor


@dataclass(frozen=True)
class Grant:
    unit_id: int
    unit_path: str
    covers_confidential: bool


def scope_q(grants: Iterable[Grant], prefix: str = "") -> Q:
    """Q over a model that is (prefix="") or points to (prefix="org_unit__") an OrgUnit."""
    combined: Q | None = None
    for grant in grants:
        part = Q(
            **{
                f"{prefix}path__gte": grant.unit_path,
                f"{prefix}path__lt": path_successor(grant.unit_path),
            }
        )
        if not grant.covers_confidential:
            part &= Q(**{f"{prefix}confidential": False}) | Q(**{f"{prefix}pk": grant.unit_id})
        combined = part if combined is None else combined | part
    # No grant: a condition no row meets, so callers never special-case "sees nothing".
    return combined if combined is not None else Q(pk__in=[])


def grant_covers(grant: Grant, *, unit_path: str, unit_id: int, confidential: bool) -> bool:
    inside = unit_path.startswith(grant.unit_path)
    return inside and (grant.covers_confidential or not confidential or unit_id == grant.unit_id)
