from __future__ import annotations

from django_tasks import task

from .scan import scan_duplicates


@task()
def scan_duplicates_task() -> int:
    return scan_duplicates()
