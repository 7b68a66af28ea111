"""Bulk import of people into the registry: the first importer of `yavar.imports`.

The framework reads the file, matches the Persian headers, runs the per-cell parsers below,
stages the clean rows and, after a second person approves, calls `apply` inside its transaction.
This module adds what only the registry knows: which counties the uploader may fill, which
national codes are already registered, how a person row and its search keys are written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.actors import actor_label
from yavar.core.persian import search_key, to_ascii_digits
from yavar.imports import columns as col
from yavar.imports.base import ApplyResult, CellError, Importer, RowInvalid
from yavar.imports.bulk import existing_values
from yavar.imports.columns import CellInvalid, Column, Parser
from yavar.imports.staging import StagedRecords, StagedRow
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import Education, Gender, IdType, Literacy, Nationality, PeopleErrorCode
from .keys import KEY_SEPARATOR, keys_for
from .models import Person
from .provenance import IMPORT_ACTION
from .search import bulk_insert_people

# Rows written per statement batch; also how often the transaction's work is chunked.
APPLY_CHUNK = 20_000
EARLIEST_BIRTH = dt.date(1900, 1, 1)

GENDERS = {
    "زن": Gender.FEMALE,
    "مونث": Gender.FEMALE,
    "مؤنث": Gender.FEMALE,
    "خانم": Gender.FEMALE,
    "f": Gender.FEMALE,
    "مرد": Gender.MALE,
    "مذکر": Gender.MALE,
    "آقا": Gender.MALE,
    "m": Gender.MALE,
}
NATIONALITIES = {
    "ایرانی": Nationality.IRANIAN,
    "ایران": Nationality.IRANIAN,
    "افغانستانی": Nationality.AFGHAN,
    "افغان": Nationality.AFGHAN,
    "افغانی": Nationality.AFGHAN,
    "عراقی": Nationality.IRAQI,
    "پاکستانی": Nationality.PAKISTANI,
    "سایر": Nationality.OTHER,
}
LITERACY = {
    "باسواد": Literacy.LITERATE,
    "بی‌سواد": Literacy.ILLITERATE,
    "بیسواد": Literacy.ILLITERATE,
}
EDUCATION = {
    "بدون تحصیلات": Education.NONE,
    "ندارد": Education.NONE,
    "ابتدایی": Education.PRIMARY,
    "سیکل": Education.LOWER_SECONDARY,
    "راهنمایی": Education.LOWER_SECONDARY,
    "متوسطه اول": Education.LOWER_SECONDARY,
    "دیپلم": Education.DIPLOMA,
    "متوسطه": Education.DIPLOMA,
    "فوق دیپلم": Education.ASSOCIATE,
    "کاردانی": Education.ASSOCIATE,
    "لیسانس": Education.BACHELOR,
    "کارشناسی": Education.BACHELOR,
    "فوق لیسانس": Education.MASTER,
    "کارشناسی ارشد": Education.MASTER,
    "ارشد": Education.MASTER,
    "دکتری": Education.DOCTORATE,
    "دکترا": Education.DOCTORATE,
}

# Person column ← cleaned value, for the rows an import writes (a tuple per row, no dicts).
_WRITTEN = (
    ("national_code", "national_code"),
    ("first_name", "first_name"),
    ("last_name", "last_name"),
    ("father_name", "father_name"),
    ("birth_date", "birth_date"),
    ("gender", "gender"),
    ("nationality", "nationality"),
    ("literacy", "literacy"),
    ("education", "education"),
    ("mobile", "mobile"),
    ("org_unit_id", "county"),
    ("address", "address"),
    ("postal_code", "postal_code"),
    ("name_key", "name_key"),
    ("last_key", "last_key"),
    ("father_key", "father_key"),
)
_PERSON_COLUMNS = ("id_type", *(column for column, _value in _WRITTEN), "import_batch_id")
# Every cleaned value apply() reads, in the order it takes them from a StagedRow.
_STAGED_FIELDS = ("national_code", *{value: None for _column, value in _WRITTEN})

# Optional text columns are stored as "" when empty (the model's blank value), not NULL.
_BLANK_AS_EMPTY = ("father_name", "mobile", "address", "postal_code", "literacy", "education")


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PersonImporter(Importer):
    kind = "people.person"
    title = _("People")
    permission = Perm.PEOPLE_CHANGE
    unit_kinds = frozenset({UnitKind.PROVINCE, UnitKind.COUNTY})
    date_fields = frozenset({"birth_date"})
    columns = (
        Column(
            "national_code",
            _("National code"),
            ("کد ملی", "کدملی", "شماره ملی", "national code", "national id"),
            col.national_code,
            required=True,
            unique=True,
        ),
        Column(
            "first_name",
            _("First name"),
            ("نام", "first name", "given name"),
            col.text(80),
            required=True,
        ),
        Column(
            "last_name",
            _("Last name"),
            ("نام خانوادگی", "نام فامیلی", "فامیلی", "last name", "surname", "family name"),
            col.text(80),
            required=True,
        ),
        Column(
            "father_name", _("Father's name"), ("نام پدر", "father's name", "father"), col.text(80)
        ),
        Column(
            "birth_date",
            _("Birth date"),
            ("تاریخ تولد", "تاریخ تولد شمسی", "birth date", "date of birth", "dob"),
            col.date(earliest=EARLIEST_BIRTH),
        ),
        Column(
            "gender",
            _("Gender"),
            ("جنسیت", "جنس", "gender", "sex"),
            col.choice(GENDERS, Gender.choices),
            required=True,
        ),
        Column(
            "mobile",
            _("Mobile"),
            ("تلفن همراه", "موبایل", "شماره همراه", "شماره موبایل", "همراه", "mobile"),
            col.mobile,
        ),
        # Parsed against the batch's unit and the uploader's scope: see parsers().
        Column("county", _("County"), ("شهرستان", "کد شهرستان", "county")),
        Column("address", _("Address"), ("نشانی", "آدرس", "address"), col.text(500)),
        Column(
            "postal_code",
            _("Postal code"),
            ("کد پستی", "کدپستی", "postal code", "postcode"),
            col.postal_code,
        ),
        Column(
            "nationality",
            _("Nationality"),
            ("ملیت", "تابعیت", "nationality"),
            col.choice(NATIONALITIES, Nationality.choices),
        ),
        Column(
            "literacy",
            _("Literacy"),
            ("سواد", "وضعیت سواد", "literacy"),
            col.choice(LITERACY, Literacy.choices),
        ),
        Column(
            "education",
            _("Education"),
            ("تحصیلات", "میزان تحصیلات", "مدرک تحصیلی", "education"),
            col.choice(EDUCATION, Education.choices),
        ),
    )
    messages = {
        "exists": PeopleErrorCode.NATIONAL_CODE_EXISTS.label,
        "registered_meanwhile": _(
            "A person with this national code was registered after this file was checked."
        ),
        "unknown_county": _("No county has this code or name."),
        "county_out_of_scope": _("This county is outside your area."),
        "ambiguous_county": _(
            "Several counties in your area have this name; write the county code (e.g. C2301)."
        ),
    }

    def __init__(self, *, batch: Any, actor: Any) -> None:
        super().__init__(batch=batch, actor=actor)
        unit = batch.org_unit
        # A county batch may leave the county column out: every row is in that county.
        self.default_county: int | None = unit.pk if unit.kind == UnitKind.COUNTY else None
        self._name_keys: dict[str, str] = {}
        self._fast_keys = all(
            _composed_keys(search_key, *names)
            == keys_for(first_name=names[0], last_name=names[1], father_name=names[2])
            for names in _KEY_SAMPLES
        )

    def required_fields(self) -> frozenset[str]:
        fields = super().required_fields()
        return fields if self.default_county else fields | {"county"}

    def parsers(self) -> dict[str, Parser]:
        return {**super().parsers(), "county": self._county_parser()}

    def _county_parser(self) -> Parser:
        """Code (C2301) or Persian name → county id, within the batch's unit and the
        uploader's scope. Counties are public reference data: saying that a county exists
        but is outside one's area leaks nothing."""
        low, high = self.batch.org_unit.subtree_bounds
        counties = list(OrgUnit.objects.filter(kind=UnitKind.COUNTY, active=True))
        allowed = {
            c.pk
            for c in counties
            if low <= (c.path or "") < high and scope.can(self.actor, self.permission, c)
        }
        by_code = {c.code.upper(): c.pk for c in counties}
        by_name: dict[str, list[int]] = {}
        for county in counties:
            by_name.setdefault(col.header_key(county.name_fa), []).append(county.pk)
        memo: dict[Any, int | CellInvalid] = {}

        def resolve(raw: Any) -> int | CellInvalid:
            text = col.cell_text(raw)
            pk = by_code.get(to_ascii_digits(text).upper().replace(" ", ""))
            if pk is not None:
                return pk if pk in allowed else CellInvalid("county_out_of_scope")
            candidates = by_name.get(col.header_key(text), [])
            inside = [pk for pk in candidates if pk in allowed]
            if len(inside) == 1:
                return inside[0]
            if inside:
                return CellInvalid("ambiguous_county")
            return CellInvalid("county_out_of_scope" if candidates else "unknown_county")

        def parse(raw: Any) -> int:
            found = memo.get(raw)
            if found is None:
                found = memo[raw] = resolve(raw)
            if isinstance(found, CellInvalid):
                raise found
            return found

        return parse

    def clean_row(self, values: dict[str, Any]) -> None:
        if values["county"] is None:
            if self.default_county is None:
                raise RowInvalid([("county", "required", {})])
            values["county"] = self.default_county
        for name in _BLANK_AS_EMPTY:
            if values[name] is None:
                values[name] = ""
        if values["nationality"] is None:
            values["nationality"] = Nationality.IRANIAN.value
        first, last, father = values["first_name"], values["last_name"], values["father_name"]
        # The same keys the person services write, so search finds imported people too.
        if self._fast_keys:
            values.update(_composed_keys(self._search_key, first, last, father))
        else:
            values.update(keys_for(first_name=first, last_name=last, father_name=father))

    def _search_key(self, text: str) -> str:
        # A file repeats a few hundred first and last names across 100,000 rows.
        key = self._name_keys.get(text)
        if key is None:
            key = self._name_keys[text] = search_key(text)
        return key

    def _registered(self, rows: Sequence[StagedRow]) -> set[str]:
        codes = [row.values["national_code"] for row in rows]
        return existing_values(Person, "national_code", codes)

    def find_conflicts(self, rows: Sequence[StagedRow]) -> dict[int, list[CellError]]:
        registered = self._registered(rows)
        return {
            row.row_number: [("national_code", "exists", {})]
            for row in rows
            if row.values["national_code"] in registered
        }

    def apply(self, rows: Sequence[StagedRow]) -> ApplyResult:
        fields = list(_STAGED_FIELDS)
        records = [[row.row_number, *(row.values[name] for name in fields)] for row in rows]
        return self.apply_staged(StagedRecords(fields, records))

    def apply_staged(self, staged: StagedRecords) -> ApplyResult:
        # Someone may have registered one of these people since the file was checked. That is
        # rare, and the unique index on the national code catches it anyway, so the rows are
        # first written as they are, in a savepoint; only if the index refuses one is the
        # savepoint undone and the file looked up against the registry (~0.25 s per 100,000
        # codes saved on every clean import). Those rows are then skipped and reported, the
        # rest imported; any other refusal is raised again by the second attempt.
        fields, records = staged
        position = {name: index for index, name in enumerate(fields, 1)}
        pick = itemgetter(*(position[value] for _column, value in _WRITTEN))
        try:
            with transaction.atomic():
                return self._insert(records, pick, skipped={})
        except IntegrityError:
            pass
        code_at = position["national_code"]
        registered = existing_values(Person, "national_code", [r[code_at] for r in records])
        skipped: dict[int, list[CellError]] = {
            record[0]: [("national_code", "registered_meanwhile", {})]
            for record in records
            if record[code_at] in registered
        }
        todo = [record for record in records if record[0] not in skipped]
        return self._insert(todo, pick, skipped)

    def _insert(
        self,
        todo: Sequence[list[Any]],
        pick: Callable[[list[Any]], tuple[Any, ...]],
        skipped: dict[int, list[CellError]],
    ) -> ApplyResult:
        batch_id, national = self.batch.pk, IdType.NATIONAL_CODE
        pks: list[int] = []
        for chunk in _chunks(todo, APPLY_CHUNK):
            pks += self._write([(national, *pick(record), batch_id) for record in chunk])
        if todo:
            self._audit([record[0] for record in todo], pks)
        return ApplyResult(created=len(todo), skipped=skipped)

    def _write(self, people: list[tuple[Any, ...]]) -> list[int]:
        return bulk_insert_people(people, columns=_PERSON_COLUMNS)

    def _audit(self, row_numbers: Sequence[int], pks: Sequence[int]) -> None:
        """One event for the whole batch, not one per person: who uploaded, who approved, and
        which ids came from which rows, as runs. Each person row points at its batch, and the
        auditor's search by person follows that link (people/provenance.py). The values
        themselves are the person rows (later edits are audited old → new) and the retained
        upload; one event per person cost as much as inserting the people."""
        batch = self.batch
        audit_record(
            actor=self.actor,
            action=IMPORT_ACTION,
            obj=batch,
            data={
                "people": len(pks),
                "ids_from_rows": id_runs(pks, row_numbers),
                "uploaded_by": actor_label(batch.uploaded_by),
                "approved_by": actor_label(self.actor),
                "file_name": batch.original_name,
                "file_sha256": batch.sha256,
            },
        )


