"""Two or more app servers compared in one run: the donation spike's donors and bare view
against each, in short rounds taken in turn, on one database and one pair of simulators.

On this shared machine a round's rate swings by up to 2x from one minute to the next, so a
change (a worker count, a checkout with a candidate fix) is judged only against the other
servers measured beside it, never against an earlier run. Each server is `name=W:T` (gunicorn
workers and threads) or `name=W:T:DIR`: a checkout of Yavar (its own `.venv` if it has one)
served from DIR, on the schema this checkout migrates, so its migrations must match ours.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python bench/ab_servers.py --server now=2:8 --server wider=3:5 \
        [--server fix=2:8:/work/candidate] --clients 64 --duration 5 --rounds 6

It prints and writes nothing else; bench/donation_spike.py is what RESULTS.md records.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import donation_spike as spike
from _site import ROOT, fresh_database

KINDS = ("donations", "bare insert")


@dataclass(frozen=True)
class Server:
    name: str
    workers: int
    threads: int
    folder: Path


def parse_server(text: str) -> Server:
    name, _, spec = text.partition("=")
    parts = spec.split(":", 2)
    if not name or len(parts) < 2 or not all(p.isdigit() for p in parts[:2]):
        raise argparse.ArgumentTypeError(f"{text!r}: expected name=WORKERS:THREADS[:DIR]")
    folder = Path(parts[2]).resolve() if len(parts) == 3 else ROOT
    return Server(name, int(parts[0]), int(parts[1]), folder)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", type=parse_server, action="append", required=True)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per round")
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("ab_servers.py needs PostgreSQL: set DATABASE_URL (see --help).")
    bank_port, sms_port = spike.free_port(), spike.free_port()
    bodies = spike.bodies_env(bank_port, sms_port)
    os.environ.update(bodies)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.spike_settings"
    os.environ["YAVAR_LOG_LEVEL"] = "WARNING"
    fresh_database()
    cause_id, campaign_id = spike.seed()
    database_url = os.environ["DATABASE_URL"]
    database = urlsplit(database_url).path.lstrip("/")
    folder = Path(tempfile.mkdtemp(prefix="yavar-ab-"))
    base = spike.Stack(0, bank_port, sms_port, database_url)
    loads: dict[str, dict[str, Callable[[int, spike.Window, spike.Tally], None]]] = {}
    roots: dict[str, dict[str, int]] = {}
    with ExitStack() as running:
        sims = running.enter_context(spike.simulators(base, bodies, folder / "simulators.log"))
        for server in args.server:
            port = spike.free_port()
            stack = spike.Stack(port, bank_port, sms_port, database_url, base.secret_key)
            env = {**stack.app_env(bodies, 600), "PYTHONPATH": str(server.folder)}
            app = running.enter_context(
                spike.process(
                    spike.gunicorn_argv(
                        port, workers=server.workers, threads=server.threads, folder=server.folder
                    ),
                    env,
                    folder / f"{server.name}.log",
                )
            )
            spike.wait_until_up(f"http://127.0.0.1:{port}/healthz?probe")
            shop = spike.Shop(port, bank_port, cause_id, campaign_id, 0.05, 0.05)
            loads[server.name] = {
                "donations": spike.donors(shop),
                "bare insert": spike.bare_inserts(port),
            }
            roots[server.name] = {"app server": app.pid, "simulators": sims.pid}
            spike.run_clients(args.clients, 0.5, 2.0, loads[server.name]["donations"])  # warm
        parts: dict[tuple[str, str], list[spike.Phase]] = {
            (s.name, k): [] for s in args.server for k in KINDS
        }
        for turn in range(args.rounds):
            # Every other round in reverse, so no server always follows the same one.
            order = args.server if turn % 2 == 0 else args.server[::-1]
            for server in order:
                for kind in KINDS:
                    parts[(server.name, kind)].append(
                        spike.measured(
                            kind,
                            args.clients,
                            args,
                            loads[server.name][kind],
                            roots[server.name],
                            database,
                            quiet=True,
                        )
                    )
    print(f"{args.clients} donors, {args.rounds} rounds of {args.duration:g} s per server and kind")
    for server in args.server:
        rates = {}
        for kind in KINDS:
            phase = spike.merged(parts[(server.name, kind)])
            rates[kind] = phase.rate
            per = max(phase.tally.finished, 1)
            rounds = ", ".join(f"{p.rate:,.0f}" for p in parts[(server.name, kind)])
            print(
                f"  {server.name} {kind}: {phase.rate:,.1f}/s (rounds: {rounds}); CPU ms per "
                f"unit: machine {1000 * phase.machine / per:.2f}, app "
                f"{1000 * phase.cpu['app server'] / per:.2f}; errors {dict(phase.tally.errors)}"
            )
        share = rates["donations"] / rates["bare insert"] if rates["bare insert"] else 0.0
        print(f"  {server.name}: donations are {share:.1%} of the bare view")


if __name__ == "__main__":
    sys.exit(main())
