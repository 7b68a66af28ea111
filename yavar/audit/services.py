"""Writing the trail. Call these inside the service's own transaction, so a change and its
audit record commit or roll back together."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from yavar.core.actors import actor_label, staff_user_or_none
from yavar.core.rows import insert_instance, key_text_of

from .context import client_ip
from .enums import AccessReason
from .models import AccessEvent, AuditEvent

REDACTED = "[confidential]"


def _plain(value: Any) -> Any:
    """JSON-safe form of a field value for the changes column."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _actor_fields(actor: Any) -> dict[str, Any]:
    return {"actor": staff_user_or_none(actor), "actor_label": actor_label(actor)}


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, tuple[Any, Any]] | None = None,
    data: dict[str, Any] | None = None,
    person_ref: str = "",
    redact: bool = False,
) -> AuditEvent:
    """One change. `changes` maps field → (old, new); `data` is a snapshot for creations.

    `redact`: the record is confidential (a safe-house involvement). The trail then keeps which
    fields changed, by whom and when, but no values and no person reference: an auditor outside
    the house must not learn who she is from the trail.
    """
    payload: dict[str, Any] = {}
    if changes:
        payload = {f: {"old": _plain(o), "new": _plain(n)} for f, (o, n) in changes.items()}
    if data:
        payload.update({f: {"old": None, "new": _plain(v)} for f, v in data.items()})
    if redact:
        payload = {f: {"old": REDACTED, "new": REDACTED} for f in payload}
        person_ref = ""
    event = AuditEvent(
        **_actor_fields(actor),
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        # A row written in the same batch as this record has its key filled in by the database.
        object_id=key_text_of(obj) if obj is not None else "",
        object_repr=(str(obj)[:200] if not redact else REDACTED) if obj is not None else "",
        person_ref=person_ref,
        changes=payload,
        ip=client_ip.get(),
    )
    # A plain insert: every write in the system makes one, so it is built once, not per call;
    # held to go with the change it records when the service writes them together.
    insert_instance(event, may_hold=True)
    return event


def access_record(
    *,
    actor: Any,
    obj: models.Model,
    person_ref: str = "",
    reason: str = AccessReason.ROUTINE,
    note: str = "",
) -> AccessEvent:
    """One read of a sensitive record."""
    return AccessEvent.objects.create(
        **_actor_fields(actor),
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        person_ref=person_ref,
        reason=reason,
        note=note,
        ip=client_ip.get(),
    )
