"""The country-wide duplicate scan: groups that share (birth date, last name) or (father's name,
last name), compared pairwise by name similarity. Runs as a background task."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from django.db.models import Count

from yavar.core.persian import search_key

from .duplicates import SIMILARITY, similarity
from .models import DuplicateCandidate, Person

GROUPINGS = (("birth_date", "last_key"), ("father_key", "last_key"))
MAX_GROUP = 200  # a huge group means a common name, not a duplicate; pairwise would explode


def _groups(fields: tuple[str, str]) -> Iterator[dict[str, object]]:
    active = Person.objects.filter(merged_into=None).exclude(**{fields[0]: None})
    if fields[0] == "father_key":
        active = active.exclude(father_key="")
    yield from (
        active.values(*fields)
        .annotate(n=Count("pk"))
        .filter(n__gt=1, n__lte=MAX_GROUP)
        .values(*fields)
        .order_by()
    )


def scan_duplicates() -> int:
    """Records new candidate pairs; returns how many were added."""
    added = 0
    for fields in GROUPINGS:
        for group in _groups(fields):
            people = list(
                Person.objects.filter(merged_into=None, **group).only(
                    "pk", "first_name", "last_key"
                )
            )
            for a, b in combinations(sorted(people, key=lambda p: p.pk), 2):
                score = similarity(
                    search_key(a.first_name) + a.last_key, search_key(b.first_name) + b.last_key
                )
                if score < SIMILARITY:
                    continue
                _, created = DuplicateCandidate.objects.get_or_create(
                    first=a, second=b, defaults={"score": round(score, 3), "reason": fields[0]}
                )
                added += int(created)
    return added
