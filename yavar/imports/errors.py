"""The import services' refusal: an ApplicationError whose HTTP status fits the case (403 for
the four-eyes rule, 409 for "not in this state"), so pages and the API answer precisely."""

from __future__ import annotations

from yavar.core.errors import ApplicationError

from .enums import ImportErrorCode

_STATUS = {
    ImportErrorCode.UNKNOWN_KIND: 404,
    ImportErrorCode.OWN_BATCH: 403,
    ImportErrorCode.NOT_A_PERSON: 403,
    ImportErrorCode.NOT_APPROVABLE: 409,
    ImportErrorCode.NOT_REJECTABLE: 409,
    ImportErrorCode.BUSY: 409,
    ImportErrorCode.CHANGED: 409,
    ImportErrorCode.FILE_TOO_LARGE: 413,
}


class ImportRefused(ApplicationError):
    def __init__(self, code: ImportErrorCode) -> None:
        super().__init__(code, code.label)

    @property
    def http_status(self) -> int:
        return _STATUS.get(ImportErrorCode(self.code), 400)
