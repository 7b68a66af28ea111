"""Valid identities for tests: national codes with correct check digits, Persian names."""

from __future__ import annotations

import datetime as dt
import itertools

from yavar.core.validators import complete_national_code
from yavar.people.services import PersonData

_serial = itertools.count(100000001)


def national_code(seed: int | None = None) -> str:
    return complete_national_code(f"{(seed if seed is not None else next(_serial)) % 10**9:09d}")


def person_data(**overrides: object) -> PersonData:
    values: dict[str, object] = {
        "national_code": national_code(),
        "first_name": "زهرا",
        "last_name": "کریمی",
        "father_name": "حسن",
        "birth_date": dt.date(1990, 5, 1),
        "gender": "female",
        "mobile": "09121234567",
    }
    values.update(overrides)
    return PersonData(**values)  # type: ignore[arg-type]
