"""`make run`: the web server and one background-task worker side by side.

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
    try:
        print(f"Yavar: http://127.0.0.1:{args.port}/  (Ctrl+C to stop)", flush=True)
        web = subprocess.run(
            [*manage, "runserver", f"127.0.0.1:{args.port}", "--noreload"], cwd=ROOT, check=False
        )
        return web.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()


if __name__ == "__main__":
    raise SystemExit(main())
