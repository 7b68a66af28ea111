from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from pydantic import ValidationError

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.errors import ApplicationError
from yavar.core.jalali import JalaliDate, jalali_season
from yavar.core.rows import insert_instance, key_text_of
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.orgunits.selectors import province_and_county

from .enums import CatalogErrorCode, SubjectType
from .models import CardVersion, ServiceCard, ServiceDelivery
from .schema import Card


@transaction.atomic
def card_save_version(
    *, actor: Any, card: ServiceCard, data: dict[str, Any], based_on: int, note: str = ""
) -> CardVersion:
    """An HQ expert's edit: a new version; every older version stays readable."""
    hq = OrgUnit.objects.get(kind=UnitKind.HQ)
    scope.require(actor, Perm.CATALOG_EDIT, hq)
    try:
        validated = Card.model_validate({**data, "service_id": card.service_id})
    except ValidationError as exc:
        fields = {".".join(str(p) for p in e["loc"]): [e["msg"]] for e in exc.errors()}
        raise ApplicationError(CatalogErrorCode.INVALID_CARD, fields=fields) from exc
    # Optimistic lock: only the editor who started from the current version may save.
    moved = ServiceCard.objects.filter(pk=card.pk, current_version=based_on).update(
        current_version=based_on + 1, title=validated.title
    )
    if moved != 1:
        raise ApplicationError(CatalogErrorCode.STALE_VERSION)
    previous = card.versions.get(number=based_on).data
    version = CardVersion.objects.create(
        card=card,
        number=based_on + 1,
        data=validated.model_dump(mode="json"),
        note=note,
        created_by=actor,
    )
    card.current_version, card.title = based_on + 1, validated.title
    changed = {k: (previous.get(k), v) for k, v in version.data.items() if previous.get(k) != v}
    audit_record(actor=actor, action="catalog.card_edit", obj=card, changes=changed)
    return version


# Service cards are never deleted, so a service ID once found stays known (per database).
_known_services: set[tuple[str, str, str]] = set()


def _service_known(service_id: str) -> bool:
    key = (connection.alias, str(connection.settings_dict["NAME"]), service_id)
    if key in _known_services:
        return True
    if not ServiceCard.objects.filter(service_id=service_id).exists():
        return False
    _known_services.add(key)
    return True


def delivery_record(
    *,
    service_id: str,
    subject_type: SubjectType,
    subject_id: Any,
    org_unit: OrgUnit,
    delivered_on: dt.date,
    kind: str,
    source: models.Model,
) -> ServiceDelivery:
    """Called by a module's service inside its own transaction. Idempotent per cause."""
    if not _service_known(service_id):
        raise ApplicationError(CatalogErrorCode.UNKNOWN_SERVICE)
    jalali = JalaliDate.from_gregorian(delivered_on)
    values = {
        "service_id": service_id,
        "subject_type": subject_type,
        "subject_id": str(subject_id),
        "subject_key": f"{subject_type}:{subject_id}",
        "org_unit": org_unit,
        "province": province_and_county(org_unit)[0],
        "delivered_on": delivered_on,
        "jalali_year": jalali.year,
        "jalali_season": jalali_season(delivered_on),
        "jalali_month": jalali.month,
        "kind": kind,
        "source_type": source._meta.label_lower,
        "source_id": key_text_of(source),
    }
    # Idempotent without a savepoint: a row already written for this cause is left as it is.
    # Held, when the caller writes its rows together, it is returned as it was held.
    row = insert_instance(ServiceDelivery(**values), ignore_conflicts=True, may_hold=True)
    if row is not None:
        return row
    return ServiceDelivery.objects.get(
        source_type=values["source_type"],
        source_id=values["source_id"],
        subject_type=subject_type,
        subject_id=str(subject_id),
        kind=kind,
    )


def delivery_withdraw(*, source: models.Model, reason: str) -> int:
    """Called by a module's service, inside its transaction, when the cause of ledger rows is
    undone (a receipt cancelled as entered in error): the rows stay, marked withdrawn, and the
    figures stop counting them. Returns how many rows were withdrawn; idempotent."""
    return ServiceDelivery.objects.filter(
        source_type=source._meta.label_lower,
        source_id=str(source.pk),
        withdrawn_at__isnull=True,
    ).update(withdrawn_at=timezone.now(), withdrawn_reason=reason[:300])
