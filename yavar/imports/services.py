"""Every write of the import framework.

User actions (upload, check again, approve, reject) are atomic, scoped and audited, and queue
the worker on commit. Worker steps (`batch_validate`, `batch_apply`) claim the batch with a
conditional status change, so a second worker, a repeated task or a double-click finds nothing
to do. `batch_apply` moves APPROVED → APPLIED inside the very transaction that writes the rows:
the batch is imported completely and once, or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone

from yavar.accounts import scope
from yavar.audit.services import audit_record
from yavar.core.actors import staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import OrgUnit

from . import staging
from .base import CellError, Importer
from .bulk import bulk_insert, roomy_page_cache
from .enums import (
    APPROVABLE_STATUSES,
    RECHECKABLE_STATUSES,
    REJECTABLE_STATUSES,
    BatchStatus,
    FileProblem,
    ImportErrorCode,
)
from .errors import ImportRefused
from .gc_pause import cyclic_gc_paused
from .models import ImportBatch, ImportRowError
from .reader import UnreadableFile, format_of, read_table
from .registry import get_importer
from .validation import Outcome, check_table

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# A check that has not reported progress for this long is taken for dead (worker killed).
STALE_AFTER = dt.timedelta(minutes=10)

S = BatchStatus


def _enqueue_validation(batch_id: int, run: int) -> None:
    from .tasks import validate_batch_task  # the task module imports this one

    validate_batch_task.enqueue(batch_id, run)


def _enqueue_apply(batch_id: int) -> None:
    from .tasks import apply_batch_task

    apply_batch_task.enqueue(batch_id)


def _staff(actor: Any) -> Any:
    user = staff_user_or_none(actor)
    if user is None:
        raise ImportRefused(ImportErrorCode.NOT_A_PERSON)
    return user


def _lock(batch: ImportBatch) -> ImportBatch:
    # No select_related: FOR UPDATE may not reach the nullable side of an outer join.
    return ImportBatch.objects.select_for_update().get(pk=batch.pk)


def _require(actor: Any, batch: ImportBatch) -> type[Importer]:
    importer = get_importer(batch.kind)
    scope.require(actor, importer.permission, batch.org_unit)
    return importer


# --- Upload -----------------------------------------------------------------------------------


def _sha256(upload: IO[bytes] | File) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def batch_upload(
    *, actor: Any, kind: str, org_unit: OrgUnit, upload: File, name: str = ""
) -> ImportBatch:
    """Store the file and queue its check. Nothing about the rows is decided here."""
    importer = get_importer(kind)
    user = _staff(actor)
    scope.require(actor, importer.permission, org_unit)
    if org_unit.kind not in importer.unit_kinds:
        raise ImportRefused(ImportErrorCode.WRONG_UNIT)
    name = (name or upload.name or "").rsplit("/", 1)[-1]
    size = upload.size or 0
    if size == 0:
        raise ImportRefused(ImportErrorCode.FILE_EMPTY)
    if size > MAX_UPLOAD_BYTES:
        raise ImportRefused(ImportErrorCode.FILE_TOO_LARGE)
    upload.seek(0)
    file_format = format_of(name, upload.read(8))
    if file_format is None:
        raise ImportRefused(ImportErrorCode.FILE_TYPE)
    batch = ImportBatch(
        kind=kind,
        org_unit=org_unit,
        uploaded_by=user,
        original_name=name[:200],
        file_format=file_format,
        size=size,
        sha256=_sha256(upload),
    )
    batch.file.save(name, upload, save=False)  # stored under a random name (storage.upload_to)
    try:
        with transaction.atomic():
            batch.full_clean()
            batch.save()
            audit_record(
                actor=actor,
                action="import.upload",
                obj=batch,
                data={
                    "kind": kind,
                    "org_unit": org_unit.pk,
                    "file_name": batch.original_name,
                    "size": size,
                    "sha256": batch.sha256,
                },
            )
            transaction.on_commit(lambda: _enqueue_validation(batch.pk, batch.run))
    except BaseException:
        # The row is gone with the rollback; the file (personal data) must go too.
        if batch.file.name:
            batch.file.storage.delete(batch.file.name)
        raise
    return batch


# --- Check (validation) -----------------------------------------------------------------------


@transaction.atomic
def batch_revalidate(*, actor: Any, batch: ImportBatch) -> ImportBatch:
    """Check the file again, e.g. after the registry changed or a worker died mid-check."""
    _require(actor, batch)
    locked = _lock(batch)
    stale = locked.status == S.VALIDATING and (
        locked.heartbeat_at is None or locked.heartbeat_at < timezone.now() - STALE_AFTER
    )
    if locked.status in (S.VALIDATING, S.APPROVED) and not stale:
        raise ImportRefused(ImportErrorCode.BUSY)
    if locked.status not in RECHECKABLE_STATUSES and not stale:
        raise ApplicationError(ErrorCode.ILLEGAL_TRANSITION)
    old = locked.status
    locked.status = S.PENDING
    locked.run += 1
    locked.processed_rows = 0
    locked.approved_by = None
    locked.approved_at = None
    locked.save(update_fields=["status", "run", "processed_rows", "approved_by", "approved_at"])
    audit_record(
        actor=actor, action="import.recheck", obj=locked, changes={"status": (old, S.PENDING)}
    )
    run = locked.run
    transaction.on_commit(lambda: _enqueue_validation(locked.pk, run))
    return locked


def batch_validate(*, batch_id: int, run: int) -> ImportBatch | None:
    """Worker step: check every row and stage the valid ones. None if there was nothing to do
    (another worker has the batch, or a newer check replaced this one)."""
    claimed = ImportBatch.objects.filter(pk=batch_id, run=run, status=S.PENDING).update(
        status=S.VALIDATING, processed_rows=0, total_rows=0, heartbeat_at=timezone.now()
    )
    if not claimed:
        return None
    batch = ImportBatch.objects.select_related("org_unit", "uploaded_by").get(pk=batch_id)
    try:
        importer = get_importer(batch.kind)(batch=batch, actor=batch.uploaded_by)
        with cyclic_gc_paused():
            outcome = _check(batch, importer, run)
            return _store_check(batch, importer, run, outcome)
    except BaseException as error:
        # BaseException: a Rust panic inside the spreadsheet reader is one. The batch must not
        # stay "being checked" forever; it can be checked again.
        ImportBatch.objects.filter(pk=batch_id, run=run, status=S.VALIDATING).update(
            status=S.INVALID, file_problem=FileProblem.INTERNAL, failure=type(error).__name__
        )
        logger.exception("import batch %s: the check failed", batch_id)
        raise


def _check(batch: ImportBatch, importer: Importer, run: int) -> Outcome:
    try:
        with batch.file.open("rb") as handle:
            table = read_table(handle, batch.file_format)
    except UnreadableFile:
        return Outcome(problem=FileProblem.UNREADABLE)

    def progress(done: int, total: int) -> None:
        # Autocommitted on its own, so the page sees it while the check runs.
        ImportBatch.objects.filter(pk=batch.pk, run=run).update(
            processed_rows=done, total_rows=total, heartbeat_at=timezone.now()
        )

    return check_table(importer, table, progress=progress)


def _error_rows(batch: ImportBatch, errors: dict[int, list[CellError]]) -> None:
    bulk_insert(
        ImportRowError,
        [
            {"batch_id": batch.pk, "row_number": row, "errors": [list(e) for e in problems]}
            for row, problems in sorted(errors.items())
        ],
    )


def _store_check(batch: ImportBatch, importer: Importer, run: int, outcome: Outcome) -> ImportBatch:
    problem = outcome.problem
    staged_name = staged_sha256 = ""
    if not problem and not outcome.staged:
        problem = FileProblem.NO_VALID_ROWS
    if not problem:
        fields = list(outcome.staged[0].values)
        staged_name, staged_sha256 = staging.write(
            outcome.staged, fields=fields, dates=importer.date_fields
        )
    try:
        return _commit_check(batch, run, outcome, problem, staged_name, staged_sha256)
    except BaseException:
        staging.delete(staged_name)  # nothing refers to it: the transaction rolled back
        raise


def _commit_check(
    batch: ImportBatch,
    run: int,
    outcome: Outcome,
    problem: str,
    staged_name: str,
    staged_sha256: str,
) -> ImportBatch:
    with transaction.atomic():
        locked = _lock(batch)
        if locked.status != S.VALIDATING or locked.run != run:
            transaction.on_commit(lambda: staging.delete(staged_name))
            return locked
        old_staged = locked.staged_name
        ImportRowError.objects.filter(batch=locked).delete()
        _error_rows(locked, outcome.errors)
        status = S.INVALID if problem else S.READY
        values = {
            "status": status,
            "total_rows": outcome.total_rows,
            "processed_rows": outcome.total_rows,
            "valid_rows": len(outcome.staged),
            "error_rows": len(outcome.errors),
            "columns": outcome.columns,
            "ignored_columns": outcome.ignored,
            "file_problem": problem,
            "file_problem_params": outcome.problem_params,
            "staged_name": staged_name,
            "staged_sha256": staged_sha256,
            "validated_at": timezone.now(),
            "failure": "",
        }
        for field, value in values.items():
            setattr(locked, field, value)
        locked.save(update_fields=list(values))
        audit_record(
            actor=None,
            action="import.check",
            obj=locked,
            changes={"status": (S.VALIDATING, status)},
            data={"valid_rows": locked.valid_rows, "error_rows": locked.error_rows},
        )
        if old_staged and old_staged != staged_name:
            transaction.on_commit(lambda: staging.delete(old_staged))
    return locked


# --- Approve, reject --------------------------------------------------------------------------


@transaction.atomic
def batch_approve(
    *, actor: Any, batch: ImportBatch, expected_run: int | None = None
) -> ImportBatch:
    """The second pair of eyes: anyone but the uploader with the permission over the batch's
    unit. Rows with errors are left out; the valid rows are imported by a worker."""
    _require(actor, batch)
    user = _staff(actor)
    locked = _lock(batch)
    if locked.uploaded_by_id == user.pk:
        raise ImportRefused(ImportErrorCode.OWN_BATCH)
    if locked.status in (S.APPROVED, S.APPLIED) and locked.approved_by_id == user.pk:
        return locked  # the same approval again (a double-click): already done
    if locked.status not in APPROVABLE_STATUSES:
        raise ImportRefused(ImportErrorCode.NOT_APPROVABLE)
    if expected_run is not None and expected_run != locked.run:
        raise ImportRefused(ImportErrorCode.CHANGED)
    if locked.valid_rows == 0:
        raise ImportRefused(ImportErrorCode.NOTHING_TO_IMPORT)
    old = locked.status
    locked.status = S.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.apply_started_at = None
    locked.failure = ""
    locked.save(
        update_fields=["status", "approved_by", "approved_at", "apply_started_at", "failure"]
    )
    audit_record(
        actor=actor,
        action="import.approve",
        obj=locked,
        changes={"status": (old, S.APPROVED)},
        data={"valid_rows": locked.valid_rows, "error_rows": locked.error_rows},
    )
    transaction.on_commit(lambda: _enqueue_apply(locked.pk))
    return locked


@transaction.atomic
def batch_reject(*, actor: Any, batch: ImportBatch, reason: str = "") -> ImportBatch:
    """Close the batch without importing anything (the uploader may withdraw it too)."""
    _require(actor, batch)
    user = _staff(actor)
    locked = _lock(batch)
    if locked.status not in REJECTABLE_STATUSES:
        raise ImportRefused(ImportErrorCode.NOT_REJECTABLE)
    old, staged_name = locked.status, locked.staged_name
    locked.status = S.REJECTED
    locked.rejected_by = user
    locked.rejected_at = timezone.now()
    locked.reject_reason = reason.strip()[:1000]
    locked.staged_name = locked.staged_sha256 = ""
    locked.save(
        update_fields=[
            "status",
            "rejected_by",
            "rejected_at",
            "reject_reason",
            "staged_name",
            "staged_sha256",
        ]
    )
    audit_record(
        actor=actor,
        action="import.reject",
        obj=locked,
        changes={"status": (old, S.REJECTED)},
        data={"reason": locked.reject_reason},
    )
    transaction.on_commit(lambda: staging.delete(staged_name))
    return locked


# --- Apply ------------------------------------------------------------------------------------


def batch_apply(*, batch_id: int) -> ImportBatch | None:
    """Worker step: write the approved rows in one transaction. None if there was nothing to
    do (already imported, rejected, or re-checked since)."""
    # A visible "started" mark for the page; the real state change happens in the transaction.
    ImportBatch.objects.filter(pk=batch_id, status=S.APPROVED, apply_started_at=None).update(
        apply_started_at=timezone.now()
    )
    try:
        with transaction.atomic():
            # The row lock makes a second worker wait here, then find the batch APPLIED.
            batch = ImportBatch.objects.select_for_update().filter(pk=batch_id).first()
            if batch is None or batch.status != S.APPROVED:
                return None
            with cyclic_gc_paused():
                _apply(batch)
            return batch
    except BaseException as error:
        _record_failure(batch_id, error)
        raise


def _apply(batch: ImportBatch) -> None:
    importer = get_importer(batch.kind)(batch=batch, actor=batch.approved_by)
    staged = staging.read_records(batch.staged_name, batch.staged_sha256)
    with roomy_page_cache():
        result = importer.apply_staged(staged)
    if result.skipped:
        _error_rows(batch, result.skipped)
    staged_name = batch.staged_name
    values = {
        "status": S.APPLIED,
        "applied_rows": result.created,
        "valid_rows": batch.valid_rows - len(result.skipped),
        "error_rows": batch.error_rows + len(result.skipped),
        "applied_at": timezone.now(),
        "staged_name": "",
        "staged_sha256": "",
    }
    for field, value in values.items():
        setattr(batch, field, value)
    batch.save(update_fields=list(values))
    audit_record(
        actor=batch.approved_by,
        action="import.apply",
        obj=batch,
        changes={"status": (S.APPROVED, S.APPLIED)},
        data={"created": result.created, "skipped": len(result.skipped)},
    )
    transaction.on_commit(lambda: staging.delete(staged_name))


def _record_failure(batch_id: int, error: BaseException) -> None:
    logger.exception("import batch %s: the import failed and was rolled back", batch_id)
    with transaction.atomic():
        failed = ImportBatch.objects.filter(pk=batch_id, status=S.APPROVED).update(
            status=S.FAILED, failure=type(error).__name__[:200]
        )
        if failed:
            batch = ImportBatch.objects.get(pk=batch_id)
            audit_record(
                actor=None,
                action="import.fail",
                obj=batch,
                changes={"status": (S.APPROVED, S.FAILED)},
                data={"error": batch.failure},
            )
