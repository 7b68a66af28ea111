"""A background task queued together with the writes that call for it.

`task.enqueue()` after commit (`on_commit`) costs a statement and a commit of its own, and a
process that dies between the two commits loses the task. With the database task backend the
task's row is instead written with the caller's own rows (`rows.written_together`, or plainly
inside its transaction): both commit, or neither. It is the row `DatabaseBackend.enqueue`
writes (same id, JSON arguments, priority, path, queue, backend, "no run-after" date), so the
task worker (`manage.py db_worker`) runs it like any other. Any other backend (the tests'
immediate one) is handed the task after commit, as before.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.compat import normalize_json
from django_tasks_db.models import DBTaskResult, get_date_max

from .rows import insert_instance

_validated: set[tuple[Task[Any, Any], str]] = set()


def enqueue_with_writes(task: Task[Any, Any], *args: Any) -> None:
    backend = task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        transaction.on_commit(lambda: task.enqueue(*args))
        return
    if (task, backend.alias) not in _validated:  # what enqueue checks; the same every time
        backend.validate_task(task)
        _validated.add((task, backend.alias))
    row = DBTaskResult(
        id=backend._get_id(),  # drawn as the backend draws it
        args_kwargs=normalize_json({"args": args, "kwargs": {}}),
        priority=task.priority,
        task_path=task.module_path,
        queue_name=task.queue_name,
        run_after=task.run_after or get_date_max(),  # what the backend's pre_save signal sets
        backend_name=backend.alias,
    )
    insert_instance(row, may_hold=True)
