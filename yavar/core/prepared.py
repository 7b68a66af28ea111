"""Server-side prepared statements for the hot paths' fixed statements (PostgreSQL).

PostgreSQL parses, analyses and plans a statement each time it is sent as text; for a batch of
data-modifying CTEs (`rows_together`) that takes about as long as running it. A statement built
once per shape is prepared once per connection here (`PREPARE`, its `%s` marks numbered as
parameters whose types the server infers from where they go, as it infers a literal's) and
then only executed (`EXECUTE name(…)`, its values as literal arguments, quoted as before).

Django turns psycopg's prepared statements off (`prepare_threshold` None) unless the settings
ask for them, for proxies that pool transactions, where each transaction may meet another
session; this module follows the same switch, so such a deployment sends the statements whole.
A prepared statement outlives any transaction, rolled back or not, and is lost only with its
session; a new connection starts a new set. The PREPARE goes to psycopg directly, outside
Django's query log, as psycopg's own prepares do: it is the connection's, not a request's.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import DatabaseError

from .connection_state import kept_for

_MARK = re.compile(r"%%|%s")
_MISSING = "26000"  # invalid_sql_statement_name: the session holds no statement by that name
# feature_not_supported, as "cached plan must not change result type": a table the statement
# reads was altered under a running process (a migration); the statement must be made anew.
_STALE = "0A000"


@dataclass(frozen=True)
class Prepared:
    name: str
    prepare: str  # PREPARE name AS the statement, $1… where its values go
    execute: str  # EXECUTE name(%s, …): the values as arguments


@cache  # the hot paths' statements are few and fixed
def prepared_form(sql: str, kind: str) -> Prepared:
    """`sql` (its values as %s, a percent sign as %%) as a statement to prepare and the
    EXECUTE that runs it; named after its text, so one text is one statement everywhere."""
    count = 0

    def numbered(mark: re.Match[str]) -> str:
        nonlocal count
        if mark.group() == "%%":
            return "%"
        count += 1
        return f"${count}"

    body = _MARK.sub(numbered, sql)
    digest = hashlib.sha1(body.encode(), usedforsecurity=False).hexdigest()[:16]
    name = f"yavar_{kind}_{digest}"
    arguments = f"({', '.join(['%s'] * count)})" if count else ""
    return Prepared(name, f"PREPARE {name} AS {body}", f"EXECUTE {name}{arguments}")


def prepares(connection: Any) -> bool:
    """Whether statements are prepared on this (open) connection."""
    return connection.vendor == "postgresql" and connection.connection.prepare_threshold is not None


_here = threading.local()  # per thread, as Django's connections are


def _prepared_names(connection: Any) -> dict[str, bool]:
    """The names this connection holds, each with whether it must be made anew first."""
    return kept_for(_here, connection, dict)


@contextmanager
def executing(connection: Any, prepared: Prepared) -> Iterator[None]:
    """Around the EXECUTE of `prepared`: prepares it first on a connection that has not yet.
    If the session has lost it all the same (someone ran DEALLOCATE or DISCARD), what this
    connection was thought to hold is forgotten; if a table it reads has changed shape, it is
    dropped and made anew. Either way the one call fails, and the next one prepares again (a
    failed transaction can run nothing more, so no retry here)."""
    names = _prepared_names(connection)
    stale = names.get(prepared.name)
    if stale is None or stale:
        with connection.wrap_database_errors:
            if stale:
                connection.connection.execute(f"DEALLOCATE {prepared.name}")
            connection.connection.execute(prepared.prepare)
        names[prepared.name] = False
    try:
        yield
    except DatabaseError as error:
        state = getattr(error.__cause__, "sqlstate", None)
        if state == _MISSING:
            names.clear()
        elif state == _STALE and prepared.name in names:
            names[prepared.name] = True
        raise
