"""Who sees which donations and statement lines.

The account is national, so statements belong to HQ: HQ finance sees everything. A provincial
finance officer sees the donations of their province, and a statement line only through the
donation it is matched or suggested to — never an unmatched line, which could be anyone's."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from yavar.accounts import scope
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit


def hq() -> OrgUnit:
    return OrgUnit.objects.get(kind=UnitKind.HQ)


def covers_country(user: Any, perm: str) -> bool:
    return scope.can(user, perm, hq())


def donation_q(user: Any, perm: str, *, prefix: str = "") -> Q:
    """Donations the user may see; a donation without a province is national (HQ's)."""
    if covers_country(user, perm):
        return Q()
    return scope.scope_q(user, perm, prefix=f"{prefix}province__")


def line_q(user: Any, perm: str) -> Q:
    if covers_country(user, perm):
        return Q()
    return scope.scope_q(user, perm, prefix="donation__province__") | scope.scope_q(
        user, perm, prefix="suggested_donation__province__"
    )
