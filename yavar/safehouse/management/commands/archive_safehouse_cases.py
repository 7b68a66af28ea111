"""Retention, run daily by the scheduler: closed cases older than
YAVAR_SAFEHOUSE_ARCHIVE_AFTER_DAYS leave the working lists. Purging is never automatic."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yavar.safehouse.services import archive_closed_cases


class Command(BaseCommand):
    help = "Archive closed safe-house cases past the retention period."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"archived {archive_closed_cases()} case(s)")
