"""Reads of import batches, always through the reader's scope: a batch of a unit outside it
answers 404, as if it did not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from yavar.accounts import scope
from yavar.audit.services import access_record
from yavar.core.actors import staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.models import OrgUnit

from . import messages
from .base import Importer
from .enums import (
    APPROVABLE_STATUSES,
    RECHECKABLE_STATUSES,
    REJECTABLE_STATUSES,
    RUNNING_STATUSES,
    FileProblem,
)
from .models import ImportBatch, ImportRowError
from .registry import all_importers, get_importer


def _visible_q(user: Any) -> Q:
    """Each kind of batch is seen by those who hold that importer's permission over its unit."""
    visible = Q(pk__in=[])
    for importer in all_importers():
        visible |= Q(kind=importer.kind) & scope.scope_q(user, importer.permission)
    return visible


def importers_for(user: Any) -> list[type[Importer]]:
    return [i for i in all_importers() if user.has_yavar_perm(i.permission)]


def require_import_access(user: Any) -> None:
    if not importers_for(user):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)


def batch_list(*, user: Any, status: str = "") -> QuerySet[ImportBatch]:
    require_import_access(user)
    qs = ImportBatch.objects.filter(_visible_q(user))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("org_unit", "uploaded_by")


def batch_get(*, user: Any, pk: int) -> ImportBatch:
    batch = (
        ImportBatch.objects.filter(_visible_q(user), pk=pk)
        .select_related("org_unit", "uploaded_by", "approved_by", "rejected_by")
        .first()
    )
    if batch is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return batch


def upload_units(*, user: Any, importer: type[Importer]) -> QuerySet[OrgUnit]:
    """Where this user may hold a batch of this kind: units of the right kind in scope."""
    return scope.units(user, importer.permission).filter(
        kind__in=importer.unit_kinds, confidential=False, active=True
    )


@dataclass(frozen=True)
class BatchActions:
    approve: bool
    reject: bool
    recheck: bool
    own_batch: bool  # the reader uploaded it: explain why there is no approve button
    report: bool


def batch_actions(*, user: Any, batch: ImportBatch) -> BatchActions:
    """Which buttons to show. The services decide again when pressed."""
    importer = get_importer(batch.kind)
    allowed = scope.can(user, importer.permission, batch.org_unit)
    staff = staff_user_or_none(user)
    own = staff is not None and staff.pk == batch.uploaded_by_id
    status = batch.status
    return BatchActions(
        approve=allowed and not own and status in APPROVABLE_STATUSES and batch.valid_rows > 0,
        reject=allowed and status in REJECTABLE_STATUSES,
        recheck=allowed and status in RECHECKABLE_STATUSES,
        own_batch=own,
        report=batch.error_rows > 0,
    )


def is_running(batch: ImportBatch) -> bool:
    return batch.status in RUNNING_STATUSES


# --- Messages ---------------------------------------------------------------------------------


def _labels(importer: type[Importer], fields: list[str]) -> str:
    by_name = {c.name: c for c in importer.columns}
    return "، ".join(str(by_name[f].header) if f in by_name else f for f in fields)


def file_problem_message(batch: ImportBatch) -> str:
    if not batch.file_problem:
        return ""
    problem = FileProblem(batch.file_problem)
    params = dict(batch.file_problem_params or {})
    if "fields" in params:
        params["columns"] = _labels(get_importer(batch.kind), params.pop("fields"))
    try:
        return str(problem.label) % params if params else str(problem.label)
    except (KeyError, TypeError, ValueError):
        return str(problem.label)


@dataclass(frozen=True)
class RowProblem:
    column: str
    message: str
    field: str
    code: str


def describe_errors(batch: ImportBatch, errors: list[list[Any]]) -> list[RowProblem]:
    """[[field, code, params], ...] → what to show: the column as headed in the file and the
    message in the reader's language."""
    importer = get_importer(batch.kind)
    extra: dict[str, str | Promise] = dict(importer.messages)
    by_name = {c.name: c for c in importer.columns}
    described = []
    for field, code, params in errors:
        column = batch.columns.get(field) or (
            str(by_name[field].header) if field in by_name else ""
        )
        described.append(RowProblem(column, messages.render(code, params, extra), field, code))
    return described


def batch_row_errors(*, batch: ImportBatch) -> QuerySet[ImportRowError]:
    """The batch was fetched through batch_get, so the reader may see it."""
    return ImportRowError.objects.filter(batch=batch).order_by("row_number")


def batch_file_for_download(*, user: Any, batch: ImportBatch, what: str) -> None:
    """Downloading the upload or its error report is a read of personal data: logged."""
    access_record(actor=user, obj=batch, note=what)
