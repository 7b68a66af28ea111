"""The row engine, with a small importer of its own (no app above this layer is involved)."""

from __future__ import annotations

from typing import Any

import pytest

from yavar.imports import columns as col
from yavar.imports import validation
from yavar.imports.base import Importer, RowInvalid
from yavar.imports.columns import Column
from yavar.imports.enums import FileProblem
from yavar.imports.reader import Table
from yavar.imports.validation import check_table

from .helpers import national_code


class Members(Importer):
    kind = "test.members"
    title = "Members"
    permission = "people.change"
    unit_kinds = frozenset({"county"})
    columns = (
        Column("code", "Code", ("کد ملی",), col.national_code, required=True, unique=True),
        Column("name", "Name", ("نام",), col.text(20), required=True),
        Column("age", "Age", ("سن",), col.text(3)),
    )
    messages = {"too_young": "Too young."}

    def clean_row(self, values: dict[str, Any]) -> None:
        if values["age"] == "1":
            raise RowInvalid([("age", "too_young", {})])

    def find_conflicts(self, rows):  # type: ignore[no-untyped-def]
        return {
            row.row_number: [("code", "exists", {})] for row in rows if row.values["name"] == "old"
        }


def check(rows: list[list[Any]], **kwargs: Any) -> validation.Outcome:
    seen: list[tuple[int, int]] = []
    outcome = check_table(
        Members(batch=None, actor=None),
        Table(rows=rows, first_row_number=1),
        progress=lambda done, total: seen.append((done, total)),
        **kwargs,
    )
    outcome.progress = seen  # type: ignore[attr-defined]
    return outcome


def codes(n: int) -> list[str]:
    return [national_code(500_000 + i) for i in range(n)]


def test_valid_rows_are_staged_with_their_sheet_row_numbers():
    a, b = codes(2)
    outcome = check(
        [["گزارش اعضا"], ["کد ملی", "نام", "توضیح"], [a, "زهرا", "x"], [], [b, "علی", ""]]
    )
    assert outcome.problem == ""
    assert [r.row_number for r in outcome.staged] == [3, 5]
    assert outcome.staged[0].values == {"code": a, "name": "زهرا", "age": None}
    assert outcome.columns == {"code": "کد ملی", "name": "نام"}
    assert outcome.ignored == ["توضیح"]
    assert outcome.total_rows == 2


def test_each_problem_is_reported_on_its_row_and_column():
    a, b, c = codes(3)
    outcome = check(
        [
            ["کد ملی", "نام", "سن"],
            [a, "", "20"],
            ["123", "علی", "1000"],
            [b, "x", "1"],
            [c, "old", ""],
        ]
    )
    assert outcome.staged == []
    assert outcome.errors == {
        2: [("name", "required", {})],
        3: [("code", "invalid_national_code", {}), ("age", "too_long", {"limit": 3})],
        4: [("age", "too_young", {})],
        5: [("code", "exists", {})],
    }


def test_a_value_twice_in_the_file_flags_every_occurrence():
    a, b = codes(2)
    outcome = check([["کد ملی", "نام"], [a, "x"], [b, "y"], [a, "z"], [a, ""]])
    assert [r.row_number for r in outcome.staged] == [3]
    duplicate = ("code", "duplicate_in_file", {"rows": "2, 4, 5"})
    assert outcome.errors[2] == [duplicate]
    assert outcome.errors[4] == [duplicate]
    assert outcome.errors[5] == [("name", "required", {}), duplicate]


@pytest.mark.parametrize(
    ("rows", "problem"),
    [
        ([["foo", "bar"], ["1", "2"]], FileProblem.NO_HEADER),
        ([["نام", "سن"], ["x", "1"]], FileProblem.MISSING_COLUMNS),
        ([["کد ملی", "نام", "کدملی"], ["1", "2", "3"]], FileProblem.REPEATED_COLUMNS),
        ([["کد ملی", "نام"], [], [" ", ""]], FileProblem.NO_ROWS),
    ],
)
def test_a_file_level_problem_stops_the_check(rows, problem):
    outcome = check(rows)
    assert outcome.problem == problem
    assert outcome.staged == [] and outcome.errors == {}


def test_too_many_rows_are_refused_before_any_work():
    outcome = check([["کد ملی", "نام"], *([[c, "x"] for c in codes(5)])], max_rows=4)
    assert outcome.problem == FileProblem.TOO_MANY_ROWS
    assert outcome.problem_params == {"rows": 5, "limit": 4}


def test_progress_is_reported_as_rows_are_checked(monkeypatch):
    monkeypatch.setattr(validation, "PROGRESS_EVERY", 2)
    outcome = check([["کد ملی", "نام"], *([[c, "x"] for c in codes(5)])])
    assert outcome.progress == [(0, 5), (2, 5), (4, 5), (5, 5)]  # type: ignore[attr-defined]
