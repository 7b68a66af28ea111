"""Import pages: list, upload, the batch page with its progress fragment, the actions and the
downloads. Each view parses, calls one selector or service, and renders."""

from __future__ import annotations

import tempfile

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.core.errors import ApplicationError, ErrorCode

from . import selectors, services
from .base import Importer
from .enums import BatchStatus, ImportErrorCode
from .errors import ImportRefused
from .forms import RejectForm, UploadForm
from .registry import get_importer
from .report import XLSX_CONTENT_TYPE, write_error_report, write_template

ERRORS_PER_PAGE = 50


def _importer_for_upload(request: HttpRequest, kind: str) -> type[Importer]:
    importer = get_importer(kind)
    if not request.user.has_yavar_perm(importer.permission):  # type: ignore[union-attr]
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    return importer


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in BatchStatus.values:
        status = ""
    batches = selectors.batch_list(user=request.user, status=status)
    page = Paginator(batches, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "imports/batch_list.html",
        {
            "page": page,
            "importers": selectors.importers_for(request.user),
            "statuses": BatchStatus.choices,
            "status": status,
        },
    )


@login_required
def batch_upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer_for_upload(request, kind)
    units = selectors.upload_units(user=request.user, importer=importer)
    form = UploadForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_upload(
                actor=request.user,
                kind=kind,
                org_unit=form.cleaned_data["org_unit"],
                upload=upload,
                name=upload.name,
            )
        except ImportRefused as refusal:
            form.add_error("file", str(refusal.message))
        else:
            messages.success(request, _("The file was received and is being checked."))
            return redirect("imports:batch_detail", pk=batch.pk)
    return render(
        request,
        "imports/batch_upload.html",
        {"form": form, "importer": importer, "columns": importer.columns},
    )


@login_required
def template_file(request: HttpRequest, kind: str) -> FileResponse:
    importer = _importer_for_upload(request, kind)
    out = tempfile.TemporaryFile()
    write_template(importer, out)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"{kind}-template.xlsx", content_type=XLSX_CONTENT_TYPE
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    page = Paginator(selectors.batch_row_errors(batch=batch), ERRORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    rows = [(e.row_number, selectors.describe_errors(batch, e.errors)) for e in page]
    return render(
        request,
        "imports/batch_detail.html",
        {
            "batch": batch,
            "importer": get_importer(batch.kind),
            "actions": selectors.batch_actions(user=request.user, batch=batch),
            "running": selectors.is_running(batch),
            "file_problem": selectors.file_problem_message(batch),
            "page": page,
            "error_rows": rows,
            "reject_form": RejectForm(),
        },
    )


@login_required
def batch_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The fragment the batch page polls every second while a worker has the batch."""
    batch = selectors.batch_get(user=request.user, pk=pk)
    if request.GET.get("status") != batch.status:
        # The check or the import finished: reload the page for the result and the buttons.
        return HttpResponse(headers={"HX-Refresh": "true"})
    return render(
        request,
        "imports/_progress.html",
        {"batch": batch, "running": selectors.is_running(batch)},
    )


def _act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    try:
        if action == "approve":
            run = request.POST.get("run", "")
            services.batch_approve(
                actor=request.user, batch=batch, expected_run=int(run) if run.isdigit() else None
            )
            messages.success(request, _("Approved. The valid rows are being imported."))
        elif action == "reject":
            form = RejectForm(request.POST)
            reason = form.cleaned_data["reason"] if form.is_valid() else ""
            services.batch_reject(actor=request.user, batch=batch, reason=reason)
            messages.success(request, _("The file was rejected; nothing was imported."))
        else:
            services.batch_revalidate(actor=request.user, batch=batch)
            messages.success(request, _("The file is being checked again."))
    except ImportRefused as refusal:
        messages.error(request, str(refusal.message))
    return redirect("imports:batch_detail", pk=batch.pk)


@login_required
@require_POST
def batch_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "approve")


@login_required
@require_POST
def batch_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "reject")


@login_required
@require_POST
def batch_recheck(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "recheck")


@login_required
def batch_report(request: HttpRequest, pk: int) -> FileResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    if not batch.error_rows:
        raise ImportRefused(ImportErrorCode.NO_REPORT)
    selectors.batch_file_for_download(user=request.user, batch=batch, what="error report")
    out = tempfile.TemporaryFile()
    write_error_report(batch, out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"import-{batch.pk}-errors.xlsx",
        content_type=XLSX_CONTENT_TYPE,
    )


@login_required
def batch_file(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file itself, for the approver to look at (never from a public URL)."""
    batch = selectors.batch_get(user=request.user, pk=pk)
    selectors.batch_file_for_download(user=request.user, batch=batch, what="uploaded file")
    return FileResponse(
        batch.file.open("rb"),
        as_attachment=True,
        filename=f"import-{batch.pk}.{batch.file_format}",
    )
