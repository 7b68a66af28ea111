"""A volunteer's status as a state machine: applied → identity checked → accepted (active) or
rejected; an active volunteer may be suspended and reinstated; anyone may withdraw."""

from __future__ import annotations

from typing import Any

from yavar.accounts.permissions import Perm
from yavar.workflow.engine import Transition, Workflow

from .enums import IdentityOutcome, VolunteerErrorCode
from .enums import VolunteerStatus as S


def _identity_clear(volunteer: Any, actor: Any) -> Any:
    return None if volunteer.identity_clear else VolunteerErrorCode.IDENTITY_NOT_CLEAR.label


def _identity_asked(volunteer: Any, actor: Any) -> Any:
    if volunteer.identity_status == IdentityOutcome.NOT_CHECKED:
        return VolunteerErrorCode.IDENTITY_NOT_CLEAR.label
    return None


MANAGE = Perm.VOLUNTEERS_MANAGE
VOLUNTEER_FLOW = Workflow(
    name="volunteering.volunteer",
    org_unit=lambda volunteer: volunteer.org_unit,
    transitions=[
        Transition("check_identity", (S.APPLIED,), S.IDENTITY_CHECKED, MANAGE, _identity_asked),
        Transition("accept", (S.IDENTITY_CHECKED,), S.ACTIVE, MANAGE, _identity_clear),
        Transition("reject", (S.APPLIED, S.IDENTITY_CHECKED), S.REJECTED, MANAGE),
        Transition("suspend", (S.ACTIVE,), S.SUSPENDED, MANAGE),
        Transition("reinstate", (S.SUSPENDED,), S.ACTIVE, MANAGE, _identity_clear),
        Transition(
            "withdraw",
            (S.APPLIED, S.IDENTITY_CHECKED, S.ACTIVE, S.SUSPENDED),
            S.WITHDRAWN,
            MANAGE,
        ),
    ],
)
