from __future__ import annotations

from typing import Any

from django.db import transaction

from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError

from .enums import CONFIDENTIAL_CENTRE_TYPES, PARENT_KIND, OrgUnitErrorCode, UnitKind
from .models import OrgUnit
from .reference import segment


@transaction.atomic
def orgunit_create(
    *,
    actor: Any,
    kind: UnitKind,
    parent: OrgUnit,
    code: str,
    name_fa: str,
    name_en: str = "",
    centre_type: str = "",
    address: str = "",
    phone: str = "",
) -> OrgUnit:
    if PARENT_KIND.get(kind) != parent.kind:
        raise ApplicationError(OrgUnitErrorCode.WRONG_PARENT)
    if OrgUnit.objects.filter(code=code).exists():
        raise ApplicationError(OrgUnitErrorCode.DUPLICATE_CODE)
    unit = OrgUnit(
        kind=kind,
        parent=parent,
        code=code,
        name_fa=name_fa,
        name_en=name_en,
        centre_type=centre_type if kind == UnitKind.CENTRE else "",
        address=address,
        phone=phone,
        depth=parent.depth + 1,
        confidential=parent.confidential or centre_type in CONFIDENTIAL_CENTRE_TYPES,
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    # The path needs the new id, so it is written right after the insert, same transaction.
    unit.path = (parent.path or "") + segment(unit.pk)
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    # A confidential unit (a safe house) leaves no name or address in the audit trail: its name
    # can say where it is. The trail keeps that it was created, by whom and when.
    snapshot = {"kind": kind, "code": code, "name_fa": name_fa, "parent": parent.pk}
    if not unit.confidential:
        snapshot["address"] = address
    audit_record(
        actor=actor, action="orgunit.create", obj=unit, data=snapshot, redact=unit.confidential
    )
    return unit
