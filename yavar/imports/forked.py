"""Running a pure computation on the machine's other core, in a forked child process.

Checking a 100,000-row file is pure Python work on data already in memory (parsers, row rules,
search keys): one core does it all while the other waits. A forked child starts with a copy of
everything the parent has prepared (the importer, its parsers and their per-batch lookups), so
it can check half the rows and send back only its results through a pipe.

The child must not touch the database: it shares the parent's open connection, and a query
from both would corrupt it. So only work on values in memory goes there, and the child leaves
with os._exit, running no cleanup of the parent's objects (connections, files, atexit hooks).
Anything going wrong in the child (an exception, a crash, an unpicklable value) gives None, and
the caller simply does that part itself: a fork only ever saves time, it never changes results.
"""

from __future__ import annotations

import marshal
import os
import pickle
import threading
from collections.abc import Callable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Only from a single-threaded process: a fork copies just the calling thread, and a lock
    another thread held at that moment would stay locked in the child forever."""
    return hasattr(os, "fork") and threading.active_count() == 1


class ForkedWork(Generic[T]):
    """Use as a context manager: leaving it without `result()` (the parent's own part failed)
    closes the pipe, so a child blocked writing gets a broken pipe and exits, and reaps it."""

    def __init__(self, pid: int, pipe: int) -> None:
        self._pid, self._pipe = pid, pipe
        self._done = False

    def __enter__(self) -> ForkedWork[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        if not self._done:
            self._done = True
            os.close(self._pipe)
            os.waitpid(self._pid, 0)

    def result(self) -> T | None:
        """The child's result, once it is done; None if it failed."""
        if self._done:
            raise RuntimeError("the result was already taken")
        self._done = True
        with os.fdopen(self._pipe, "rb") as pipe:
            payload = pipe.read()  # until the child closes its end
        _pid, status = os.waitpid(self._pid, 0)
        if os.waitstatus_to_exitcode(status) != 0 or not payload:
            return None
        return _unpack(payload)


def start(work: Callable[[], T]) -> ForkedWork[T] | None:
    """`work()` in a child process, started now; None where forking is not possible."""
    if not can_fork():
        return None
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        status = 1
        try:
            os.close(reader)
            payload = _pack(work())
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(payload)
            status = 0
        finally:
            os._exit(status)
    os.close(writer)
    return ForkedWork(pid, reader)


def _pack(result: object) -> bytes:
    # marshal where it can (plain values: several times faster than pickle both ways), else
    # pickle. The first byte says which.
    try:
        return b"M" + marshal.dumps(result, 4)  # type: ignore[arg-type]
    except ValueError:
        return b"P" + pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)


def _unpack(payload: bytes) -> Any:
    # Our own child's bytes, through a pipe only it and we hold.
    if payload[:1] == b"M":
        return marshal.loads(payload[1:])  # noqa: S302
    return pickle.loads(payload[1:])  # noqa: S301
