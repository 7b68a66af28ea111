from django.db import models
from django.utils.translation import gettext_lazy as _


class BatchStatus(models.TextChoices):
    """Where a batch is in upload → check → approve → import.

    PENDING and APPROVED mean "queued for a worker"; the worker's own transaction moves
    APPROVED straight to APPLIED, so no reader ever sees a half-imported batch.
    """

    PENDING = "pending", _("Waiting to be checked")
    VALIDATING = "validating", _("Being checked")
    READY = "ready", _("Checked, waiting for approval")
    INVALID = "invalid", _("Cannot be imported")
    APPROVED = "approved", _("Approved, being imported")
    APPLIED = "applied", _("Imported")
    FAILED = "failed", _("Import failed; nothing was written")
    REJECTED = "rejected", _("Rejected")


_S = BatchStatus
# A worker is (or should be) busy with the batch: the page polls for progress.
RUNNING_STATUSES = frozenset({_S.PENDING, _S.VALIDATING, _S.APPROVED})
APPROVABLE_STATUSES = frozenset({_S.READY, _S.FAILED})  # FAILED: approve again after a failure
RECHECKABLE_STATUSES = frozenset({_S.PENDING, _S.READY, _S.INVALID, _S.FAILED})
REJECTABLE_STATUSES = frozenset({_S.PENDING, _S.VALIDATING, _S.READY, _S.INVALID, _S.FAILED})


class FileFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", "Excel 97-2003 (.xls)"
    ODS = "ods", "OpenDocument (.ods)"
    CSV = "csv", "CSV"


class ImportErrorCode(models.TextChoices):
    """Refusals of the import services (raised as ApplicationError)."""

    UNKNOWN_KIND = "import_unknown_kind", _("There is no import of this kind.")
    FILE_TYPE = (
        "import_file_type",
        _("Upload an Excel (.xlsx, .xls), OpenDocument (.ods) or CSV file."),
    )
    FILE_TOO_LARGE = "import_file_too_large", _("The file is too large (at most 50 MB).")
    FILE_EMPTY = "import_file_empty", _("The file is empty.")
    WRONG_UNIT = "import_wrong_unit", _("Choose a province or a county for this import.")
    OWN_BATCH = (
        "import_own_batch",
        _("You uploaded this file; another colleague must approve it."),
    )
    NOT_A_PERSON = "import_approver_not_staff", _("Only a staff member can approve an import.")
    NOT_APPROVABLE = (
        "import_not_approvable",
        _("This file cannot be approved in its current state."),
    )
    NOTHING_TO_IMPORT = "import_nothing_to_import", _("No row of this file can be imported.")
    NOT_REJECTABLE = "import_not_rejectable", _("This file can no longer be rejected.")
    BUSY = (
        "import_busy",
        _("This file is being checked or imported right now. Wait until it finishes."),
    )
    CHANGED = (
        "import_changed",
        _("The file was checked again since you opened it. Review the new result first."),
    )
    NO_REPORT = "import_no_report", _("This file has no rows with errors.")


class FileProblem(models.TextChoices):
    """Why a whole file could not be checked (stored on the batch, shown at display time)."""

    UNREADABLE = (
        "unreadable",
        _("The file could not be read. Save it again as .xlsx or .csv and upload it."),
    )
    NO_HEADER = (
        "no_header",
        _("No header row was found. The first row must hold the column titles."),
    )
    MISSING_COLUMNS = "missing_columns", _("These required columns are missing: %(columns)s.")
    REPEATED_COLUMNS = "repeated_columns", _("These columns appear more than once: %(columns)s.")
    NO_ROWS = "no_rows", _("The file has no data rows.")
    TOO_MANY_ROWS = (
        "too_many_rows",
        _("The file has %(rows)s rows; at most %(limit)s rows are accepted in one file."),
    )
    NO_VALID_ROWS = "no_valid_rows", _("None of the rows can be imported; see the errors below.")
    INTERNAL = (
        "internal",
        _("Checking the file stopped unexpectedly. Try checking it again."),
    )
