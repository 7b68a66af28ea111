"""Pausing Python's cyclic garbage collector while a batch is checked or imported.

A 100,000-row check or import creates millions of small objects (cells, rows, dicts) that
live until the step ends. Each allocation burst triggers collections that walk every tracked
object again, ~2 s of CPU per 100,000 rows measured (a quarter of the whole import). Nothing
here builds reference cycles that must be reclaimed mid-step; plain reference counting still
frees everything as usual, and the collector resumes (and catches up) when the step ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
