"""Name and father's-name substring search on the normalised keys, using the database's own
index for it: pg_trgm GIN on PostgreSQL, the FTS5 trigram table on SQLite."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from yavar.core.persian import search_key, to_ascii_digits
from yavar.core.validators import normalize_mobile

from .models import Person

MIN_TRIGRAM = 3  # shorter patterns cannot use a trigram index; they still work, just scan


def _key_contains(column: str, key: str) -> Q:
    if connection.vendor == "sqlite" and len(key) >= MIN_TRIGRAM:
        # FTS5 uses its trigram index for LIKE only without an ESCAPE clause, so the LIKE
        # wildcards are dropped from the key instead of escaped (names never contain them).
        pattern = "%" + key.replace("%", "").replace("_", "") + "%"
        # `column` is one of our two key names, never user input; the pattern is a parameter.
        sql = f"SELECT rowid FROM people_person_fts WHERE {column} LIKE %s"  # noqa: S608
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
