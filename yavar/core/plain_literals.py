"""SQL literals for the plain values of a batch's rows, written without the ORM's preparation.

A payment's batch (rows_together) carries about a hundred values. Each went through its field's
`get_db_prep_save` (1-9 µs: checks and conversions that change nothing for a text, a number, a
flag, a key, a day or a UTC time already of the field's own type) and then psycopg's quoting.
The same holds for a JSON value of JSON's own types (written as `json.dumps` writes it, as
Django's JSONField without an encoder hands it to psycopg), a UUID and an IPv4 address. For
exactly those, of Django's own field classes (never a subclass, which may change its values on
the way, as an encrypted field would), the literal is written here, as PostgreSQL reads it
with standard_conforming_strings on (the default since 9.1; checked per connection by the
caller). Anything else answers None and takes the ORM's and psycopg's path.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import models

Literal = Callable[[object], bytes | None]

_TEXT_FIELDS = {models.CharField, models.TextField, models.SlugField}
_INTEGER_FIELDS = {
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
}
_INTEGER_KEYS = {models.AutoField, models.BigAutoField, models.SmallAutoField, *_INTEGER_FIELDS}


def literal_for(field: models.Field) -> Literal | None:
    """How `field`'s values become literals here, or None: always the ORM's path."""
    kind = type(field)
    if kind in _TEXT_FIELDS:
        return _text
    if kind in _INTEGER_FIELDS:
        return _integer
    if kind is models.BooleanField:
        return _flag
    if kind in (models.ForeignKey, models.OneToOneField):
        target = field.target_field  # type: ignore[attr-defined]
        return _integer if type(target) in _INTEGER_KEYS else None
    if kind is models.DateField:
        return _day
    if kind is models.DateTimeField and settings.USE_TZ:
        return _utc_time
    if kind is models.JSONField and field.encoder is None:  # type: ignore[attr-defined]
        return _json
    if kind is models.UUIDField:
        return _uuid
    if kind is models.GenericIPAddressField:
        return _ipv4
    return None


def plain_value(value: object) -> bytes | None:
    """A statement's own parameter (a guard's) by its Python type, or None: psycopg's path."""
    kind = type(value)
    if kind is str:
        return _text(value)
    if kind is int:
        return _integer(value)
    if kind is bool:
        return _flag(value)
    return b"NULL" if value is None else None


def _text(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    if type(value) is not str or "\x00" in value:  # NUL: psycopg's refusal is the clear one
        return None
    return b"'" + value.replace("'", "''").encode() + b"'"


def _integer(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    return str(value).encode() if type(value) is int else None


def _flag(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    if type(value) is not bool:
        return None
    return b"true" if value else b"false"


def _day(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    return b"'" + value.isoformat().encode() + b"'::date" if type(value) is dt.date else None


def _utc_time(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    if type(value) is not dt.datetime or value.tzinfo is not dt.UTC:
        return None
    return b"'" + value.isoformat(" ").encode() + b"'::timestamptz"


_JSON_TYPES = (dict, list, str, int, float, bool)


def _json(value: object) -> bytes | None:
    if value is None:
        return b"NULL"  # as the ORM saves None: SQL NULL, not JSON null
    if type(value) not in _JSON_TYPES:
        return None  # an expression, or a type only an encoder knows
    try:
        text = json.dumps(value)  # ASCII only: no NUL, no encoding to think of
    except (TypeError, ValueError):
        return None  # the ORM's path says what is wrong with it
    return b"'" + text.replace("'", "''").encode() + b"'::jsonb"


def _uuid(value: object) -> bytes | None:
    if value is None:
        return b"NULL"
    return b"'" + str(value).encode() + b"'::uuid" if type(value) is uuid.UUID else None


def _ipv4(value: object) -> bytes | None:
    if value is None or value == "":
        return b"NULL"  # as the ORM saves an empty address
    if type(value) is not str or ":" in value or "\x00" in value:
        return None  # IPv6 is normalised by the field first: the ORM's path
    return b"'" + value.replace("'", "''").encode() + b"'::inet"
