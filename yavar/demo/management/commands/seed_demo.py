from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from yavar.demo.seed import DEMO_PASSWORD, seed


class Command(BaseCommand):
    help = "Load the demo data set (idempotent) and print one login per role."

    def handle(self, *args: Any, **options: Any) -> None:
        rows, insurer_secret = seed()
        out = self.stdout
        out.write("")
        out.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        out.write("-" * 78)
        out.write(f"{'username':<20} {'role':<24} {'unit':<10} TOTP secret (2FA roles)")
        for login, secret in rows:
            out.write(f"{login.username:<20} {login.role.value:<24} {login.unit_code:<10} {secret}")
        out.write("-" * 78)
        out.write("For a 2FA role, add the TOTP secret to an authenticator app, or print the")
        out.write("current code with: .venv/bin/python manage.py totp_code <username>")
        if insurer_secret:
            out.write(f"Insurer API token (shown once): {insurer_secret}")
        out.write("")
