"""A large file is checked half here, half in a forked child: the outcome must be the same as
checking it all in one process, and a child that fails must change nothing but the time."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest

from yavar.imports import forked, validation

from .test_checking_rows import check, codes


def mixed_rows(n: int) -> list[list[Any]]:
    """Valid rows, errors of every kind, and duplicates whose pairs straddle the two halves."""
    code = codes(n)
    rows: list[list[Any]] = [["کد ملی", "نام", "سن"]]
    for i in range(n):
        if i % 7 == 3:
            rows.append(["123", "علی", ""])  # a bad code
        elif i % 11 == 5:
            rows.append([code[i], "", ""])  # name missing
        elif i % 13 == 2:
            rows.append([code[i], "x", "1"])  # refused by the row rule
        elif i % 17 == 9:
            rows.append([code[i], "old", ""])  # a conflict with what is stored
        elif i % 19 == 4:
            rows.append([code[i - n // 2 if i >= n // 2 else i], "دو", ""])  # same code twice
        else:
            rows.append([code[i], "زهرا", str(i % 90)])
    return rows


def summary(outcome: validation.Outcome) -> tuple[Any, ...]:
    return (
        [(row.row_number, row.values) for row in outcome.staged],
        outcome.errors,
        outcome.total_rows,
        outcome.problem,
    )


@pytest.fixture
def small_forks(monkeypatch):
    monkeypatch.setattr(validation, "FORK_MIN_ROWS", 20)
    monkeypatch.setattr(forked, "can_fork", lambda: True)  # pytest's workers run threads


def test_two_processes_give_the_outcome_of_one(small_forks, monkeypatch):
    rows = mixed_rows(400)
    children: list[int] = []
    real_start = forked.start

    def counted(work):  # type: ignore[no-untyped-def]
        started = real_start(work)
        children.append(started is not None)
        return started

    monkeypatch.setattr(forked, "start", counted)
    both = check(rows)
    assert children == [True]
    monkeypatch.setattr(validation, "FORK_MIN_ROWS", 10**9)
    one = check(rows)
    assert summary(both) == summary(one)
    duplicates = [
        n for n, e in both.errors.items() if any(c == "duplicate_in_file" for _f, c, _p in e)
    ]
    assert min(duplicates) <= 201 < max(duplicates)  # pairs across the halves were found
    assert both.progress[-1] == (400, 400)  # type: ignore[attr-defined]


def test_a_child_half_with_no_valid_row(small_forks):
    rows = mixed_rows(60)
    rows[31:] = [["123", "علی", ""] for _ in rows[31:]]
    outcome = check(rows)
    assert {row.row_number for row in outcome.staged} <= set(range(2, 32))
    assert all(outcome.errors[n][0][1] == "invalid_national_code" for n in range(32, 62))


def test_a_failing_child_is_replaced_by_checking_its_half_here(small_forks, monkeypatch):
    rows = mixed_rows(100)
    monkeypatch.setattr(validation, "FORK_MIN_ROWS", 10**9)
    expected = summary(check(rows))
    monkeypatch.setattr(validation, "FORK_MIN_ROWS", 20)
    real_start = forked.start

    def child_that_dies(work):  # type: ignore[no-untyped-def]
        return real_start(lambda: os._exit(3))

    monkeypatch.setattr(forked, "start", child_that_dies)
    assert summary(check(rows)) == expected


@pytest.mark.skipif(
    not hasattr(os, "fork"),
    reason="os.fork exists only on POSIX; Yavar's servers and CI run Linux, where this runs",
)
def test_a_child_returns_its_result_or_none(monkeypatch):
    monkeypatch.setattr(forked, "can_fork", lambda: True)
    with forked.start(lambda: [1, "دو", {3: None}]) as work:
        assert work.result() == [1, "دو", {3: None}]
    with forked.start(lambda: {"day": dt.date(2026, 11, 23)}) as work:  # not marshallable
        assert work.result() == {"day": dt.date(2026, 11, 23)}
    with forked.start(lambda: 1 / 0) as work:
        assert work.result() is None
    big = "x" * 1_000_000  # more than a pipe holds: the child blocks writing until we go
    with forked.start(lambda: big) as work:
        pass  # leaving unread closes the pipe and reaps the child instead of hanging
    with pytest.raises(RuntimeError):
        work.result()


def test_no_fork_from_a_process_with_threads(monkeypatch):
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    assert forked.start(lambda: 1) is None
