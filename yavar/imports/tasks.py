"""Background steps of an import. Each is safe to run twice or concurrently: the services claim
the batch with a conditional status change and do nothing if someone else already has."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def validate_batch_task(batch_id: int, run: int) -> str:
    batch = services.batch_validate(batch_id=batch_id, run=run)
    return batch.status if batch is not None else "skipped"


@task()
def apply_batch_task(batch_id: int) -> str:
    batch = services.batch_apply(batch_id=batch_id)
    return batch.status if batch is not None else "skipped"
