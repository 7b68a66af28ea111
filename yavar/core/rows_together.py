"""A request's closing writes as one statement.

Inside `written_together()`, the inserts that allow it (`rows.insert_instance(...,
may_hold=True)`) are held and written at the end of the block together: on PostgreSQL as one
statement of data-modifying CTEs (one round trip and, outside a transaction, one commit, all
or nothing); elsewhere one insert after another inside one transaction. A held row may name
the key of a row held before it (`rows.key_of`), which the database fills in.

A batch may have one guard: an UPDATE that may match no row (`guard`: a payment claiming its
bank reference), or a SELECT that may find none (`guard_condition`: the facts a new donation
was built on, still true). The rows held after it are written only if it matches; on
PostgreSQL it is part of the batch's one statement, elsewhere it runs at once. Either way its
outcome is known when the block ends (`Guard.matched`), and the caller acts on it then.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from django.db import DatabaseError, connections, models, transaction
from psycopg.adapt import Transformer

from .connection_state import kept_for
from .plain_literals import Literal, literal_for, plain_value
from .prepared import Prepared, executing, prepared_form, prepares
from .rows import (
    Guard,
    _Batch,
    _batch,
    _Held,
    _insert_fields,
    _written,
    insert_instance,
)

logger = logging.getLogger(__name__)


@contextmanager
def written_together(using: str = "default", *, isolated: bool = False) -> Iterator[None]:
    """Hold the inserts made inside (those that allow it) and write them as one at the end.
    Inside a batch already open, simply joins it.

    `isolated`: a batch that fails leaves a transaction around it usable (a savepoint), for a
    caller that catches the error and goes on (a clashing tracking code drawn again); such a
    batch is written at its own end even inside another one, so its error surfaces there.
    A surviving row must not name a row that does not survive."""
    if _batch.get() is not None and not isolated:
        yield
        return
    batch = _Batch(using, [])
    token = _batch.set(batch)
    try:
        yield
    except BaseException:
        _batch.reset(token)
        _write_survivors(batch)
        raise
    _batch.reset(token)
    try:
        _flush(batch, isolated=isolated)
    except DatabaseError:
        _write_survivors(batch)
        raise


def guard(sql: str, params: Sequence[Any]) -> Guard:
    """Make `sql` (an UPDATE, without RETURNING) the open batch's guard: the rows held from now
    on are written only if it matches a row. Its outcome is known when the batch is written."""
    return _open_guard(Guard(sql, list(params)))


def guard_condition(sql: str, params: Sequence[Any]) -> Guard:
    """Make `sql` (a SELECT, of one row when what it checks holds and of none otherwise) the
    open batch's guard: the rows held from now on are written only if it finds its row, as
    the database stands when they are written."""
    return _open_guard(Guard(sql, list(params), condition=True))


def _open_guard(made: Guard) -> Guard:
    batch = _batch.get()
    if batch is None or batch.guard is not None:
        raise ValueError("a guard needs an open batch, and a batch has one guard at most")
    batch.guard = made
    connection = connections[batch.alias]
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:  # no CTE to carry it: run it now
            cursor.execute(made.sql, made.params)
            made.matched = cursor.fetchone() is not None if made.condition else cursor.rowcount > 0
    return made


def _write_survivors(batch: _Batch) -> None:
    survivors = [held for held in batch.rows if held.survives]
    if not survivors:
        return
    try:
        _flush(_Batch(batch.alias, survivors), isolated=True)
    except DatabaseError:
        # The transaction around the batch failed and is rolled back, so nothing of it stays:
        # the first error is the one the caller gets.
        logger.warning("rows held to outlive a failed batch were rolled back with it")


def _flush(batch: _Batch, *, isolated: bool) -> None:
    connection = connections[batch.alias]
    together = connection.vendor == "postgresql" and (
        len(batch.rows) > 1 or batch.guard is not None
    )
    if not batch.rows and not together:
        return
    if (together or len(batch.rows) == 1) and not (isolated and connection.in_atomic_block):
        _write(connection, batch, together)  # a single statement is all or nothing by itself
        return
    with transaction.atomic(using=batch.alias, savepoint=isolated):  # joins one around it
        _write(connection, batch, together)


def _write(connection: Any, batch: _Batch, together: bool) -> None:
    if not together:
        for held in batch.rows:
            _resolve_keys(held)
            insert_instance(held.obj, ignore_conflicts=held.ignore_conflicts)
        return
    with connection.cursor() as cursor:
        sql, prepared = _together_statement(connection, batch)
        with nullcontext() if prepared is None else executing(connection, prepared):
            cursor.execute(sql)
        answer = cursor.fetchone()
    keys = answer
    if batch.guard is not None:
        batch.guard.matched, keys = bool(answer[0]), answer[1:]
    for held, pk in zip(batch.rows, keys, strict=True):
        if pk is not None:  # None: skipped on a conflict or a missed guard
            _written(held.obj, pk, connection.alias)
        _resolve_keys(held)


_ENCODING = "utf-8"  # Django's PostgreSQL connections are UTF8 (client_encoding)
_quoting = threading.local()  # Django's connections are per thread, and so is this


def _literals_of(connection: Any) -> tuple[Callable[[Any], bytes], bool]:
    """The quoting of this thread's connection, kept while the connection lasts (a Transformer
    learns each type's dumper once, where a new one, as each psycopg cursor makes, asks again),
    and whether the connection reads plain literals as `plain_literals` writes them (asked
    each time: a session may change it)."""
    quote = kept_for(_quoting, connection, lambda: Transformer(connection.connection).as_literal)
    plain_ok = connection.connection.info.parameter_status("standard_conforming_strings") == "on"
    return quote, plain_ok


def _resolve_keys(held: _Held) -> None:
    for field, row in held.refs:
        setattr(held.obj, field.attname, field.to_python(row.pk))


# (database vendor, guard, shape of the rows) → the statement as a template for its values
# written in, the same statement prepared once per connection and executed with its values as
# arguments, the fields whose values fill it and how each field's plain values are written
# (plain_literals); a row's shape is its model, its on-conflict, whether the guard governs it,
# and which of its fields name an earlier row's key (by that row's place in the batch).
_Fields = list[list[models.Field]]


@dataclass(frozen=True)
class _Built:
    literal: bytes
    prepared: Prepared
    execute: bytes
    fields: _Fields
    plain: list[list[Literal | None]]


_together: dict[tuple[Any, ...], _Built] = {}


def _together_statement(connection: Any, batch: _Batch) -> tuple[str, Prepared | None]:
    """The batch's one statement, its values written in as literals, and the prepared
    statement it executes, if the connection keeps them (psycopg's `prepare_threshold` not
    None; without, the statement itself is sent whole). psycopg parses a statement's
    placeholders again on every call when it has more than 50 (its parse cache stops there),
    and a payment's batch has over 60; ours is built once per shape and filled by bytes
    formatting, which reads its `%s` and `%%` as psycopg would. A plain value is written by
    `plain_literals`; any other is prepared by its field and quoted by psycopg as its
    client-side cursor (the one Django uses) quotes every parameter."""
    places = {id(held.obj): i for i, held in enumerate(batch.rows)}
    shape = []
    for held in batch.rows:
        refs = tuple((field.attname, places[id(row)]) for field, row in held.refs)
        shape.append((type(held.obj), held.ignore_conflicts, held.guarded, refs))
    guard_sql = None
    if batch.guard is not None:
        guard_sql = batch.guard.sql if batch.guard.condition else f"{batch.guard.sql} RETURNING 1"
    key = (connection.vendor, guard_sql, tuple(shape))
    built = _together.get(key)
    if built is None:
        sql, fields = _build_together(connection, guard_sql, shape)
        plain = [[literal_for(field) for field in row] for row in fields]
        prepared = prepared_form(sql, "together")
        built = _together[key] = _Built(
            sql.encode(_ENCODING), prepared, prepared.execute.encode(), fields, plain
        )
    quote, plain_ok = _literals_of(connection)

    def quoted(value: Any) -> bytes:
        return b"NULL" if value is None else quote(value)

    values = []
    for value in batch.guard.params if batch.guard is not None else ():
        written = plain_value(value) if plain_ok else None
        values.append(quoted(value) if written is None else written)
    for held, row_fields, literals in zip(batch.rows, built.fields, built.plain, strict=True):
        obj = held.obj
        for field, literal in zip(row_fields, literals, strict=True):
            value = getattr(obj, field.attname)
            written = literal(value) if literal is not None and plain_ok else None
            if written is None:
                written = quoted(field.get_db_prep_save(value, connection=connection))
            values.append(written)
    if not prepares(connection):
        return (built.literal % tuple(values)).decode(_ENCODING), None
    # As text, like every statement logged.
    return (built.execute % tuple(values)).decode(_ENCODING), built.prepared


def _build_together(
    connection: Any, guard_sql: str | None, shape: list[Any]
) -> tuple[str, list[list[models.Field]]]:
    quote = connection.ops.quote_name
    parts, value_fields, answers = [], [], []
    if guard_sql is not None:
        parts.append(f"g AS ({guard_sql})")
        answers.append("EXISTS (SELECT 1 FROM g)")
    for i, (model, ignore_conflicts, guarded, refs) in enumerate(shape):
        named = dict(refs)
        fields = _insert_fields(model)
        marks = []
        for field in fields:
            if field.attname in named:
                pk_column = quote(shape[named[field.attname]][0]._meta.pk.column)
                source = f"(SELECT {pk_column} FROM w{named[field.attname]})"  # noqa: S608 - our own names
                marks.append(f"CAST({source} AS {field.db_type(connection)})")
            else:
                marks.append("%s")
        value_fields.append([f for f in fields if f.attname not in named])
        rows = (
            f"SELECT {', '.join(marks)} WHERE EXISTS (SELECT 1 FROM g)"  # noqa: S608 - placeholders
            if guarded
            else f"VALUES ({', '.join(marks)})"
        )
        conflict = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
        pk = quote(model._meta.pk.column)
        parts.append(
            f"w{i} AS (INSERT INTO {quote(model._meta.db_table)} "
            f"({', '.join(quote(f.column) for f in fields)}) {rows}{conflict} RETURNING {pk})"
        )
        answers.append(f"(SELECT {pk} FROM w{i})")  # noqa: S608 - our own names
    return f"WITH {', '.join(parts)} SELECT {', '.join(answers)}", value_fields
