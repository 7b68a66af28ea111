"""What an importer is. The framework owns files, headers, progress, staging, approval and the
transaction; an importer owns its columns, its row rules and how rows are written.

An importer lives in its own app (`yavar.people.importer.PersonImporter`) and is found through
`registry.IMPORTERS` by dotted path, so this layer never imports the apps above it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from django.utils.functional import Promise

from .columns import Column, Parser
from .staging import StagedRecords, StagedRow

if TYPE_CHECKING:
    from .models import ImportBatch

# One problem with one row: (field name or "", code, params).
CellError = tuple[str, str, dict[str, Any]]


class RowInvalid(Exception):
    def __init__(self, errors: list[CellError]) -> None:
        super().__init__(errors)
        self.errors = errors


@dataclass
class ApplyResult:
    created: int
    # Rows that became impossible between check and import (someone registered the same
    # person meanwhile): they are skipped and reported, the rest is imported.
    skipped: dict[int, list[CellError]] = field(default_factory=dict)


class Importer:
    # Templates get the class itself (its title, columns): they must not try to call it.
    do_not_call_in_templates: ClassVar[bool] = True
    kind: ClassVar[str]
    title: ClassVar[str | Promise]
    permission: ClassVar[str]
    unit_kinds: ClassVar[frozenset[str]]  # where a batch of this kind may be held
    columns: ClassVar[tuple[Column, ...]]
    date_fields: ClassVar[frozenset[str]] = frozenset()  # cleaned values that are dates
    messages: ClassVar[Mapping[str, str | Promise]] = {}  # row-error codes of this importer

    def __init__(self, *, batch: ImportBatch, actor: Any) -> None:
        """`actor` is the uploader while checking and the approver while importing."""
        self.batch = batch
        self.actor = actor

    def required_fields(self) -> frozenset[str]:
        return frozenset(c.name for c in self.columns if c.required)

    def parsers(self) -> dict[str, Parser]:
        """The parser of each column; override to supply those that need per-batch data."""
        return {c.name: c.parse for c in self.columns if c.parse is not None}

    def clean_row(self, values: dict[str, Any]) -> None:
        """Rules across the columns of one row, and derived values, written into `values`.
        Raise RowInvalid to refuse the row. Called only for rows whose cells all parsed."""

    def find_conflicts(self, rows: Sequence[StagedRow]) -> dict[int, list[CellError]]:
        """Rows that clash with what is already stored, by row number (a few queries for all
        rows, never one per row)."""
        return {}

    def apply(self, rows: Sequence[StagedRow]) -> ApplyResult:
        """Write the rows. Runs inside the framework's transaction: raise to roll it all back."""
        raise NotImplementedError

    def apply_staged(self, staged: StagedRecords) -> ApplyResult:
        """What the framework calls: `apply` on the staged rows. An importer that writes many
        rows may override this to work on the stored records without a dict per row."""
        return self.apply(staged.rows())
