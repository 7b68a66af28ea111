"""The card's three process titles as a state machine: (1) arrival and request recorded,
interview and assessment; (2) admission, or self-care training, or referral elsewhere;
(3) specialised services, discharge and follow-up."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from yavar.accounts.permissions import Perm
from yavar.workflow.engine import Transition, Workflow

from .enums import CaseStatus as S
from .enums import Decision, SafehouseErrorCode
from .models import Intake


def _decided(expected: str) -> Callable[[Any, Any], Any]:
    def guard(case: Any, actor: Any) -> Any:
        if not case.decision:
            return SafehouseErrorCode.NO_DECISION.label
        return None if case.decision == expected else SafehouseErrorCode.WRONG_DECISION.label

    return guard


def _has_intake(case: Any, actor: Any) -> Any:
    return (
        None
        if Intake.objects.filter(case=case).exists()
        else _("Record the intake interview first.")
    )


CHANGE = Perm.SAFEHOUSE_CASE_CHANGE
CASE_FLOW = Workflow(
    name="safehouse.case",
    org_unit=lambda case: case.org_unit,
    transitions=[
        Transition("assess", (S.OPEN,), S.ASSESSED, CHANGE, guard=_has_intake),
        Transition("admit", (S.ASSESSED,), S.ADMITTED, CHANGE, guard=_decided(Decision.ADMIT)),
        Transition(
            "start_self_care",
            (S.ASSESSED,),
            S.SELF_CARE,
            CHANGE,
            guard=_decided(Decision.SELF_CARE),
        ),
        Transition(
            "refer_out", (S.ASSESSED,), S.REFERRED_OUT, CHANGE, guard=_decided(Decision.REFER)
        ),
        Transition("discharge", (S.ADMITTED,), S.DISCHARGED, CHANGE),
        Transition("close", (S.DISCHARGED, S.SELF_CARE, S.REFERRED_OUT), S.CLOSED, CHANGE),
    ],
)
