"""`make run`: the web server, one background-task worker and the outside-body simulators.

Production runs the same two processes under a process manager instead (see README)."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
    args = parser.parse_args()
    manage = [sys.executable, str(ROOT / "manage.py")]
    worker = subprocess.Popen([*manage, "db_worker", "--interval", "1"], cwd=ROOT)
    # The outside bodies' simulators (civil registry, …) on the ports the settings point at.
    simulators = subprocess.Popen([*manage, "run_simulator", "--quiet"], cwd=ROOT)
    try:
        print(f"Yavar: http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
        web = subprocess.run(
            [*manage, "runserver", f"127.0.0.1:{args.port}", "--noreload"], cwd=ROOT, check=False
        )
        return web.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        for process in (worker, simulators):
            process.send_signal(signal.SIGTERM)
        for process in (worker, simulators):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    raise SystemExit(main())
