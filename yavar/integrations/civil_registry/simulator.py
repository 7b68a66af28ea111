"""The civil registry simulator. Every valid national code has a record: loaded ones first,
otherwise a synthetic one derived from the code itself (same code, same person, on every run),
so demo people can be inquired without setup. Tests load exact records and mark codes unknown
or deceased, in process or over HTTP:

    POST /_sim/records   {"records": [{"national_code", "first_name", "last_name",
                          "father_name", "birth_date", "gender", "alive"}, ...]}
    POST /_sim/unknown   {"national_codes": [...]}   the registry has no such person
    POST /_sim/deceased  {"national_codes": [...]}
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, replace
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from yavar.core.validators import normalize_national_code

from ..conf import BodyConfig
from ..simulator import Answer, BadRequest, Route, SimRequest, Simulator
from .config import BODY, INQUIRY_PATH, config
from .names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES

_EARLIEST_BIRTH = date(1945, 3, 21)
_BIRTH_SPAN_DAYS = (date(2015, 3, 20) - _EARLIEST_BIRTH).days


@dataclass(frozen=True)
class RegistryRecord:
    national_code: str
    first_name: str
    last_name: str
    father_name: str
    birth_date: date
    gender: str  # "female" | "male"
    alive: bool = True

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "birth_date": self.birth_date.isoformat()}

    @classmethod
    def from_json(cls, data: Any) -> RegistryRecord:
        if not isinstance(data, dict):
            raise BadRequest("invalid_record", "each record is a JSON object")
        try:
            record = cls(
                national_code=_valid_code(data["national_code"]),
                first_name=str(data["first_name"]),
                last_name=str(data["last_name"]),
                father_name=str(data.get("father_name", "")),
                birth_date=date.fromisoformat(data["birth_date"]),
                gender=str(data.get("gender", "female")),
                alive=bool(data.get("alive", True)),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise BadRequest("invalid_record", f"missing or malformed: {error}") from error
        if record.gender not in ("female", "male"):
            raise BadRequest("invalid_record", "gender is female or male")
        return record


def synthetic_record(national_code: str) -> RegistryRecord:
    """The made-up person the simulator holds for `national_code` unless told otherwise."""
    code = normalize_national_code(national_code)
    # A string seed is hashed with SHA-512, so this is stable across processes and runs.
    rng = random.Random(f"yavar-civil-registry:{code}")
    gender = rng.choice(("female", "male"))
    return RegistryRecord(
        national_code=code,
        first_name=rng.choice(FEMALE_FIRST_NAMES if gender == "female" else MALE_FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        father_name=rng.choice(MALE_FIRST_NAMES),
        birth_date=_EARLIEST_BIRTH + timedelta(days=rng.randrange(_BIRTH_SPAN_DAYS)),
        gender=gender,
    )


def _valid_code(value: Any) -> str:
    try:
        return normalize_national_code(str(value))
    except ValidationError as error:
        raise BadRequest("invalid_national_code", "not a valid national code") from error


def _codes(request: SimRequest) -> list[str]:
    codes = request.payload.get("national_codes") if isinstance(request.payload, dict) else None
    if not isinstance(codes, list):
        raise BadRequest("invalid_payload", 'send {"national_codes": [...]}')
    return [_valid_code(code) for code in codes]


class CivilRegistrySimulator(Simulator):
    body = BODY

    def __init__(self, *, username: str = "", password: str = "", api_key: str = "") -> None:
        super().__init__(username=username, password=password, api_key=api_key)
        self._records: dict[str, RegistryRecord] = {}
        self._unknown: set[str] = set()
        self._deceased: set[str] = set()

    @classmethod
    def load_config(cls) -> BodyConfig:
        return config()

    # --- in-process control (tests) ---------------------------------------------------------

    def add_record(self, record: RegistryRecord) -> None:
        with self.lock:
            self._records[record.national_code] = record
            self._unknown.discard(record.national_code)

    def mark_unknown(self, national_code: str) -> None:
        with self.lock:
            self._unknown.add(normalize_national_code(national_code))

    def mark_deceased(self, national_code: str) -> None:
        with self.lock:
            self._deceased.add(normalize_national_code(national_code))

    def lookup(self, code: str) -> RegistryRecord | None:
        with self.lock:
            if code in self._unknown:
                return None
            record = self._records.get(code) or synthetic_record(code)
            return replace(record, alive=False) if code in self._deceased else record

    def reset(self) -> None:
        with self.lock:
            super().reset()
            self._records.clear()
            self._unknown.clear()
            self._deceased.clear()

    # --- HTTP -------------------------------------------------------------------------------

    def routes(self) -> dict[tuple[str, str], Route]:
        return {("POST", INQUIRY_PATH): self._inquire}

    def admin_routes(self) -> dict[tuple[str, str], Route]:
        return {
            **super().admin_routes(),
            ("POST", "/_sim/records"): self._load_records,
            ("POST", "/_sim/unknown"): self._mark_unknown,
            ("POST", "/_sim/deceased"): self._mark_deceased,
        }

    def _inquire(self, request: SimRequest) -> Answer:
        payload = request.payload if isinstance(request.payload, dict) else {}
        code = _valid_code(payload.get("national_code", ""))
        birth_date = payload.get("birth_date")
        if birth_date is not None:
            # The real registry requires a well-formed date but answers by national code.
            try:
                date.fromisoformat(str(birth_date))
            except ValueError as error:
                raise BadRequest("invalid_birth_date", "use YYYY-MM-DD") from error
        record = self.lookup(code)
        if record is None:
            return 200, {"found": False}
        return 200, {"found": True, "record": record.as_json()}

    def _load_records(self, request: SimRequest) -> Answer:
        records = request.payload.get("records") if isinstance(request.payload, dict) else None
        if not isinstance(records, list):
            raise BadRequest("invalid_payload", 'send {"records": [...]}')
        parsed = [RegistryRecord.from_json(item) for item in records]
        for record in parsed:
            self.add_record(record)
        return 200, {"loaded": len(parsed)}

    def _mark_unknown(self, request: SimRequest) -> Answer:
        for code in _codes(request):
            self.mark_unknown(code)
        return 200, {"ok": True}

    def _mark_deceased(self, request: SimRequest) -> Answer:
        for code in _codes(request):
            self.mark_deceased(code)
        return 200, {"ok": True}
