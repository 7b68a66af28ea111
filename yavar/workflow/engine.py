"""A small state-machine engine. A module declares its process as data:

    CASE_FLOW = Workflow(
        name="safehouse.case", status_field="status", org_unit=lambda case: case.org_unit,
        transitions=[
            Transition("admit", source=("assessed",), target="admitted",
                       permission="safehouse.case_change", guard=has_free_bed),
        ],
    )

and moves a record with `move(CASE_FLOW, obj, "admit", actor=user)`. The engine knows no
domain: it checks the step exists from the current status, the actor holds the permission at
the record's unit, and the guard; then writes the status, a status-log row and an audit record
in one transaction. Anything else refuses with a typed ApplicationError and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction

from yavar.accounts import scope
from yavar.audit.services import audit_record
from yavar.core.actors import actor_label, staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode

from .models import StatusLog

Guard = Callable[[Any, Any], str | None]  # (obj, actor) -> None if fine, else a reason


@dataclass(frozen=True)
class Transition:
    name: str
    source: Sequence[str]
    target: str
    permission: str
    guard: Guard | None = None
    label: Any = ""


@dataclass(frozen=True)
class Workflow:
    name: str
    transitions: Sequence[Transition]
    org_unit: Callable[[Any], Any]
    status_field: str = "status"
    _by_name: dict[str, Transition] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        names = [t.name for t in self.transitions]
        if len(names) != len(set(names)):
            raise ValueError(f"workflow {self.name}: duplicate transition names")
        self._by_name.update({t.name: t for t in self.transitions})

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION) from None

    def available(self, obj: Any, actor: Any) -> list[Transition]:
        """Steps this actor could take now (guards aside): for buttons in the UI."""
        status = getattr(obj, self.status_field)
        unit = self.org_unit(obj)
        return [
            t
            for t in self.transitions
            if status in t.source and scope.can(actor, t.permission, unit)
        ]


def move(
    workflow: Workflow, obj: models.Model, transition_name: str, *, actor: Any, note: str = ""
) -> StatusLog:
    step = workflow.transition(transition_name)
    with transaction.atomic():
        # Lock the row and re-read the status, so two racing moves cannot both pass.
        locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        current = getattr(locked, workflow.status_field)
        if current not in step.source:
            raise ApplicationError(
                ErrorCode.ILLEGAL_TRANSITION, extra={"from": current, "step": step.name}
            )
        if not scope.can(actor, step.permission, workflow.org_unit(locked)):
            raise ApplicationError(ErrorCode.PERMISSION_DENIED)
        if step.guard is not None:
            reason = step.guard(locked, actor)
            if reason:
                raise ApplicationError(ErrorCode.GUARD_FAILED, reason)
        type(obj)._default_manager.filter(pk=obj.pk).update(**{workflow.status_field: step.target})
        setattr(obj, workflow.status_field, step.target)
        log = StatusLog.objects.create(
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            workflow=workflow.name,
            transition=step.name,
            from_status=current,
            to_status=step.target,
            actor=staff_user_or_none(actor),
            actor_label=actor_label(actor),
            note=note,
        )
        audit_record(
            actor=actor,
            action=f"{workflow.name}.{step.name}",
            obj=obj,
            changes={workflow.status_field: (current, step.target)},
        )
    return log


def history(obj: models.Model) -> models.QuerySet[StatusLog]:
    return StatusLog.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
