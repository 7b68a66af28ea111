"""Who is acting and from where, for the audit records of the current request or task.

Services receive `actor` explicitly; the client IP is not a business argument, so the
middleware parks it here for the duration of one request.
"""

from __future__ import annotations

from contextvars import ContextVar

client_ip: ContextVar[str | None] = ContextVar("yavar_client_ip", default=None)
