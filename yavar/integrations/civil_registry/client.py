"""The real civil registry client: POST {url}/v1/identity/inquiry.

Request:  {"national_code": "0012345678", "birth_date": "1990-03-21"}  (birth date optional)
Answer:   {"found": false}
      or  {"found": true, "record": {"national_code", "first_name", "last_name", "father_name",
                                     "birth_date", "gender": "female"|"male", "alive": bool}}
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.persian import search_key
from yavar.core.validators import normalize_national_code

from ..conf import BodyConfig
from ..enums import InquiryMode, InquiryOutcome
from ..http import JsonHttpClient
from ..log import traced_inquiry
from .config import BODY, INQUIRY_PATH, TITLE, config
from .protocol import CivilRegistry, Gender, IdentityResult, IdentityStatus

RECORD_FIELDS = (
    "national_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "gender",
    "alive",
)


class HttpCivilRegistry(JsonHttpClient):
    title = TITLE

    def __init__(self, config: BodyConfig, *, mode: InquiryMode = InquiryMode.ONLINE) -> None:
        super().__init__(config)
        self.mode = mode

    def inquire(
        self,
        *,
        national_code: str,
        birth_date: date | None,
        first_name: str,
        last_name: str,
        actor_label: str = "",
        object_ref: tuple[str, str] | None = None,
    ) -> IdentityResult:
        try:
            code = normalize_national_code(national_code)
        except ValidationError as error:
            # Refused before any exchange, so there is nothing to put in the inquiry log.
            raise ApplicationError(
                ErrorCode.INVALID_INPUT, fields={"national_code": error.messages}
            ) from error
        payload: dict[str, Any] = {"national_code": code}
        if birth_date is not None:
            payload["birth_date"] = birth_date.isoformat()
        with traced_inquiry(
            body=BODY,
            operation="identity_inquiry",
            mode=self.mode,
            actor_label=actor_label,
            object_ref=object_ref,
        ) as trace:
            data = self.post_json(INQUIRY_PATH, payload, trace=trace).data
            if data.get("found") is False:
                trace.outcome = InquiryOutcome.NOT_FOUND
                return IdentityResult(status=IdentityStatus.NOT_FOUND, national_code=code)
            record = data.get("record")
            if data.get("found") is not True or not isinstance(record, dict):
                self.bad_response("no 'found' flag or no record")
            trace.received(name for name in record if name in RECORD_FIELDS)
            result = self._compare(
                code, record, birth_date=birth_date, first_name=first_name, last_name=last_name
            )
            trace.outcome = (
                InquiryOutcome.MISMATCH if result.mismatched_fields else InquiryOutcome.OK
            )
        return result

    def _compare(
        self,
        code: str,
        record: dict[str, Any],
        *,
        birth_date: date | None,
        first_name: str,
        last_name: str,
    ) -> IdentityResult:
        if record.get("national_code", code) != code:
            self.bad_response("the record is for another national code")
        found = self._parse_record(record)
        mismatched = []
        # search_key folds ZWNJ, spaces, Arabic ي/ك and digit scripts: spelling, not identity.
        if first_name and search_key(first_name) != search_key(found["first_name"]):
            mismatched.append("first_name")
        if last_name and search_key(last_name) != search_key(found["last_name"]):
            mismatched.append("last_name")
        if birth_date is not None and birth_date != found["birth_date"]:
            mismatched.append("birth_date")
        if not found["alive"]:
            status = IdentityStatus.DECEASED
        elif mismatched:
            status = IdentityStatus.MISMATCH
        else:
            status = IdentityStatus.MATCH
        return IdentityResult(
            status=status, national_code=code, mismatched_fields=mismatched, **found
        )

    def _parse_record(self, record: dict[str, Any]) -> dict[str, Any]:
        names = {}
        for name in ("first_name", "last_name", "father_name"):
            value = record.get(name, "")
            if not isinstance(value, str):
                self.bad_response(f"{name} is not text")
            names[name] = value
        if not isinstance(record.get("alive"), bool):
            self.bad_response("alive is not true/false")
        try:
            born = date.fromisoformat(record["birth_date"]) if record.get("birth_date") else None
            gender = Gender(record["gender"]) if record.get("gender") else None
        except (TypeError, ValueError):
            self.bad_response("birth_date or gender is malformed")
        return {**names, "birth_date": born, "gender": gender, "alive": record["alive"]}


def get_civil_registry(*, mode: InquiryMode = InquiryMode.ONLINE) -> CivilRegistry:
    """The configured civil registry client (settings are read on each call, so tests that
    change them need no reload)."""
    return HttpCivilRegistry(config(), mode=mode)
