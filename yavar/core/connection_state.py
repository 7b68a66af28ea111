"""State kept for one thread's database connection while that connection lasts.

Django's connections are per thread, and a closed one is replaced by a new psycopg connection
object; what was learned about the old one (its quoting, the statements it holds prepared) must
not be carried over to the new one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def kept_for(store: threading.local, connection: Any, make: Callable[[], T]) -> T:
    """What `store` keeps for this thread's open `connection`, made by `make` the first time and
    again for each new underlying connection."""
    pg = connection.connection
    kept = getattr(store, connection.alias, None)
    if kept is None or kept[0] is not pg:
        kept = (pg, make())
        setattr(store, connection.alias, kept)
    state: T = kept[1]
    return state
