"""Fast inserts for importers: tens of thousands of rows in one transaction.

Django's bulk_create is correct but slow at this size: on SQLite it may bind at most 999
parameters per statement (35 rows of a 28-column table) and builds a model instance per row; on
100,000 people it spends ~15 s where one prepared statement run with executemany takes ~6 s
(most of it the registry's search-index trigger). On PostgreSQL, COPY is the fastest way in.

`bulk_insert` takes plain {attname: value} rows, fills every column the rows leave out from
the model's own defaults (auto_now, default=...), converts values the way the model field
would for this database, and allocates primary keys up front so the caller can reference the
new rows (an audit record per row) without reading them back. It must run inside the caller's
transaction: one failure rolls back everything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import partial
from operator import methodcaller
from typing import Any

from django.db import connections, models
from django.utils import timezone

from yavar.audit.context import client_ip
from yavar.audit.models import AuditEvent
from yavar.core.actors import actor_label, staff_user_or_none

# Field types whose Python values the drivers take as they are (no conversion needed).
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,  # covers the Big/Small/Positive variants
    models.BooleanField,
    models.ForeignKey,
)


def _converter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """How one value of this field becomes a driver value; None: as it is."""
    if isinstance(field, models.JSONField):
        dumps = partial(json.dumps, cls=field.encoder, ensure_ascii=False)
        return lambda value: None if value is None else dumps(value)
    if isinstance(field, models.DateTimeField):
        return partial(field.get_db_prep_save, connection=connection)
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    if isinstance(field, _PLAIN):
        return None
    return partial(field.get_db_prep_save, connection=connection)


def _constant(field: models.Field[Any, Any], now: Any) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    return field.get_default()


def _allocate_pks(model: type[models.Model], count: int, connection: Any) -> list[int]:
    table, pk = model._meta.db_table, str(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: this transaction holds the database's only write lock (BEGIN IMMEDIATE), so
        # nobody else can take ids meanwhile. AUTOINCREMENT never reuses an id, not even that
        # of a deleted row: start after both the highest row and the highest id ever given.
        quoted = connection.ops.quote_name(table)
        cursor.execute(
            f"SELECT MAX(m) FROM (SELECT MAX({connection.ops.quote_name(pk)}) AS m FROM {quoted}"  # noqa: S608
            " UNION ALL SELECT seq FROM sqlite_sequence WHERE name = %s)",
            [table],
        )
        start = (cursor.fetchone()[0] or 0) + 1
    return list(range(start, start + count))


def bulk_insert(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    *,
    columns: Sequence[str] | None = None,
    using: str = "default",
) -> list[int]:
    """Insert `rows` and return their pks. Rows are {attname: value} mappings, every row with
    the same keys, or, when `columns` names the attnames, sequences of values in that order
    (cheaper: no dict per row)."""
    if not rows:
        return []
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("bulk_insert must run inside transaction.atomic()")
    meta = model._meta
    if columns is None:
        given = list(rows[0].keys())  # type: ignore[union-attr]
        values: Callable[[Any], Iterable[Any]] = methodcaller("values")
    else:
        given, values = list(columns), iter
        if any(len(row) != len(given) for row in rows):
            raise ValueError("every row must have one value per column")
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    by_name = {f.attname: f for f in fields}
    unknown = set(given) - set(by_name)
    if unknown:
        raise ValueError(f"{meta.label} has no columns {sorted(unknown)}")
    if connection.vendor not in ("postgresql", "sqlite"):
        return _bulk_create(model, [dict(zip(given, values(row))) for row in rows], using)  # noqa: B905

    now = timezone.now()
    rest = [f for f in fields if f.attname not in given]
    constants = [f.get_db_prep_save(_constant(f, now), connection) for f in rest]
    for index, field in enumerate(rest):
        if isinstance(field, models.JSONField):
            constants[index] = json.dumps(
                _constant(field, now), cls=field.encoder, ensure_ascii=False
            )
    converters = [
        (i, c) for i, name in enumerate(given) if (c := _converter(by_name[name], connection))
    ]
    pks = _allocate_pks(model, len(rows), connection)

    def records() -> Iterable[list[Any]]:
        for pk, row in zip(pks, rows, strict=True):
            record = [pk, *values(row), *constants]
            for index, convert in converters:
                record[index + 1] = convert(record[index + 1])
            yield record

    quote = connection.ops.quote_name
    columns = [
        str(c)
        for c in (meta.pk.column, *(by_name[n].column for n in given), *(f.column for f in rest))
    ]
    column_list = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {quote(meta.db_table)} ({column_list}) FROM STDIN"
            # The driver's own cursor: its errors are raised as Django's (IntegrityError...)
            # only through the connection's wrapper, as every ORM query's are.
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                for record in records():
                    copy.write_row(record)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {quote(meta.db_table)} ({column_list}) VALUES ({placeholders})"  # noqa: S608
            # A generator: the driver streams the rows instead of holding them all.
            cursor.executemany(sql, records())  # type: ignore[arg-type]
    return pks


# Page cache for the length of a bulk import on SQLite, in KiB (memory taken only as used).
IMPORT_PAGE_CACHE_KIB = 128 * 1024


@contextmanager
def roomy_page_cache(*, using: str = "default") -> Iterator[None]:
    """On SQLite, a larger page cache while a bulk import writes, then the previous size.

    SQLite keeps ~2 MB of pages per connection. 100,000 new people touch every index of the
    table at random places, so pages are evicted, re-read and spilled to the WAL again and
    again: a larger cache saved ~1 s of CPU and more of wall time per 100,000 people. Memory
    only: it changes nothing about durability or locking.
    """
    connection = connections[using]
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {-IMPORT_PAGE_CACHE_KIB:d}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous:d}")


def _bulk_create(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], using: str
) -> list[int]:
    objects = model.objects.using(using).bulk_create([model(**row) for row in rows])  # type: ignore[attr-defined]
    return [obj.pk for obj in objects]


def existing_values(
    model: type[models.Model], field: str, values: Sequence[Any], *, using: str = "default"
) -> set[Any]:
    """Which of `values` the column already holds (e.g. national codes already registered):
    one indexed query per 50,000 values, passed as one array (PostgreSQL) or one JSON list
    (SQLite) instead of 50,000 bound parameters, which cost the ORM and the planner ~10 µs
    each."""
    connection = connections[using]
    column = connection.ops.quote_name(str(model._meta.get_field(field).column))  # type: ignore[union-attr]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    found: set[Any] = set()
    for start in range(0, len(values), 50_000):
        chunk = list(values[start : start + 50_000])
        if connection.vendor == "postgresql":
            sql = f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)"  # noqa: S608
            params: list[Any] = [chunk]
        elif connection.vendor == "sqlite":
            sql = (
                f"SELECT {column} FROM {table} "  # noqa: S608
                f"WHERE {column} IN (SELECT value FROM json_each(%s))"
            )
            params = [json.dumps(chunk)]
        else:
            lookup = {f"{field}__in": chunk}
            found.update(
                model._default_manager.using(using).filter(**lookup).values_list(field, flat=True)
            )
            continue
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found.update(row[0] for row in cursor.fetchall())
    return found


def audit_bulk(
    *,
    actor: Any,
    action: str,
    object_type: str,
    entries: Iterable[tuple[Any, str, str, dict[str, Any]]],
) -> int:
    """One AuditEvent per (object id, object repr, person ref, changes), inserted in bulk in the
    caller's transaction: the same record `audit_record` writes, without a query per row."""
    user, label, ip = staff_user_or_none(actor), actor_label(actor), client_ip.get()
    actor_id = user.pk if user is not None else None
    rows = [
        {
            "actor_id": actor_id,
            "actor_label": label,
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "object_repr": object_repr[:200],
            "person_ref": person_ref,
            "changes": changes,
            "ip": ip,
        }
        for object_id, object_repr, person_ref, changes in entries
    ]
    return len(bulk_insert(AuditEvent, rows))
