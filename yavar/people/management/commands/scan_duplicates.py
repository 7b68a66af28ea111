"""Queue the country-wide duplicate scan (run nightly by the scheduler; the task worker does
the work, so the command returns at once). --now runs it here and prints the count."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yavar.people.scan import scan_duplicates
from yavar.people.tasks import scan_duplicates_task


class Command(BaseCommand):
    help = "Find likely duplicate people across the country."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["now"]:
            self.stdout.write(f"{scan_duplicates()} new candidate pair(s)")
        else:
            scan_duplicates_task.enqueue()
            self.stdout.write("duplicate scan queued")
