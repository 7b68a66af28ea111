"""Where a person record came from, for the auditor.

People created by a bulk import carry their batch (`Person.import_batch`); the batch's one
`person.import` audit event lists the ids it created, who uploaded the file and who approved
it. This link lets the auditor's search by national code or registry id find that event.
"""

from __future__ import annotations

from django.db.models import Q

from yavar.core.persian import to_ascii_digits

from .models import Person

IMPORT_ACTION = "person.import"
BATCH_OBJECT_TYPE = "imports.importbatch"


def import_events_of_person(person_ref: str) -> Q | None:
    ref = to_ascii_digits(person_ref.strip())
    if not ref.isdigit():
        return None
    match = Q(national_code=ref)
    if len(ref) < 10:  # a registry id; national codes have ten digits
        match |= Q(pk=int(ref))
    batches = {
        str(batch)
        for batch in Person.objects.filter(match, import_batch__isnull=False).values_list(
            "import_batch_id", flat=True
        )
    }
    if not batches:
        return None
    return Q(action=IMPORT_ACTION, object_type=BATCH_OBJECT_TYPE, object_id__in=sorted(batches))
