"""Walks the whole access matrix (roles.py): every role × every permission, at a unit where the
role may be held, must answer exactly as the matrix says, and the scope must be the subtree."""

import pytest

from tests.personas import make_user
from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.accounts.roles import ROLE_MATRIX, Role
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db

UNIT_FOR_KIND = {
    UnitKind.HQ: "HQ",
    UnitKind.PROVINCE: "P23",
    UnitKind.COUNTY: "C2301",
    UnitKind.CENTRE: "T-SH",  # safe-house roles are held at a safe house
}


def unit_for(role: Role, personas) -> OrgUnit:
    kinds = ROLE_MATRIX[role].unit_kinds
    if UnitKind.CENTRE in kinds and UnitKind.COUNTY not in kinds:
        return personas.safe_house
    kind = next(k for k in (UnitKind.HQ, UnitKind.PROVINCE, UnitKind.COUNTY) if k in kinds)
    return OrgUnit.objects.get(code=UNIT_FOR_KIND[kind])


@pytest.mark.parametrize("role", [r for r in Role if ROLE_MATRIX[r].interactive])
def test_role_holds_exactly_the_permissions_the_matrix_gives_it(role, personas):
    unit = unit_for(role, personas)
    user = make_user(f"walk-{role.value}", role, unit)
    user.is_verified = lambda: True  # the session-level second factor is tested elsewhere
    granted = ROLE_MATRIX[role].permissions
    for perm in Perm:
        assert user.has_yavar_perm(perm) == (perm in granted), (role, perm)
        if perm in granted:
            assert scope.can(user, perm, unit)
            outside = OrgUnit.objects.get(code="P10")
            assert scope.can(user, perm, outside) == (unit.kind == UnitKind.HQ), (role, perm)


def test_every_permission_is_held_by_some_role():
    held = {p for spec in ROLE_MATRIX.values() for p in spec.permissions}
    assert set(Perm) == held


def test_sensitive_roles_are_the_safe_house_finance_head_and_admin_roles():
    sensitive = {r for r, s in ROLE_MATRIX.items() if s.sensitive}
    assert {
        Role.SAFEHOUSE_MANAGER,
        Role.SAFEHOUSE_STAFF,
        Role.SAFEHOUSE_FOCAL_POINT,
        Role.FINANCE_OFFICER,
        Role.HEAD_OF_ORGANIZATION,
    } <= sensitive
    assert Role.PROVINCIAL_EXPERT not in sensitive


def test_only_safe_house_roles_reach_inside_confidential_centres():
    covering = {r for r, s in ROLE_MATRIX.items() if s.covers_confidential}
    assert covering == {
        Role.SAFEHOUSE_MANAGER,
        Role.SAFEHOUSE_STAFF,
        Role.SAFEHOUSE_FOCAL_POINT,
    }


def test_national_expert_scope_skips_safe_houses(personas):
    units = scope.units(personas.national_expert, Perm.ORGUNITS_VIEW)
    assert units.filter(code="P10").exists()
    assert units.filter(code="T-WO").exists()
    assert not units.filter(code="T-SH").exists()


def test_unverified_sensitive_user_holds_no_sensitive_permission(personas):
    staff = personas.safehouse_staff
    staff.is_verified = lambda: False
    assert not staff.has_yavar_perm(Perm.SAFEHOUSE_CASE_VIEW)
    staff.is_verified = lambda: True
    assert staff.has_yavar_perm(Perm.SAFEHOUSE_CASE_VIEW)
