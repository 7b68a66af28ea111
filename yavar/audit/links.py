"""Events that concern a person without naming her in `person_ref`.

A bulk import writes one event per batch listing the ids it created, not one per person. An
app above this layer knows which such events belong to a person (a person row keeps its import
batch) and registers a link here, so the auditor's search by person still finds "created by
import batch N, uploaded by X, approved by Y". Audit itself stays below every app.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Q

# person reference (national code or registry id) → the other events about that person.
PersonLink = Callable[[str], Q | None]

_links: list[PersonLink] = []


def register_person_link(link: PersonLink) -> None:
    if link not in _links:
        _links.append(link)


def person_events_q(person_ref: str) -> Q:
    q = Q(person_ref=person_ref)
    for link in _links:
        extra = link(person_ref)
        if extra is not None:
            q |= extra
    return q
