"""An uploaded file on its way into the registry (ImportBatch) and the rows it could not take
(ImportRowError). Cleaned rows are staged in a file beside the upload, not in a table: for
100,000 rows that is less than half the time (staging.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel

from .enums import BatchStatus, FileFormat
from .storage import private_storage, upload_to


class ImportBatch(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    # The batch belongs to this unit: who may see and approve it is decided by scope here.
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    # A staff member, never a system token: the four-eyes rule compares two people.
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file = models.FileField(storage=private_storage, upload_to=upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    file_format = models.CharField(_("format"), max_length=8, choices=FileFormat.choices)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=BatchStatus.choices,
        default=BatchStatus.PENDING,
        db_index=True,
    )
    # Bumped by every request to check the file; a worker holding an older number discards
    # its result, so a slow stale check can never overwrite a newer one.
    run = models.PositiveIntegerField(default=1)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_rows = models.PositiveIntegerField(_("rows with errors"), default=0)
    applied_rows = models.PositiveIntegerField(_("rows imported"), default=0)

    # {field: header as written in the file}, and the headers that matched no column.
    columns = models.JSONField(default=dict, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    file_problem = models.CharField(max_length=32, blank=True)
    file_problem_params = models.JSONField(default=dict, blank=True)

    staged_name = models.CharField(max_length=200, blank=True)
    staged_sha256 = models.CharField(max_length=64, blank=True)

    validated_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    apply_started_at = models.DateTimeField(null=True, blank=True)
    applied_at = models.DateTimeField(_("imported at"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rejected by"),
    )
    rejected_at = models.DateTimeField(_("rejected at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason"), blank=True)
    # The exception class only: messages may quote personal data from the file.
    failure = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["org_unit", "status"], name="import_unit_status")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, self.processed_rows * 100 // self.total_rows)


class ImportRowError(models.Model):
    """Everything wrong with one row of the file, as [[field, code, params], ...].

    One record per row (not per cell) keeps a file full of errors to as many records as rows.
    Messages are rendered when shown, so they come out in the reader's language.
    """

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="row_errors")
    row_number = models.PositiveIntegerField(_("row"))
    errors = models.JSONField(default=list)

    class Meta:
        ordering = ["batch", "row_number"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "row_number"], name="import_row_error_once")
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.row_number}"
