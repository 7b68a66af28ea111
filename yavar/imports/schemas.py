from __future__ import annotations

import datetime as dt

from ninja import Schema


class BatchOut(Schema):
    id: int
    kind: str
    org_unit_code: str
    file_name: str
    status: str
    status_label: str
    # Bumped by each new check; send it back when approving to approve what you reviewed.
    run: int
    total_rows: int
    processed_rows: int
    valid_rows: int
    error_rows: int
    applied_rows: int
    file_problem: str
    uploaded_by: str
    created_at: dt.datetime
    validated_at: dt.datetime | None
    approved_by: str | None
    approved_at: dt.datetime | None
    applied_at: dt.datetime | None


class ProblemOut(Schema):
    column: str
    field: str
    code: str
    message: str


class RowErrorOut(Schema):
    row: int
    errors: list[ProblemOut]


class ApproveIn(Schema):
    expected_run: int | None = None


class RejectIn(Schema):
    reason: str = ""
