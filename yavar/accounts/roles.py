"""The access matrix: who may do what, and where. This file is the one place it is written;
the home page, navigation, scope checks and the generated access test all read it.

- `permissions`: what the role may do.
- `unit_kinds`: where a membership in the role may be held (its scope is that unit's subtree).
- `sensitive`: two-factor authentication is mandatory.
- `covers_confidential`: the role works inside confidential centres (safe houses); other roles
  never see those centres or their records, even inside their subtree.
- `interactive`: False for system clients (the insurer) that only ever use API tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.orgunits.enums import UnitKind

from .permissions import Perm

HQ, PROVINCE, COUNTY, CENTRE = UnitKind.HQ, UnitKind.PROVINCE, UnitKind.COUNTY, UnitKind.CENTRE


class Role(models.TextChoices):
    HQ_EXPERT = "hq_expert", _("National HQ expert")
    PROVINCIAL_EXPERT = "provincial_expert", _("Provincial expert")
    COUNTY_WORKER = "county_worker", _("County social worker / facilitator")
    SAFEHOUSE_MANAGER = "safehouse_manager", _("Safe-house manager")
    SAFEHOUSE_STAFF = "safehouse_staff", _("Safe-house staff")
    SAFEHOUSE_FOCAL_POINT = "safehouse_focal_point", _("Provincial safe-house focal point")
    FINANCE_OFFICER = "finance_officer", _("Finance officer")
    HEAD_OF_ORGANIZATION = "head_of_organization", _("Head of organisation")
    AUDITOR = "auditor", _("Auditor")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    INSURER = "insurer", _("Insurer (system client)")


@dataclass(frozen=True)
class RoleSpec:
    permissions: frozenset[Perm]
    unit_kinds: frozenset[str]
    sensitive: bool = False
    covers_confidential: bool = False
    interactive: bool = True


def _spec(*perms: Perm, at: tuple[str, ...], **flags: bool) -> RoleSpec:
    return RoleSpec(permissions=frozenset(perms), unit_kinds=frozenset(at), **flags)


P = Perm
ROLE_MATRIX: dict[Role, RoleSpec] = {
    Role.HQ_EXPERT: _spec(
        P.ORGUNITS_VIEW,
        P.PEOPLE_VIEW,
        P.CATALOG_EDIT,
        P.SERVICE_PLAN,
        P.SERVICE_APPROVE,
        P.REPORTS_VIEW,
        P.API_DOCS,
        P.GIVING_CAMPAIGNS,
        at=(HQ,),
    ),
    Role.PROVINCIAL_EXPERT: _spec(
        P.ORGUNITS_VIEW,
        P.PEOPLE_VIEW,
        P.PEOPLE_CHANGE,
        P.SERVICE_APPROVE,
        P.SERVICE_DELIVER,
        P.REPORTS_VIEW,
        P.GIVING_RECORD,
        P.GIVING_CAMPAIGNS,
        P.VOLUNTEERS_MANAGE,
        P.VOLUNTEERS_CLEAR,
        at=(PROVINCE,),
    ),
    Role.COUNTY_WORKER: _spec(
        P.ORGUNITS_VIEW,
        P.PEOPLE_VIEW,
        P.PEOPLE_CHANGE,
        P.SERVICE_DELIVER,
        P.GIVING_RECORD,
        P.VOLUNTEERS_MANAGE,
        at=(COUNTY, CENTRE),
    ),
    Role.SAFEHOUSE_MANAGER: _spec(
        P.ORGUNITS_VIEW,
        P.ORGUNITS_VIEW_CONFIDENTIAL,
        P.SAFEHOUSE_CASE_VIEW,
        P.SAFEHOUSE_CASE_CHANGE,
        at=(CENTRE,),
        sensitive=True,
        covers_confidential=True,
    ),
    Role.SAFEHOUSE_STAFF: _spec(
        P.ORGUNITS_VIEW,
        P.ORGUNITS_VIEW_CONFIDENTIAL,
        P.SAFEHOUSE_CASE_VIEW,
        P.SAFEHOUSE_CASE_CHANGE,
        at=(CENTRE,),
        sensitive=True,
        covers_confidential=True,
    ),
    Role.SAFEHOUSE_FOCAL_POINT: _spec(
        P.ORGUNITS_VIEW,
        P.ORGUNITS_VIEW_CONFIDENTIAL,
        P.SAFEHOUSE_CASE_VIEW,
        P.SAFEHOUSE_SUPERVISE,
        P.VOLUNTEERS_CLEAR,
        at=(PROVINCE,),
        sensitive=True,
        covers_confidential=True,
    ),
    Role.FINANCE_OFFICER: _spec(
        P.ORGUNITS_VIEW,
        P.GIVING_MANAGE,
        P.GIVING_RECORD,
        P.GIVING_ALLOCATE,
        P.REPORTS_VIEW,
        at=(HQ, PROVINCE),
        sensitive=True,
    ),
    Role.HEAD_OF_ORGANIZATION: _spec(
        P.ORGUNITS_VIEW,
        P.GIVING_AUTHORISE,
        P.REPORTS_VIEW,
        at=(HQ,),
        sensitive=True,
    ),
    Role.AUDITOR: _spec(P.AUDIT_VIEW, P.ORGUNITS_VIEW, at=(HQ,)),
    Role.SYSTEM_ADMIN: _spec(
        P.ACCOUNTS_MANAGE,
        P.ORGUNITS_VIEW,
        P.ORGUNITS_MANAGE,
        P.API_DOCS,
        at=(HQ,),
        sensitive=True,
    ),
    Role.INSURER: _spec(P.INSURANCE_EXCHANGE, at=(HQ,), interactive=False),
}


def spec(role: str) -> RoleSpec:
    return ROLE_MATRIX[Role(role)]


def roles_with(perm: str) -> frozenset[Role]:
    return frozenset(role for role, s in ROLE_MATRIX.items() if perm in s.permissions)
