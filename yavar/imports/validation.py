"""Checking every row of a file: find the header, parse each cell, apply the importer's row
rules, find duplicates inside the file and against what is stored.

Pure work on data in memory: no writes. The service around it reports progress, stores the
errors and the staged rows, and decides the batch's status.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import forked, staging
from .base import CellError, Importer, RowInvalid
from .columns import CellInvalid, Column, header_key
from .enums import FileProblem
from .reader import Table
from .staging import StagedRow

HEADER_SCAN_ROWS = 10  # a title or a note may sit above the header row
PROGRESS_EVERY = 5000
MAX_ROWS = 200_000
DUPLICATE_ROWS_SHOWN = 5

Progress = Callable[[int, int], None]  # (rows checked, total rows)


@dataclass
class Outcome:
    total_rows: int = 0
    staged: list[StagedRow] = field(default_factory=list)
    errors: dict[int, list[CellError]] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # field → header as in the file
    ignored: list[str] = field(default_factory=list)
    problem: str = ""
    problem_params: dict[str, Any] = field(default_factory=dict)


def _blank(value: Any) -> bool:
    return value is None or (value.__class__ is str and not value.strip())


def _has_content(row: list[Any]) -> bool:
    # Called for every row of the file: a plain loop that stops at the first filled cell.
    for cell in row:
        if cell is not None and (cell.__class__ is not str or cell.strip()):
            return True
    return False


def find_header(
    rows: list[list[Any]], columns: tuple[Column, ...]
) -> tuple[int, dict[int, Column], list[str]] | None:
    """(row index, {cell index: column}, unmatched headers) of the likeliest header row."""
    by_key = {key: column for column in columns for key in column.keys}
    best: tuple[int, dict[int, Column], list[str]] | None = None
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matched: dict[int, Column] = {}
        ignored: list[str] = []
        for position, cell in enumerate(row):
            if _blank(cell):
                continue
            column = by_key.get(header_key(cell))
            if column is None:
                ignored.append(str(cell).strip())
            else:
                matched[position] = column
        if matched and (best is None or len(matched) > len(best[1])):
            best = (index, matched, ignored)
    return best


def check_table(
    importer: Importer, table: Table, *, progress: Progress, max_rows: int = MAX_ROWS
) -> Outcome:
    outcome = Outcome()
    found = find_header(table.rows, importer.columns)
    if found is None:
        outcome.problem = FileProblem.NO_HEADER
        return outcome
    header_index, matched, outcome.ignored = found
    names = [column.name for column in matched.values()]
    repeated = sorted({name for name in names if names.count(name) > 1})
    header_row = table.rows[header_index]
    outcome.columns = {c.name: str(header_row[i]).strip() for i, c in matched.items()}
    if repeated:
        outcome.problem = FileProblem.REPEATED_COLUMNS
        outcome.problem_params = {"fields": repeated}
        return outcome
    missing = [c.name for c in importer.columns if c.name in importer.required_fields()]
    missing = [name for name in missing if name not in outcome.columns]
    if missing:
        outcome.problem = FileProblem.MISSING_COLUMNS
        outcome.problem_params = {"fields": missing}
        return outcome

    first = table.first_row_number + header_index + 1
    data = [
        (first + offset, row)
        for offset, row in enumerate(table.rows[header_index + 1 :])
        if _has_content(row)
    ]
    outcome.total_rows = len(data)
    if not data:
        outcome.problem = FileProblem.NO_ROWS
        return outcome
    if len(data) > max_rows:
        outcome.problem = FileProblem.TOO_MANY_ROWS
        outcome.problem_params = {"rows": len(data), "limit": max_rows}
        return outcome
    progress(0, len(data))
    _check_rows(importer, data, matched, outcome, progress)
    return outcome


# Below this many rows a second process costs more than it saves (fork, sending the results).
FORK_MIN_ROWS = 20_000
# The child's share of the rows: less than half, because it also packs its results and sends
# them through a pipe (~60% on top of checking them), so both finish at about the same time.
CHILD_SHARE = 0.42

# What checking some rows gives: the clean rows, the errors by row number, and each unique
# column's values with the rows they appeared in (to find duplicates across all the rows).
Checked = tuple[list[StagedRow], dict[int, list[CellError]], dict[str, dict[Any, list[int]]]]


def _check_rows(
    importer: Importer,
    data: list[tuple[int, list[Any]]],
    matched: dict[int, Column],
    outcome: Outcome,
    progress: Progress,
) -> None:
    parsers = importer.parsers()  # may query the database: before any fork
    required = importer.required_fields()
    bound = [
        (position, column.name, parsers[column.name], column.name in required)
        for position, column in matched.items()
        if column.name in parsers
    ]
    unique = [c.name for c in importer.columns if c.unique and c.name in outcome.columns]
    total = len(data)

    def check(part: list[tuple[int, list[Any]]], report: Callable[[int], None] | None) -> Checked:
        return _check_part(importer, part, bound, unique, report)

    # A large file: the last rows are checked in a child process on the other core while this
    # one checks the first (imports/forked.py). Progress counts these as all of them.
    child = None
    if total >= FORK_MIN_ROWS:
        split = total - int(total * CHILD_SHARE)
        child = forked.start(lambda: _packed(check(data[split:], None), importer))
    if child is None:
        staged, errors, seen = check(data, lambda done: progress(done, total))
    else:
        with child:
            staged, errors, seen = check(
                data[:split], lambda done: progress(min(done * total // split, total - 1), total)
            )
            packed = child.result()
        rest = None if packed is None else _unpacked(packed)
        if rest is None:  # the child failed: check its rows here, as if it never forked
            rest = check(data[split:], lambda done: progress(split + done, total))
        staged += rest[0]
        errors.update(rest[1])
        for name, occurrences in rest[2].items():
            mine = seen[name]
            for value, rows in occurrences.items():
                mine.setdefault(value, []).extend(rows)

    for name, occurrences in seen.items():
        for rows in occurrences.values():
            if len(rows) > 1:
                shown = ", ".join(str(r) for r in rows[:DUPLICATE_ROWS_SHOWN])
                if len(rows) > DUPLICATE_ROWS_SHOWN:
                    shown += ", …"
                for row_number in rows:
                    errors.setdefault(row_number, []).append(
                        (name, "duplicate_in_file", {"rows": shown})
                    )
    candidates = [row for row in staged if row.row_number not in errors]
    for row_number, problems in importer.find_conflicts(candidates).items():
        errors.setdefault(row_number, []).extend(problems)
    outcome.errors = errors
    outcome.staged = [row for row in staged if row.row_number not in errors]
    progress(total, total)


def _packed(checked: Checked, importer: Importer) -> tuple[bytes, Any, Any]:
    """A child's results as they travel: the clean rows in the staging format (plain values,
    no dict per row: ~1 s less than pickling 50,000 rows both ways), the rest as it is."""
    staged, errors, seen = checked
    if not staged:
        return b"", errors, seen
    fields = list(staged[0].values)
    return staging.encode(staged, fields=fields, dates=importer.date_fields), errors, seen


def _unpacked(packed: tuple[bytes, Any, Any]) -> Checked:
    blob, errors, seen = packed
    return (staging.decode(blob).rows() if blob else []), errors, seen


def _check_part(
    importer: Importer,
    data: list[tuple[int, list[Any]]],
    bound: list[tuple[int, str, Callable[[Any], Any], bool]],
    unique: list[str],
    report: Callable[[int], None] | None,
) -> Checked:
    """Parse and check `data`'s rows: pure work on memory, safe to run in a forked child."""
    template: dict[str, Any] = dict.fromkeys(c.name for c in importer.columns)
    seen: dict[str, dict[Any, list[int]]] = {name: {} for name in unique}
    staged: list[StagedRow] = []
    errors: dict[int, list[CellError]] = {}
    clean_row = importer.clean_row

    # The hot loop: 100,000 rows × a dozen cells. Keep it flat.
    for count, (row_number, row) in enumerate(data, 1):
        values = template.copy()
        problems: list[CellError] = []
        width = len(row)
        for position, name, parse, is_required in bound:
            raw = row[position] if position < width else None
            if raw is None or raw == "" or (raw.__class__ is str and not raw.strip()):
                if is_required:
                    problems.append((name, "required", {}))
                continue
            try:
                values[name] = parse(raw)
            except CellInvalid as error:
                problems.append((name, error.code, error.params))
        for name in unique:
            value = values[name]
            if value is not None:
                seen[name].setdefault(value, []).append(row_number)
        if not problems:
            try:
                clean_row(values)
            except RowInvalid as error:
                problems = error.errors
        if problems:
            errors[row_number] = problems
        else:
            staged.append(StagedRow(row_number, values))
        if report is not None and count % PROGRESS_EVERY == 0:
            report(count)
    return staged, errors, seen
