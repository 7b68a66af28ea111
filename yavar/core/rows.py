"""Plain statements for the hot paths, without the ORM's per-call machinery.

`save()` and a queryset build a query object and compile it on every call; for the few rows
each request on a hot path reads or writes (a donation, its audit record, its inquiry-log row,
its ledger row) that compiling costs more than the statement itself. Here each statement is
built once per model and reused. Values are converted by each field exactly as the ORM converts
them (`get_db_prep_save` on the way in, the fields' database converters on the way out);
`auto_now`/`auto_now_add` fields are stamped as `save()` stamps them, and a new primary key
comes back through `RETURNING` (PostgreSQL, and SQLite since 3.35).

`rows_together.written_together()` goes further for the writes that end a request: the
inserts made inside it that allow it (`may_hold`) are held, and written at the end of the
block as one statement. The held rows and the keys they name (`key_of`) live here, where
`insert_instance` holds them.

Not for models whose `save()` does more than insert (signals, overridden `save`): callers are
services writing append-only or freshly created rows of their own app. No model validation is
run here; a service that must `full_clean()` does so first.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import connections, models, router
from django.utils import timezone

from .prepared import executing, prepared_form, prepares

M = TypeVar("M", bound=models.Model)

logger = logging.getLogger(__name__)

# (database vendor, model, on-conflict) → (statement, fields in order)
_statements: dict[tuple[str, type[models.Model], bool], tuple[str, list[models.Field]]] = {}


@cache
def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    # Every column but those the database fills in: an auto primary key, generated columns.
    return [
        f
        for f in model._meta.concrete_fields
        if not (f.primary_key and isinstance(f, models.fields.AutoFieldMixin))
        and not getattr(f, "generated", False)
    ]


def _statement(
    vendor: str, quote: Any, model: type[models.Model], ignore_conflicts: bool
) -> tuple[str, list[models.Field]]:
    key = (vendor, model, ignore_conflicts)
    held = _statements.get(key)
    if held is None:
        meta = model._meta
        fields = _insert_fields(model)
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({marks}){conflict} "  # noqa: S608 - names from our models
            f"RETURNING {quote(meta.pk.column)}"
        )
        held = _statements[key] = (sql, fields)
    return held


def _stamp(obj: models.Model, fields: Sequence[models.Field]) -> None:
    now = None
    for field in fields:
        if getattr(field, "auto_now", False) or (
            getattr(field, "auto_now_add", False) and getattr(obj, field.attname) is None
        ):
            now = now or timezone.now()
            setattr(obj, field.attname, now)


def _written(obj: M, pk: Any, alias: str) -> M:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = alias
    return obj


def insert_instance(
    obj: M, *, ignore_conflicts: bool = False, may_hold: bool = False, survives: bool = False
) -> M | None:
    """Insert `obj` as a new row and give it its primary key. With `ignore_conflicts`, a row
    refused by a unique constraint is skipped and None returned (ON CONFLICT DO NOTHING).

    `may_hold`: inside `written_together()` the row is held and written with the others at the
    end of the block (`obj` is returned at once, its key filled in then). `survives`: a held
    row that is written even if the block fails (a record of an outside call that did
    happen), unless a transaction around the block is rolled back anyway."""
    model = type(obj)
    alias = router.db_for_write(model, instance=obj)
    batch = _batch.get()
    if may_hold and batch is not None and batch.alias == alias:
        _stamp(obj, _insert_fields(model))
        if batch.guard is not None and batch.guard.matched is False:
            return obj  # its guard has already missed: it is not to be written
        refs = tuple(
            (field, value.row)
            for field in _insert_fields(model)
            if isinstance(value := getattr(obj, field.attname), KeyOf)
        )
        batch.rows.append(_Held(obj, ignore_conflicts, survives, batch.guard is not None, refs))
        return obj
    connection = connections[alias]
    sql, fields = _statement(connection.vendor, connection.ops.quote_name, model, ignore_conflicts)
    _stamp(obj, fields)
    params = [_prepared(obj, field, connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return _written(obj, row[0], alias)


def _prepared(obj: models.Model, field: models.Field, connection: Any) -> Any:
    value = getattr(obj, field.attname)
    if isinstance(value, KeyOf):
        raise ValueError(f"{field.attname} names a row that is only written with its batch")
    return field.get_db_prep_save(value, connection=connection)


# --- reads -------------------------------------------------------------------------------------

# (database vendor, model, condition, lock) → (statement, attribute names, converters per column)
_reads: dict[tuple[str, type[models.Model], str, bool], tuple[str, list[str], list[list[Any]]]] = {}


def _column_converters(
    connection: Any, table: str, fields: Sequence[models.Field]
) -> list[list[Any]]:
    # Per column, the backend's converters and then the field's own, as the ORM applies them.
    converters = []
    for field in fields:
        col = field.get_col(table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append([(c, col) for c in found])
    return converters


def _converted(values: list[Any], converters: list[list[Any]], connection: Any) -> list[Any]:
    for i, column_converters in enumerate(converters):
        for convert, col in column_converters:
            values[i] = convert(values[i], col, connection)
    return values


def fetch_instance(
    model: type[M], where: str, params: Sequence[Any], *, for_update: bool = False, using: str = ""
) -> M | None:
    """The one row of `model` matching `where` (SQL over its own columns, `%s` for `params`),
    as a model instance, or None. `for_update` locks it until the transaction ends (where the
    database can)."""
    alias = using or router.db_for_read(model)
    connection = connections[alias]
    key = (connection.vendor, model, where, for_update)
    held = _reads.get(key)
    if held is None:
        meta, quote = model._meta, connection.ops.quote_name
        fields = list(meta.concrete_fields)
        columns = ", ".join(quote(str(f.column)) for f in fields)
        lock = " FOR UPDATE" if for_update and connection.features.has_select_for_update else ""
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {where}{lock}"  # noqa: S608 - our own tables and conditions
        converters = _column_converters(connection, meta.db_table, fields)
        held = _reads[key] = (sql, [f.attname for f in fields], converters)
    sql, attnames, converters = held
    row = _one_row(connection, sql, params)
    if row is None:
        return None
    return model.from_db(alias, attnames, _converted(list(row), converters, connection))


def fetch_instances(
    *wanted: tuple[type[models.Model], str, Sequence[Any]], using: str = "default"
) -> tuple[Any, ...]:
    """Several single rows in one statement: for each (model, condition, params) the one row
    matching it, or None. Each condition names its table's columns as `{t}.column`."""
    connection = connections[using]
    key = (connection.vendor, tuple((model, where) for model, where, _ in wanted))
    held = _pair_reads.get(key)
    if held is None:
        held = _pair_reads[key] = _build_fetch_instances(connection, wanted)
    sql, layouts = held
    row = _one_row(connection, sql, [p for _, _, model_params in wanted for p in model_params])
    found: list[Any] = []
    start = 0
    for (model, _, _), (attnames, converters) in zip(wanted, layouts, strict=True):
        values = list(row[start : start + len(attnames)])
        start += len(attnames)
        if values[attnames.index(model._meta.pk.attname)] is None:
            found.append(None)  # no such row (a primary key is never null)
            continue
        found.append(model.from_db(using, attnames, _converted(values, converters, connection)))
    return tuple(found)


