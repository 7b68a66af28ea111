"""Per-body settings: `settings.YAVAR_INTEGRATIONS[<body>]`, merged over the body's defaults so
nothing breaks before a deployment configures it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class BodyConfig:
    body: str
    url: str
    # HTTP basic credentials; `api_key` (sent as a bearer token) wins when both are set.
    username: str = ""
    password: str = ""
    api_key: str = ""
    # Seconds for connecting and for each read (urllib applies one timeout to both).
    timeout: float = 5.0
    # Further tries after the first on refused connections, timeouts and 5xx: 2 means 3 tries.
    retries: int = 2
    # Seconds before the first retry; doubles on each later one.
    backoff: float = 0.2
    # A CA bundle for bodies whose certificates are issued by a government CA.
    ca_file: str = ""
    # An HTTP(S) proxy URL; empty means connect directly (environment proxies are ignored,
    # so what the settings say is what happens).
    proxy: str = ""
    # The merchant's terminal at a payment gateway (bank_gateway); other bodies leave it empty.
    terminal_id: str = ""

    @property
    def port(self) -> int | None:
        return urlsplit(self.url).port


_KNOWN = {f.name for f in fields(BodyConfig)} - {"body"}


def body_config(body: str, defaults: Mapping[str, Any]) -> BodyConfig:
    configured = getattr(settings, "YAVAR_INTEGRATIONS", {}).get(body, {})
    merged = {**defaults, **configured}
    unknown = set(merged) - _KNOWN
    if unknown:
        # A misspelt key ("timout") would otherwise be ignored silently.
        raise ImproperlyConfigured(
            f"YAVAR_INTEGRATIONS[{body!r}] has unknown keys: {', '.join(sorted(unknown))}"
        )
    config = BodyConfig(body=body, **merged)
    if urlsplit(config.url).scheme not in ("http", "https"):
        raise ImproperlyConfigured(f"YAVAR_INTEGRATIONS[{body!r}]['url'] must be http(s)://")
    if config.retries < 0 or config.timeout <= 0 or config.backoff < 0:
        raise ImproperlyConfigured(
            f"YAVAR_INTEGRATIONS[{body!r}]: retries and backoff must be >= 0, timeout > 0"
        )
    return config
