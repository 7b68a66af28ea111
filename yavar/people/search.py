"""Name and father's-name substring search on the normalised keys, using the database's own
index for it: pg_trgm GIN on PostgreSQL, the FTS5 trigram table on SQLite."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from yavar.core.persian import search_key, to_ascii_digits
from yavar.core.validators import normalize_mobile
from yavar.imports.bulk import bulk_insert

from .models import Person

MIN_TRIGRAM = 3  # shorter patterns cannot use a trigram index; they still work, just scan
# SQLite's FTS5 index and the trigger that fills it (migration 0002).
FTS_TABLE = "people_person_fts"
FTS_INSERT_TRIGGER = "people_person_fts_ai"
_INDEX_RANGE = (
    f"INSERT INTO {FTS_TABLE} (rowid, name_key, father_key) "  # noqa: S608
    "SELECT id, name_key, father_key FROM people_person WHERE id BETWEEN %s AND %s"
)


def _key_contains(column: str, key: str) -> Q:
    if connection.vendor == "sqlite" and len(key) >= MIN_TRIGRAM:
        # FTS5 uses its trigram index for LIKE only without an ESCAPE clause, so the LIKE
        # wildcards are dropped from the key instead of escaped (names never contain them).
        pattern = "%" + key.replace("%", "").replace("_", "") + "%"
        # `column` is one of our two key names, never user input; the pattern is a parameter.
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {column} LIKE %s"  # noqa: S608
        return Q(pk__in=RawSQL(sql, [pattern]))  # noqa: S611
    return Q(**{f"{column}__contains": key})


def search(qs: QuerySet[Person], *, text: str = "", father: str = "") -> QuerySet[Person]:
    """`text` may be a national code, a mobile number or (part of) a name."""
    text = text.strip()
    if text:
        digits = to_ascii_digits(text).replace(" ", "").replace("-", "")
        if digits.isdigit() and len(digits) == 10:
            qs = qs.filter(national_code=digits)
        elif digits.isdigit() or digits.startswith("+"):
            try:
                qs = qs.filter(mobile=normalize_mobile(digits))
            except ValidationError:  # a partial number is not a mobile: try it as an ID prefix
                qs = qs.filter(Q(national_code__startswith=digits) | Q(foreign_id=digits))
        else:
            qs = qs.filter(_key_contains("name_key", search_key(text)))
    if father.strip():
        qs = qs.filter(_key_contains("father_key", search_key(father)))
    return qs


def bulk_insert_people(
    records: Sequence[Mapping[str, Any]] | Sequence[Sequence[Any]],
    *,
    columns: Sequence[str] | None = None,
) -> list[int]:
    """Insert many people (rows as `imports.bulk.bulk_insert` takes them, inside the caller's
    transaction) with their search index filled, and return their ids.

    On SQLite the FTS5 index is kept by a per-row trigger, and FTS5 flushes its pending terms
    at every statement: 100,000 one-row inserts leave 100,000 tiny index segments to merge
    (~9 s, against ~0.4 s to index the same rows in one INSERT … SELECT). So for the length of
    the insert the trigger is set aside and the new rows are indexed in one statement. This is
    safe because SQLite has a single writer: the transaction holds the write lock from BEGIN
    IMMEDIATE, so nobody else can insert a person while the trigger is away, and the DDL
    commits or rolls back together with the rows (a savepoint puts the trigger back if anything
    here fails). The trigger is re-created from its own stored SQL, exactly as it was.
    """
    if connection.vendor != "sqlite" or not records:
        return bulk_insert(Person, records, columns=columns)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = %s",
            [FTS_INSERT_TRIGGER],
        )
        found = cursor.fetchone()
        if found is None:  # never silently leave people out of search
            raise RuntimeError(f"the search-index trigger {FTS_INSERT_TRIGGER} is missing")
        cursor.execute(f"DROP TRIGGER {FTS_INSERT_TRIGGER}")
        pks = bulk_insert(Person, records, columns=columns)
        if pks[-1] - pks[0] + 1 != len(pks):  # bulk_insert hands out one range on SQLite
            raise RuntimeError("bulk_insert returned ids that are not one range")
        cursor.execute(_INDEX_RANGE, [pks[0], pks[-1]])
        cursor.execute(found[0])
    return pks
