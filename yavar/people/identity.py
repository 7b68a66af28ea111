"""Checking a person against the civil registry (ثبت احوال) and recording the outcome."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.core.actors import actor_label
from yavar.integrations.civil_registry import IdentityStatus as RegistryStatus
from yavar.integrations.civil_registry import get_civil_registry

from .enums import IdentityStatus, IdType
from .models import Person
from .services import person_record_identity_check

STATUS_FOR = {
    RegistryStatus.MATCH: IdentityStatus.VERIFIED,
    RegistryStatus.MISMATCH: IdentityStatus.MISMATCH,
    RegistryStatus.NOT_FOUND: IdentityStatus.NOT_FOUND,
    RegistryStatus.DECEASED: IdentityStatus.MISMATCH,
}


def person_verify_identity(*, actor: Any, person: Person) -> str:
    """Asks the registry online; returns a sentence for the user. Raises if the body is down
    (nothing is recorded then: an unanswered inquiry is not a verdict)."""
    scope.require(actor, Perm.PEOPLE_CHANGE, person.org_unit)
    if person.id_type != IdType.NATIONAL_CODE or not person.national_code:
        return _("Only Iranian national codes can be checked with the civil registry.")
    result = get_civil_registry().inquire(
        national_code=person.national_code,
        birth_date=person.birth_date,
        first_name=person.first_name,
        last_name=person.last_name,
        actor_label=actor_label(actor),
        object_ref=("people.person", str(person.pk)),
    )
    status = STATUS_FOR[RegistryStatus(result.status)]
    mismatches = list(result.mismatched_fields)
    if result.status == RegistryStatus.DECEASED:
        mismatches.append("alive")
    person_record_identity_check(actor=actor, person=person, status=status, mismatches=mismatches)
    return str(IdentityStatus(status).label)
