"""A real Yavar server for the browser tests: its own database (a temporary SQLite file, or a
fresh PostgreSQL database when DATABASE_URL points at one), migrated and seeded like `make run`,
served by a subprocess, driven by Debian's chromium through Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The running e2e site's environment, for tests that ask it something through manage.py
# (e.g. a demo user's current TOTP code).
SITE_ENV: dict[str, str] = {}


def manage_output(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=SITE_ENV,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _database_env(tmp: Path) -> tuple[dict[str, str], str | None]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return {"YAVAR_SQLITE_PATH": str(tmp / "e2e.sqlite3"), "DATABASE_URL": ""}, None
    import psycopg

    name = f"yavar_e2e_{uuid.uuid4().hex[:10]}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    return {"DATABASE_URL": f"{base}/{name}"}, name


def _drop_database(name: str) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_for_port(url: str) -> None:
    host, port = url.rsplit("//", 1)[1].split(":")
    for _ in range(100):
        try:
            socket.create_connection((host, int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the simulator at {url} did not come up")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("site")
    db_env, pg_name = _database_env(tmp)
    env = {k: v for k, v in os.environ.items() if k not in ("YAVAR_TESTING", "DATABASE_URL")}
    env.update(db_env)
    if not env.get("DATABASE_URL"):
        env.pop("DATABASE_URL")
    # The outside bodies' simulators, each on a free port of its own (two test workers may run
    # a site each), reached by the site through the same settings production uses.
    for body in ("CIVIL_REGISTRY", "BANK_GATEWAY", "SMS"):
        env[f"YAVAR_{body}_URL"] = f"http://127.0.0.1:{_free_port()}"
    SITE_ENV.clear()
    SITE_ENV.update(env)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # As `make run` does: a task worker beside the web server (imports run in the background).
    worker = subprocess.Popen(
        [*manage, "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    simulators = subprocess.Popen(
        [*manage, "run_simulator", "--quiet"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=1) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("the e2e server did not come up")
        for body in ("CIVIL_REGISTRY", "BANK_GATEWAY", "SMS"):  # the simulators too
            _wait_for_port(env[f"YAVAR_{body}_URL"])
        yield base
    finally:
        for process in (server, worker, simulators):
            process.terminate()
            process.wait(timeout=10)
        if pg_name:
            _drop_database(pg_name)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "install Debian chromium: scripts/ensure_chromium.sh"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
