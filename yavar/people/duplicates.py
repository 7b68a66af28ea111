"""Who might already be this person: same last name and (birth date or father's name), with a
first name close enough, or same birth date and father's name with a close full name."""

from __future__ import annotations

import datetime as dt
from difflib import SequenceMatcher

from django.db.models import Q, QuerySet

from yavar.core.persian import search_key

from .models import Person

SIMILARITY = 0.75


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b).ratio() if a and b else 0.0


def candidates_q(*, last_key: str, father_key: str, birth_date: dt.date | None) -> Q:
    q = Q(pk__in=[])
    if birth_date:
        q |= Q(birth_date=birth_date, last_key=last_key)
    if father_key:
        q |= Q(father_key=father_key, last_key=last_key)
    if birth_date and father_key:
        q |= Q(birth_date=birth_date, father_key=father_key)
    return q


def likely_duplicates(
    base: QuerySet[Person],
    *,
    first_name: str,
    last_name: str,
    father_name: str,
    birth_date: dt.date | None,
    exclude_pk: int | None = None,
) -> list[Person]:
    first, last, father = search_key(first_name), search_key(last_name), search_key(father_name)
    qs = base.filter(
        candidates_q(last_key=last, father_key=father, birth_date=birth_date), merged_into=None
    )
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    found = []
    for person in qs[:50]:
        if similarity(first + last, search_key(person.first_name) + person.last_key) >= SIMILARITY:
            found.append(person)
    return found
