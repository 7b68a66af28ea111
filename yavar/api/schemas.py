from __future__ import annotations

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class OrgUnitOut(Schema):
    code: str
    kind: str
    centre_type: str
    name_fa: str
    name_en: str
    parent_code: str | None


class MembershipOut(Schema):
    role: str
    org_unit_code: str


class MeOut(Schema):
    username: str
    kind: str  # "user" or "token"
    roles: list[MembershipOut]
    permissions: list[str]
