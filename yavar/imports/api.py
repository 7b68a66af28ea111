"""The import API: upload, follow the check, read the row errors, approve or reject.
Mounted under /api/v1/imports; refusals are ApplicationErrors, mapped by yavar.api."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.http import HttpRequest
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from yavar.orgunits.selectors import unit_get

from . import selectors, services
from .models import ImportBatch
from .schemas import ApproveIn, BatchOut, RejectIn, RowErrorOut

router = Router(tags=["imports"])


def _username(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def _out(batch: ImportBatch) -> dict[str, Any]:
    return {
        "id": batch.pk,
        "kind": batch.kind,
        "org_unit_code": batch.org_unit.code,
        "file_name": batch.original_name,
        "status": batch.status,
        "status_label": str(batch.get_status_display()),
        "run": batch.run,
        "total_rows": batch.total_rows,
        "processed_rows": batch.processed_rows,
        "valid_rows": batch.valid_rows,
        "error_rows": batch.error_rows,
        "applied_rows": batch.applied_rows,
        "file_problem": selectors.file_problem_message(batch),
        "uploaded_by": _username(batch.uploaded_by) or "",
        "created_at": batch.created_at,
        "validated_at": batch.validated_at,
        "approved_by": _username(batch.approved_by),
        "approved_at": batch.approved_at,
        "applied_at": batch.applied_at,
    }


def _get(request: HttpRequest, batch_id: int) -> ImportBatch:
    return selectors.batch_get(user=request.auth, pk=batch_id)  # type: ignore[attr-defined]


@router.post("/", response={201: BatchOut})
def batch_upload(
    request: HttpRequest, kind: Form[str], org_unit: Form[str], file: File[UploadedFile]
) -> Status:
    """Upload an .xlsx/.xls/.ods/.csv file; every row is then checked in the background."""
    principal = request.auth  # type: ignore[attr-defined]
    unit = unit_get(user=principal, code=org_unit)
    batch = services.batch_upload(
        actor=principal, kind=kind, org_unit=unit, upload=file, name=file.name or ""
    )
    return Status(201, _out(_get(request, batch.pk)))


@router.get("/", response=list[BatchOut])
def batch_list(
    request: HttpRequest, status: str = "", limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    batches = selectors.batch_list(user=request.auth, status=status)  # type: ignore[attr-defined]
    limit = max(1, min(limit, 200))
    return [_out(b) for b in batches[offset : offset + limit]]


@router.get("/{batch_id}", response=BatchOut)
def batch_detail(request: HttpRequest, batch_id: int) -> dict[str, Any]:
    """Status and progress (processed_rows of total_rows while checking)."""
    return _out(_get(request, batch_id))


@router.get("/{batch_id}/errors", response=list[RowErrorOut])
def batch_errors(
    request: HttpRequest, batch_id: int, limit: int = 100, offset: int = 0
) -> list[dict[str, Any]]:
    batch = _get(request, batch_id)
    limit = max(1, min(limit, 1000))
    rows = selectors.batch_row_errors(batch=batch)[offset : offset + limit]
    return [
        {
            "row": row.row_number,
            "errors": [asdict(p) for p in selectors.describe_errors(batch, row.errors)],
        }
        for row in rows
    ]


@router.post("/{batch_id}/approve", response=BatchOut)
def batch_approve(request: HttpRequest, batch_id: int, body: ApproveIn) -> dict[str, Any]:
    """A second staff member approves; the valid rows are imported in the background."""
    batch = _get(request, batch_id)
    services.batch_approve(
        actor=request.auth,  # type: ignore[attr-defined]
        batch=batch,
        expected_run=body.expected_run,
    )
    return _out(_get(request, batch_id))


@router.post("/{batch_id}/reject", response=BatchOut)
def batch_reject(request: HttpRequest, batch_id: int, body: RejectIn) -> dict[str, Any]:
    batch = _get(request, batch_id)
    services.batch_reject(actor=request.auth, batch=batch, reason=body.reason)  # type: ignore[attr-defined]
    return _out(_get(request, batch_id))