def id_runs(pks: Sequence[int], row_numbers: Sequence[int]) -> list[list[int]]:
    """[[first id, last id, first row], ...]: ids first..last came from consecutive rows
    starting at `first row`. A clean file is one run; each skipped row starts a new one."""
    runs: list[list[int]] = []
    for pk, row in zip(pks, row_numbers, strict=True):
        if runs:
            last = runs[-1]
            if pk == last[1] + 1 and row == last[2] + (pk - last[0]):
                last[1] = pk
                continue
        runs.append([pk, pk, row])
    return runs


# keys_for (people.keys) computes each name's search key afresh, ~14 µs a row. The importer
# composes the same keys from memoised per-name keys instead, but only after checking on these
# samples that the composition still equals keys_for: if keys.py changes, the importer falls
# back to calling keys_for and stays correct, just slower.
_KEY_SAMPLES = (
    ("محمد‌رضا", "رضايي", "علی"),
    ("Zahra ", "Karimi", ""),
    ("فاطمه زهرا", "كاظمی", "حسن ۲"),
)


def _composed_keys(key: Callable[[str], str], first: str, last: str, father: str) -> dict[str, str]:
    first_key, last_key = key(first), key(last)
    return {
        "name_key": f"{first_key}{last_key}{KEY_SEPARATOR}{last_key}{first_key}",
        "last_key": last_key,
        "father_key": key(father),
    }
