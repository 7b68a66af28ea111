"""Optimistic locking: two people edit the same record, the second save is refused.

The check and the write are one UPDATE ... WHERE version = expected, so no race can slip
between reading the version and writing the row.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from .errors import ApplicationError, ErrorCode

Changes = dict[str, tuple[Any, Any]]


def model_update(*, instance: models.Model, data: dict[str, Any], expected_version: int) -> Changes:
    """Apply `data` to `instance` if nobody saved it since `expected_version`.

    Returns the changed fields as {field: (old, new)} so the calling service can audit them.
    Raises ApplicationError(CONCURRENT_EDIT) and leaves the row untouched otherwise.
    """
    changes: Changes = {}
    for field, value in data.items():
        old = getattr(instance, field)
        if old != value:
            changes[field] = (old, value)
            setattr(instance, field, value)
    instance.full_clean()
    if not changes:
        if getattr(instance, "version") != expected_version:  # noqa: B009 - typed as Model
            raise ApplicationError(ErrorCode.CONCURRENT_EDIT)
        return changes
    values = {field: getattr(instance, field) for field in changes}
    if any(f.name == "updated_at" for f in instance._meta.concrete_fields):
        from django.utils import timezone

        values["updated_at"] = timezone.now()
    manager = type(instance)._default_manager
    written = manager.filter(pk=instance.pk, version=expected_version).update(
        version=F("version") + 1, **values
    )
    if written != 1:
        raise ApplicationError(ErrorCode.CONCURRENT_EDIT)
    instance.version = expected_version + 1  # type: ignore[attr-defined]
    return changes