def _one_row(connection: Any, sql: str, params: Sequence[Any]) -> Any:
    """The first row `sql` answers; a statement prepared once per connection where
    statements are prepared (core.prepared), its parameters quoted into the EXECUTE."""
    with connection.cursor() as cursor:  # opens the connection, which `prepares` asks about
        if not prepares(connection):
            cursor.execute(sql, list(params))
            return cursor.fetchone()
        prepared = prepared_form(sql, "read")
        with executing(connection, prepared):
            cursor.execute(prepared.execute, list(params))
        return cursor.fetchone()


_pair_reads: dict[tuple[Any, ...], tuple[str, list[tuple[list[str], list[list[Any]]]]]] = {}


def _build_fetch_instances(
    connection: Any, wanted: Sequence[tuple[type[models.Model], str, Sequence[Any]]]
) -> tuple[str, list[tuple[list[str], list[list[Any]]]]]:
    quote = connection.ops.quote_name
    columns, joins, layouts = [], [], []
    for i, (model, where, _) in enumerate(wanted):
        meta, alias = model._meta, f"t{i}"
        fields = list(meta.concrete_fields)
        columns += [f"{alias}.{quote(str(f.column))}" for f in fields]
        joins.append(f"LEFT JOIN {quote(meta.db_table)} {alias} ON {where.format(t=alias)}")
        converters = _column_converters(connection, meta.db_table, fields)
        layouts.append(([f.attname for f in fields], converters))
    # One row always: each table joins a single-row base, so a missing row comes back as NULLs.
    sql = f"SELECT {', '.join(columns)} FROM (SELECT 1 AS one) base {' '.join(joins)}"  # noqa: S608 - our own tables and conditions
    return sql, layouts


# --- written together --------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyOf:
    """A field value meaning: the primary key of `row`, held earlier in the same batch."""

    row: models.Model


@dataclass
class Guard:
    """A statement the rows held after it depend on: an UPDATE that may match no row, or a
    SELECT that may find none (`condition`); whether it matched is known once its batch is
    written (rows_together.guard, rows_together.guard_condition)."""

    sql: str
    params: list[Any]
    matched: bool | None = None
    condition: bool = False


@dataclass
class _Held:
    obj: models.Model
    ignore_conflicts: bool
    survives: bool
    guarded: bool = False  # held after the batch's guard: written only if it matches
    # The fields naming an earlier held row's key (KeyOf), with that row: noted when the row is
    # held, so a flush need not look through every field again.
    refs: tuple[tuple[models.Field, models.Model], ...] = ()


@dataclass
class _Batch:
    alias: str
    rows: list[_Held]
    guard: Guard | None = None


_batch: ContextVar[_Batch | None] = ContextVar("yavar_rows_batch", default=None)


def key_of(obj: models.Model) -> Any:
    """`obj`'s primary key if it has one, else a `KeyOf` it, if it is held in the open batch."""
    if obj.pk is not None:
        return obj.pk
    batch = _batch.get()
    if batch is not None and batch.guard is not None and batch.guard.matched is False:
        # Its guard has already missed (run at once, off PostgreSQL): neither `obj` nor the
        # row naming it, held after the same guard, is to be written.
        return KeyOf(obj)
    if batch is None or not any(held.obj is obj for held in batch.rows):
        raise ValueError("the row has no key yet and is not held to be written with this one")
    return KeyOf(obj)


def key_text_of(obj: models.Model) -> Any:
    """As `key_of`, for a text column that names rows of any model (audit, ledger)."""
    key = key_of(obj)
    return key if isinstance(key, KeyOf) else str(key)
