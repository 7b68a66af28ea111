"""Benchmark: importing people from a 100,000-row .xlsx (issue 3, "Performance").

One run, one fresh temporary database (SQLite by default, PostgreSQL when DATABASE_URL points
at one), the same generated file for three contenders:

  a) Yavar's staged import end to end: upload → check every row (background task) → a second
     person approves → import (background task), through the services and tasks.
  b) django-import-export importing the same file into the same model with its fastest
     documented options (use_bulk, skip_diff, CachedInstanceLoader, batch_size).
  c) The limit: python-calamine read + insert with no validation at all (bulk_create on SQLite,
     COPY on PostgreSQL).

Usage:  .venv/bin/python bench/import_people.py [--rows N] [--repeat N] [--no-write]
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/...
Results are printed and written into the "## Person import" section of bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DIE_GOAL_FACTOR = 5
LIMIT_GOAL_FRACTION = 0.25

FEMALE = "زهرا فاطمه مریم معصومه سکینه نرگس ریحانه الهام سمیه زینب کوثر مهسا فرشته لیلا نازنین‌زهرا طاهره صدیقه اعظم مهناز شیرین پریسا نسرین آزاده سارا هانیه ملیکا فاطمه‌زهرا رقیه خدیجه".split()  # noqa: E501
MALE = "علی محمد حسین رضا مهدی امیر حسن جواد محمدرضا امیرحسین ابوالفضل سعید مجید حمید احمد مصطفی عباس اکبر غلامرضا یوسف یعقوب کاظم ناصر بهرام داوود".split()  # noqa: E501
LAST = "کریمی محمدی حسینی رضایی احمدی موسوی جعفری قاسمی صادقی هاشمی نوروزی کاظمی عباسی رحیمی اکبری سلطانی شریفی مرادی نجفی باقری حیدری یوسفی ابراهیمی فتحی زارعی اسدی مختاری شجاعی طاهری نظری جهانگیری بهرامی امیری سبحانی خسروی".split()  # noqa: E501
STREETS = "آزادی انقلاب ولیعصر شریعتی جمهوری مطهری طالقانی کارگر بهار نواب".split()
HEADERS = [
    "کد ملی",
    "نام",
    "نام خانوادگی",
    "نام پدر",
    "تاریخ تولد",
    "جنسیت",
    "تلفن همراه",
    "شهرستان",
    "نشانی",
    "کد پستی",
]
TEHRAN_COUNTIES = [
    f"C23{n:02d}" for n in (1, 2, 3, 4, 6, 9, 10, 12, 13, 14, 16, 17, 18, 19, 20, 21)
]
COUNTY_NAMES = ["تهران", "ری", "شمیرانات", "ورامین", "اسلامشهر", "رباط کریم"]
PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


# --- The file ---------------------------------------------------------------------------------


def national_code(body: int) -> str:
    digits = f"{body:09d}"
    rest = sum(int(d) * (10 - i) for i, d in enumerate(digits)) % 11
    return digits + str(rest if rest < 2 else 11 - rest)


def generate(path: Path, rows: int, seed: int = 1403) -> None:
    """Valid rows as a provincial office would send them: Jalali dates (some in Persian
    digits, some Gregorian), county codes and names, ZWNJ in names."""
    import xlsxwriter

    rnd = random.Random(seed)
    bodies = rnd.sample(range(10_000_000, 999_999_999), rows)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    sheet.right_to_left()
    sheet.write_row(0, 0, HEADERS)
    for index, body in enumerate(bodies, start=1):
        female = rnd.random() < 0.6
        year = rnd.randint(1320, 1402)
        month, day = rnd.randint(1, 12), rnd.randint(1, 29)
        choice = rnd.random()
        if choice < 0.8:
            birth = f"{year}/{month:02d}/{day:02d}"
        elif choice < 0.9:
            birth = f"{year}/{month}/{day}".translate(PERSIAN_DIGITS)
        else:
            birth = f"{rnd.randint(1945, 2020)}-{month:02d}-{min(day, 28):02d}"
        county = rnd.choice(TEHRAN_COUNTIES) if rnd.random() < 0.8 else rnd.choice(COUNTY_NAMES)
        sheet.write_row(
            index,
            0,
            [
                national_code(body),
                rnd.choice(FEMALE if female else MALE),
                rnd.choice(LAST),
                rnd.choice(MALE),
                birth,
                "زن" if female else "مرد",
                f"09{rnd.randint(10, 39)}{rnd.randint(0, 9_999_999):07d}",
                county,
                f"تهران، خیابان {rnd.choice(STREETS)}، کوچه {rnd.randint(1, 40)}، "
                f"پلاک {rnd.randint(1, 200)}",
                f"{rnd.randint(1, 9)}{rnd.randint(0, 999_999_999):09d}",
            ],
        )
    workbook.close()


# --- The database -----------------------------------------------------------------------------


class Database:
    """This run's database, and a way back to its freshly migrated state.

    Every contender starts from the same just-migrated database: emptying the table between
    runs is not the same (SQLite's FTS5 index keeps delete markers, PostgreSQL dead tuples),
    and would favour whoever runs first.
    """

    def __init__(self, tmp: Path) -> None:
        url = os.environ.get("DATABASE_URL", "")
        self.vendor = "postgresql" if url.startswith("postgres") else "sqlite"
        self.path = tmp / "bench.sqlite3"
        self.pristine = tmp / "pristine.sqlite3"
        self.name = f"yavar_bench_{uuid.uuid4().hex[:10]}"
        self.base = url.rsplit("/", 1)[0]

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.base}/postgres", autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)

    def create(self) -> None:
        """Point the settings at a new empty database (before django.setup)."""
        if self.vendor == "sqlite":
            os.environ.pop("DATABASE_URL", None)
            os.environ["YAVAR_SQLITE_PATH"] = str(self.path)
        else:
            self._admin(f"CREATE DATABASE \"{self.name}\" TEMPLATE template0 ENCODING 'UTF8'")
            os.environ["DATABASE_URL"] = f"{self.base}/{self.name}"

    def keep_pristine(self) -> None:
        """Remember the migrated state."""
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            shutil.copy(self.path, self.pristine)
        else:
            self._admin(f'CREATE DATABASE "{self.name}_pristine" TEMPLATE "{self.name}"')

    def restore(self) -> None:
        from django.db import connections

        connections.close_all()
        if self.vendor == "sqlite":
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            shutil.copy(self.pristine, self.path)
        else:
            self._admin(
                f'DROP DATABASE "{self.name}" WITH (FORCE)',
                f'CREATE DATABASE "{self.name}" TEMPLATE "{self.name}_pristine"',
            )

    def drop(self) -> None:
        if self.vendor == "postgresql":
            from django.db import connections

            connections.close_all()
            self._admin(
                f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)',
                f'DROP DATABASE IF EXISTS "{self.name}_pristine" WITH (FORCE)',
            )


def setup_django(tmp: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    # Tasks run in-process as soon as they are queued: the measured time includes them.
    os.environ["YAVAR_TASK_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    os.environ.setdefault("YAVAR_LOG_LEVEL", "WARNING")
    import django
    from django.conf import settings

    django.setup()
    settings.MEDIA_ROOT = str(tmp / "media")
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def person_count() -> int:
    from yavar.people.models import Person

    return Person.objects.count()


# --- a) Yavar ---------------------------------------------------------------------------------


def run_yavar(path: Path, rows: int) -> dict[str, float]:
    from django.core.files import File

    from yavar.accounts import services as accounts
    from yavar.accounts.roles import Role
    from yavar.imports import services
    from yavar.imports.enums import BatchStatus
    from yavar.orgunits.models import OrgUnit

    tehran = OrgUnit.objects.get(code="P23")
    users = []
    for name in ("bench-uploader", "bench-approver"):
        user = accounts.user_create(actor=None, username=name, password=None)
        accounts.membership_grant(
            actor=None, user=user, role=Role.PROVINCIAL_EXPERT, org_unit=tehran
        )
        users.append(type(user).objects.get(pk=user.pk))
    uploader, approver = users

    started = time.perf_counter()
    with path.open("rb") as handle:
        batch = services.batch_upload(
            actor=uploader,
            kind="people.person",
            org_unit=tehran,
            upload=File(handle),
            name=path.name,
        )
    checked = time.perf_counter()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY, (batch.status, batch.file_problem, batch.error_rows)
    assert batch.valid_rows == rows, (batch.valid_rows, batch.error_rows)
    services.batch_approve(actor=approver, batch=batch, expected_run=batch.run)
    done = time.perf_counter()
    batch.refresh_from_db()
    assert batch.status == BatchStatus.APPLIED, (batch.status, batch.failure)
    assert person_count() == rows
    # The search index took every imported person (FTS5 on SQLite, trigram GIN on PostgreSQL).
    from yavar.people.models import Person
    from yavar.people.search import search

    indexed = search(Person.objects.all(), text="زهرا").count()
    assert indexed == Person.objects.filter(name_key__contains="زهرا").count() > 0
    return {"check": checked - started, "apply": done - checked, "total": done - started}


# --- b) django-import-export -------------------------------------------------------------------


def die_resource() -> Any:
    from import_export import fields, resources, widgets
    from import_export.instance_loaders import CachedInstanceLoader

    from yavar.core.jalali import parse_jalali
    from yavar.core.persian import to_ascii_digits
    from yavar.orgunits.models import OrgUnit
    from yavar.people.keys import keys_for
    from yavar.people.models import Person

    counties = {u.code: u for u in OrgUnit.objects.filter(kind="county")}
    counties.update(
        {u.name_fa: u for u in OrgUnit.objects.filter(kind="county", code__startswith="C23")}
    )

    class BirthDate(widgets.Widget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
            if not value:
                return None
            text = to_ascii_digits(str(value)).strip()
            if int(text[:4]) > 1700:
                return dt.date.fromisoformat(text)
            return parse_jalali(text).to_gregorian()

    class Choice(widgets.Widget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
            return {"زن": "female", "مرد": "male"}[str(value).strip()]

    class County(widgets.ForeignKeyWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
            return counties[str(value).strip()]

    class Text(widgets.CharWidget):
        def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
            return "" if value is None else str(value).strip()

    class PersonResource(resources.ModelResource):
        national_code = fields.Field("national_code", "کد ملی", widget=Text())
        first_name = fields.Field("first_name", "نام", widget=Text())
        last_name = fields.Field("last_name", "نام خانوادگی", widget=Text())
        father_name = fields.Field("father_name", "نام پدر", widget=Text())
        birth_date = fields.Field("birth_date", "تاریخ تولد", widget=BirthDate())
        gender = fields.Field("gender", "جنسیت", widget=Choice())
        mobile = fields.Field("mobile", "تلفن همراه", widget=Text())
        org_unit = fields.Field("org_unit", "شهرستان", widget=County(OrgUnit))
        address = fields.Field("address", "نشانی", widget=Text())
        postal_code = fields.Field("postal_code", "کد پستی", widget=Text())

        class Meta:
            model = Person
            fields = (
                "national_code",
                "first_name",
                "last_name",
                "father_name",
                "birth_date",
                "gender",
                "mobile",
                "org_unit",
                "address",
                "postal_code",
            )
            import_id_fields = ("national_code",)
            # Its fastest documented options (docs: "Bulk imports").
            use_bulk = True
            skip_diff = True
            skip_html_diff = True
            batch_size = 1000
            instance_loader_class = CachedInstanceLoader

        def before_save_instance(self, instance: Any, row: Any, **kwargs: Any) -> None:
            for key, value in keys_for(
                first_name=instance.first_name,
                last_name=instance.last_name,
                father_name=instance.father_name,
            ).items():
                setattr(instance, key, value)

    return PersonResource()


def run_die(path: Path, rows: int) -> dict[str, float]:
    from import_export.formats.base_formats import XLSX

    started = time.perf_counter()
    with path.open("rb") as handle:
        dataset = XLSX().create_dataset(handle.read())
    loaded = time.perf_counter()
    result = die_resource().import_data(dataset, raise_errors=True, use_transactions=True)
    done = time.perf_counter()
    assert not result.has_errors() and not result.has_validation_errors()
    assert person_count() == rows, person_count()
    return {"read": loaded - started, "import": done - loaded, "total": done - started}


# --- c) The limit -----------------------------------------------------------------------------


def _read_minimal(path: Path) -> list[dict[str, Any]]:
    """Only what the database needs to accept the row: no validation, no search keys."""
    from python_calamine import CalamineWorkbook

    from yavar.core.jalali import JalaliDate
    from yavar.orgunits.models import OrgUnit

    table = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    county = {u.code: u.pk for u in OrgUnit.objects.filter(kind="county")}
    county.update(
        {u.name_fa: u.pk for u in OrgUnit.objects.filter(kind="county", code__startswith="C23")}
    )
    gender = {"زن": "female", "مرد": "male"}
    ascii_digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    records = []
    for row in table[1:]:
        code, first, last, father, birth, sex, mobile, unit, address, postal = map(str, row)
        y, m, d = (int(p) for p in birth.translate(ascii_digits).replace("-", "/").split("/"))
        records.append(
            {
                "national_code": code,
                "first_name": first,
                "last_name": last,
                "father_name": father,
                "birth_date": dt.date(y, m, d) if y > 1700 else JalaliDate(y, m, d).to_gregorian(),
                "gender": gender[sex],
                "mobile": mobile,
                "org_unit_id": county[unit],
                "address": address,
                "postal_code": postal,
            }
        )
    return records


def run_limit(path: Path, rows: int, vendor: str) -> dict[str, float]:
    from django.db import connection, transaction
    from django.utils import timezone

    from yavar.people.models import Person

    started = time.perf_counter()
    records = _read_minimal(path)
    read = time.perf_counter()
    with transaction.atomic():
        if vendor == "postgresql":
            now = timezone.now()
            columns = [
                *records[0],
                *("id_type", "nationality", "identity_status", "identity_mismatches"),
                *("created_at", "updated_at", "version", "name_key", "last_key", "father_key"),
                *("foreign_id", "literacy", "education"),
            ]
            fixed = ["national_code", "IR", "unverified", "[]", now, now, 1, "", "", "", "", "", ""]
            with (
                connection.cursor() as cursor,
                cursor.cursor.copy(f"COPY people_person ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for record in records:
                    copy.write_row([*record.values(), *fixed])
        else:
            Person.objects.bulk_create([Person(**r) for r in records], batch_size=1000)
    done = time.perf_counter()
    assert person_count() == rows
    return {"read": read - started, "insert": done - read, "total": done - started}


def run_staging(path: Path, rows: int) -> dict[str, float]:
    """Where to keep checked rows until approval: the staged file (what yavar.imports does)
    against a table holding one JSON row per record (measured on the same cleaned rows)."""
    from django.core.files import File
    from django.db import transaction

    from yavar.accounts import services as accounts
    from yavar.accounts.roles import Role
    from yavar.imports import services, staging
    from yavar.imports.bulk import bulk_insert
    from yavar.imports.gc_pause import cyclic_gc_paused
    from yavar.imports.models import ImportBatch, ImportRowError
    from yavar.orgunits.models import OrgUnit

    tehran = OrgUnit.objects.get(code="P23")
    user = accounts.user_create(actor=None, username="bench-staging", password=None)
    accounts.membership_grant(actor=None, user=user, role=Role.PROVINCIAL_EXPERT, org_unit=tehran)
    user = type(user).objects.get(pk=user.pk)
    with path.open("rb") as handle:
        batch = services.batch_upload(
            actor=user, kind="people.person", org_unit=tehran, upload=File(handle), name="x.xlsx"
        )
    batch = ImportBatch.objects.get(pk=batch.pk)
    staged = staging.read(batch.staged_name, batch.staged_sha256)
    fields = list(staged[0].values)

    # Both measured as the import runs them: with the cyclic collector paused (gc_pause.py).
    with cyclic_gc_paused():
        started = time.perf_counter()
        name, digest = staging.write(staged, fields=fields, dates={"birth_date"})
        staging.read(name, digest)
        file_done = time.perf_counter()
        with transaction.atomic():
            bulk_insert(
                ImportRowError,
                [
                    {
                        "batch_id": batch.pk,
                        "row_number": r.row_number + 10**6,
                        "errors": [
                            v.isoformat() if isinstance(v, dt.date) else v
                            for v in r.values.values()
                        ],
                    }
                    for r in staged
                ],
            )
        records = ImportRowError.objects.filter(batch=batch, row_number__gte=10**6)
        back = [
            (n, dict(zip(fields, values)))  # noqa: B905
            for n, values in records.values_list("row_number", "errors").iterator(chunk_size=5000)
        ]
        table_done = time.perf_counter()
    assert len(back) == len(staged) == rows
    return {"file": file_done - started, "table": table_done - file_done}


def run_plain_insert(path: Path, rows: int) -> dict[str, float]:
    """SQLite only, for the record: the same no-validation rows through yavar.imports.bulk
    (one prepared statement with executemany) instead of bulk_create."""
    from django.db import transaction

    from yavar.imports.bulk import bulk_insert
    from yavar.people.models import Person

    started = time.perf_counter()
    records = _read_minimal(path)
    with transaction.atomic():
        bulk_insert(Person, records)
    done = time.perf_counter()
    assert person_count() == rows
    return {"total": done - started}


# --- Report -----------------------------------------------------------------------------------


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds else float("inf")


def measure(
    database: Database, label: str, func: Callable[[], dict[str, float]], repeat: int = 1
) -> dict[str, float]:
    """The best of `repeat` runs (each from the pristine database): on a shared machine the
    fastest run is the one least disturbed by other work, for every contender alike."""
    results = []
    for _ in range(repeat):
        database.restore()
        print(f"  {label} …", end="", flush=True)
        result = func()
        parts = ", ".join(f"{k} {v:.2f} s" for k, v in result.items())
        print(f" {parts}", flush=True)
        results.append(result)
    return min(results, key=lambda r: r["total"] if "total" in r else sum(r.values()))


def machine() -> str:
    cpus = os.cpu_count() or 0
    python = platform.python_version()
    return f"{platform.system()} {platform.machine()}, {cpus} cores, Python {python}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--skip-die", action="store_true", help="leave out django-import-export")
    parser.add_argument(
        "--repeat", type=int, default=1, help="run each contender N times, keep the best"
    )
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="yavar-bench-"))
    database = Database(tmp)
    database.create()
    try:
        setup_django(tmp)
        database.keep_pristine()
        vendor, rows = database.vendor, args.rows
        path = tmp / "people.xlsx"
        print(f"Generating {rows:,} rows → {path.name} …", flush=True)
        generate(path, rows)
        print(f"Database: {vendor}; {machine()}")
        path.read_bytes()  # the file in the page cache for everyone alike
        insert = "COPY" if vendor == "postgresql" else "bulk_create"
        repeat = max(1, args.repeat)
        limit = measure(
            database,
            f"limit (calamine + {insert})",
            lambda: run_limit(path, rows, vendor),
            repeat,
        )
        plain = None
        if vendor == "sqlite":
            plain = measure(
                database, "calamine + executemany", lambda: run_plain_insert(path, rows), repeat
            )
        die = None
        if not args.skip_die:
            die = measure(database, "django-import-export", lambda: run_die(path, rows), repeat)
        ours = measure(database, "Yavar staged import", lambda: run_yavar(path, rows), repeat)
        stage = measure(database, "staging: file vs table", lambda: run_staging(path, rows), repeat)
        report(vendor, rows, ours, die, limit, plain, stage, repeat, write=not args.no_write)
    finally:
        database.drop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(
    vendor: str,
    rows: int,
    ours: dict[str, float],
    die: dict[str, float] | None,
    limit: dict[str, float],
    plain: dict[str, float] | None,
    stage: dict[str, float],
    repeat: int,
    *,
    write: bool,
) -> None:
    ours_rate, limit_rate = rate(rows, ours["total"]), rate(rows, limit["total"])
    lines = [
        f"- Yavar staged import (check + approve + import): **{ours_rate:,.0f} rows/s** "
        f"({ours['total']:.1f} s: check {ours['check']:.1f} s, import {ours['apply']:.1f} s)",
    ]
    if die is not None:
        die_rate, die_import_rate = rate(rows, die["total"]), rate(rows, die["import"])
        lines.append(
            f"- django-import-export: {die_rate:,.0f} rows/s with its own xlsx reading "
            f"({die['total']:.1f} s), {die_import_rate:,.0f} rows/s for `import_data` alone"
        )
    lines.append(
        f"- limit (calamine + {'COPY' if vendor == 'postgresql' else 'bulk_create'}, "
        "no validation): "
        f"{limit_rate:,.0f} rows/s ({limit['total']:.1f} s)"
    )
    if plain is not None:
        lines.append(
            f"- for the record, calamine + one executemany (yavar.imports.bulk), no validation: "
            f"{rate(rows, plain['total']):,.0f} rows/s ({plain['total']:.1f} s)"
        )
    if die is not None:
        # The fair headline: both read the same file into rows (file to rows, end to end).
        factor, alone = ours_rate / die_rate, ours_rate / die_import_rate
        lines.append(
            f"- vs django-import-export, file to rows for both: **{factor:.1f}×** "
            f"(goal {DIE_GOAL_FACTOR}×: {'met' if factor >= DIE_GOAL_FACTOR else 'missed'}); "
            f"vs its `import_data` alone (its xlsx reading left out, ours kept in): "
            f"{alone:.1f}× ({'met' if alone >= DIE_GOAL_FACTOR else 'missed'})"
        )
    fraction = ours_rate / limit_rate
    lines.append(
        f"- vs the limit: **{fraction:.2f}** "
        f"(goal {LIMIT_GOAL_FRACTION}: {'met' if fraction >= LIMIT_GOAL_FRACTION else 'missed'})"
    )
    lines.append(
        f"- staging the checked rows until approval (write + read back): file "
        f"{stage['file']:.1f} s, table {stage['table']:.1f} s"
    )
    if repeat > 1:
        lines.append(f"- each figure: the best of {repeat} runs, each from the fresh database")
    print("\n".join(lines))
    if write:
        update_section(vendor, rows, lines)


def update_section(vendor: str, rows: int, lines: list[str]) -> None:
    """Keep one block per database inside the section, replacing this database's block."""
    path = ROOT / "bench" / "RESULTS.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    heading = "## Person import"
    begin, end = f"<!-- person-import:{vendor} -->", f"<!-- /person-import:{vendor} -->"
    block = "\n".join(
        [
            begin,
            f"### {'PostgreSQL' if vendor == 'postgresql' else 'SQLite'} — {dt.date.today()}, "
            f"{rows:,} rows, {machine()}",
            *lines,
            end,
        ]
    )
    if heading not in text:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n"
    if begin in text:
        head, rest = text.split(begin, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        start = text.index(heading) + len(heading)
        following = text.find("\n## ", start)
        insert_at = following if following != -1 else len(text)
        text = text[:insert_at].rstrip("\n") + "\n\n" + block + "\n" + text[insert_at:]
    path.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
