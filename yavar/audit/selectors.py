from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from yavar.core.errors import ApplicationError, ErrorCode

from .links import person_events_q
from .models import AccessEvent, AuditEvent

AUDIT_VIEW = "audit.view"


@dataclass(frozen=True)
class TrailFilter:
    person: str = ""
    object_type: str = ""
    object_id: str = ""
    actor: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None  # inclusive


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _apply(qs: QuerySet[Any], flt: TrailFilter, *, linked: bool = False) -> QuerySet[Any]:
    if flt.person:
        qs = qs.filter(person_events_q(flt.person) if linked else Q(person_ref=flt.person))
    if flt.object_type:
        qs = qs.filter(object_type=flt.object_type)
    if flt.object_id:
        qs = qs.filter(object_id=flt.object_id)
    if flt.actor:
        qs = qs.filter(actor_label=flt.actor)
    if flt.date_from:
        qs = qs.filter(at__gte=_day_start(flt.date_from))
    if flt.date_to:
        qs = qs.filter(at__lt=_day_start(flt.date_to + dt.timedelta(days=1)))
    return qs


def _require_auditor(user: Any) -> None:
    if not user.has_yavar_perm(AUDIT_VIEW):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)


def audit_event_list(*, user: Any, flt: TrailFilter) -> QuerySet[AuditEvent]:
    """The audit trail is national: whoever may read it reads all of it."""
    _require_auditor(user)
    return _apply(AuditEvent.objects.all(), flt, linked=True)


def access_event_list(*, user: Any, flt: TrailFilter) -> QuerySet[AccessEvent]:
    _require_auditor(user)
    return _apply(AccessEvent.objects.all(), flt)
