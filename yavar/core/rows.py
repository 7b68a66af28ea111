"""One INSERT for one model instance, without `Model.save`'s machinery.

`save()` builds a query object and compiles it on every call; for the few writes that each
request on a hot path makes (a donation, its audit record, its inquiry-log row, its ledger
row) that compiling costs more than the statement itself. Here the statement is built once
per model and reused; values are converted by each field exactly as `save()` converts them
(`get_db_prep_save`), `auto_now`/`auto_now_add` fields are stamped as `save()` stamps them, and
the new primary key comes back through `RETURNING` (PostgreSQL, and SQLite since 3.35).

Not for models whose `save()` does more than insert (signals, overridden `save`): callers are
services writing append-only or freshly created rows of their own app. No model validation is
run here; a service that must `full_clean()` does so first.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections, models, router
from django.utils import timezone

M = TypeVar("M", bound=models.Model)

# (database vendor, model, on-conflict) → (statement, fields in order)
_statements: dict[tuple[str, type[models.Model], bool], tuple[str, list[models.Field]]] = {}


def _statement(
    vendor: str, quote: Any, model: type[models.Model], ignore_conflicts: bool
) -> tuple[str, list[models.Field]]:
    key = (vendor, model, ignore_conflicts)
    held = _statements.get(key)
    if held is None:
        meta = model._meta
        # Every column but those the database fills in: an auto primary key, generated columns.
        fields = [
            f
            for f in meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.fields.AutoFieldMixin))
            and not getattr(f, "generated", False)
        ]
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}){conflict} "  # noqa: S608 - names from our models
            f"RETURNING {quote(meta.pk.column)}"
        )
        held = _statements[key] = (sql, fields)
    return held


def insert_instance(obj: M, *, ignore_conflicts: bool = False) -> M | None:
    """Insert `obj` as a new row and give it its primary key. With `ignore_conflicts`, a row
    refused by a unique constraint is skipped and None returned (ON CONFLICT DO NOTHING)."""
    model = type(obj)
    connection = connections[router.db_for_write(model, instance=obj)]
    sql, fields = _statement(connection.vendor, connection.ops.quote_name, model, ignore_conflicts)
    now = None
    params = []
    for field in fields:
        if getattr(field, "auto_now", False) or (
            getattr(field, "auto_now_add", False) and getattr(obj, field.attname) is None
        ):
            now = now or timezone.now()
            setattr(obj, field.attname, now)
        params.append(field.get_db_prep_save(getattr(obj, field.attname), connection=connection))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = connection.alias
    return obj
