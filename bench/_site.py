"""Shared by the benchmarks: a fresh, migrated database for one run (a temporary SQLite file,
or a temporary PostgreSQL database when DATABASE_URL points at a server), set up before Django
loads, and dropped afterwards."""

from __future__ import annotations

import atexit
import os
import re
import shutil
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_database() -> str:
    """Points the settings at a new empty database; returns 'sqlite' or 'postgresql'."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        base = url.rsplit("/", 1)[0]
        name = f"yavar_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        atexit.register(drop)
        os.environ["DATABASE_URL"] = f"{base}/{name}"
        vendor = "postgresql"
    else:
        folder = tempfile.mkdtemp(prefix="yavar-bench-")
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        os.environ["YAVAR_SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
        os.environ.pop("DATABASE_URL", None)
        vendor = "sqlite"
    os.environ.setdefault("YAVAR_DEBUG", "0")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return vendor


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def write_section(title: str, body: str) -> None:
    """Replaces (or appends) the '## title' section of bench/RESULTS.md, keeping the others."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    head, *sections = re.split(r"(?m)^## ", text)
    kept = [s for s in sections if s.split("\n", 1)[0].strip() != title]
    out = head.rstrip() + "\n" + "".join("\n## " + s.rstrip() + "\n" for s in kept)
    path.write_text(out + f"\n## {title}\n{body.strip()}\n", encoding="utf-8")
