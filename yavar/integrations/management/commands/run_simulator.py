"""`manage.py run_simulator [body ...] [--port N]`: serve outside-body simulators until Ctrl+C.

With no body named, every known simulator runs, each on the port of its configured URL, with
the configured credentials, so the app and the simulators agree without extra settings.
"""

from __future__ import annotations

import signal
import threading
from contextlib import ExitStack
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.module_loading import import_string

from yavar.integrations.simulator import SIMULATORS, Simulator, serve_in_thread


class Command(BaseCommand):
    help = "Serve simulators of outside bodies (civil registry, bank gateway, SMS) for development."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bodies", nargs="*", help=f"any of: {', '.join(sorted(SIMULATORS))}")
        parser.add_argument("--port", type=int, help="only with one body")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--quiet", action="store_true", help="do not log requests")

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Simulators are for development and tests, not production.")
        bodies: list[str] = options["bodies"] or sorted(SIMULATORS)
        unknown = set(bodies) - set(SIMULATORS)
        if unknown:
            raise CommandError(
                f"No simulator for {', '.join(sorted(unknown))}; "
                f"known: {', '.join(sorted(SIMULATORS))}"
            )
        if options["port"] and len(bodies) != 1:
            raise CommandError("--port needs exactly one body.")

        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        with ExitStack() as stack:
            for body in bodies:
                simulator_class: type[Simulator] = import_string(SIMULATORS[body])
                config = simulator_class.load_config()
                port = options["port"] or config.port
                if not port:
                    raise CommandError(f"{body}: give --port (the configured URL has none).")
                server = serve_in_thread(
                    simulator_class.from_config(config),
                    host=options["host"],
                    port=port,
                    log_requests=not options["quiet"],
                )
                try:
                    url = stack.enter_context(server)
                except OSError as error:
                    raise CommandError(
                        f"{body}: cannot listen on {options['host']}:{port} ({error.strerror})"
                    ) from error
                self.stdout.write(f"{body} simulator: {url}", ending="\n")
            self.stdout.flush()
            try:
                stop.wait()
            except KeyboardInterrupt:
                pass
