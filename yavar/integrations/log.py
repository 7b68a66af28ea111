"""Writing the inquiry log: `traced_inquiry` wraps one exchange and writes exactly one row when
it ends, whether it succeeded, found nothing or failed.

Transactions: the row is written on the caller's connection. Call outside bodies BEFORE opening
the transaction that records the result (a service should inquire first, then `atomic()`): a
transaction should not be held open, and on SQLite the write lock held, while a remote system
takes seconds to answer. Called that way the row commits at once and survives a failure. Called
inside a transaction, the row commits or rolls back with the caller's work, so a failure that
makes the caller roll back also removes its log row; we accept that rather than open a second
database connection per inquiry.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone

from yavar.core.rows import insert_instance

from .enums import InquiryMode, InquiryOutcome
from .errors import IntegrationError
from .models import InquiryLog

logger = logging.getLogger("yavar.integrations")


@dataclass
class InquiryTrace:
    """What one exchange did; filled in by the HTTP client and the body's client."""

    body: str
    operation: str
    mode: InquiryMode
    actor_label: str = ""
    object_ref: tuple[str, str] | None = None
    started_at: datetime = field(default_factory=timezone.now)
    fields_sent: list[str] = field(default_factory=list)
    fields_received: list[str] = field(default_factory=list)
    attempts: int = 0
    http_status: int | None = None
    outcome: InquiryOutcome | None = None
    error_code: str = ""

    def sent(self, names: Iterable[str]) -> None:
        self.fields_sent = sorted(names)

    def received(self, names: Iterable[str]) -> None:
        self.fields_received = sorted(names)


@contextmanager
def traced_inquiry(
    *,
    body: str,
    operation: str,
    mode: InquiryMode = InquiryMode.ONLINE,
    actor_label: str = "",
    object_ref: tuple[str, str] | None = None,
) -> Iterator[InquiryTrace]:
    """Yield a trace to fill in; set `trace.outcome` on success. Writes one InquiryLog row."""
    trace = InquiryTrace(
        body=body, operation=operation, mode=mode, actor_label=actor_label, object_ref=object_ref
    )
    start = time.monotonic()
    try:
        yield trace
    except IntegrationError as error:
        trace.outcome, trace.error_code = InquiryOutcome.ERROR, str(error.code)
        raise
    finally:
        if trace.outcome is None:
            # Something other than the body failed (a bug, a database error): still one row.
            trace.outcome, trace.error_code = InquiryOutcome.ERROR, "internal"
        _write(trace, duration_ms=round((time.monotonic() - start) * 1000))


def _write(trace: InquiryTrace, *, duration_ms: int) -> InquiryLog:
    object_type, object_id = trace.object_ref or ("", "")
    row = InquiryLog(
        started_at=trace.started_at,
        body=trace.body,
        operation=trace.operation,
        mode=trace.mode,
        fields_sent=trace.fields_sent,
        fields_received=trace.fields_received,
        outcome=trace.outcome or InquiryOutcome.ERROR,
        error_code=trace.error_code,
        http_status=trace.http_status,
        attempts=trace.attempts,
        duration_ms=duration_ms,
        actor_label=trace.actor_label[:150],
        object_type=object_type[:80],
        object_id=str(object_id)[:64],
    )
    # One per outside call: a plain insert, its statement built once. Held to go with the
    # caller's own writes when it writes them together, and written even if those fail.
    insert_instance(row, may_hold=True, survives=True)
    logger.info(
        "inquiry %s.%s %s outcome=%s error=%s attempts=%d %dms",
        trace.body,
        trace.operation,
        trace.mode,
        trace.outcome,
        trace.error_code or "-",
        trace.attempts,
        duration_ms,
    )
    return row
