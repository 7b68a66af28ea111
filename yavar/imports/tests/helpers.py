"""Building import files in tests, and running an import through its background tasks.

Importable from other apps' import tests (yavar.people.tests.test_import_*): this layer sits
below them. Nothing here imports an app above `imports`.
"""

from __future__ import annotations

import csv
import importlib
import io
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any

import openpyxl
import xlsxwriter
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, Resolver404, include, path, resolve, reverse

from yavar.imports import services
from yavar.imports.models import ImportBatch

PERSON_HEADERS = [
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


def national_code(seed: int) -> str:
    body = f"{seed % 10**9:09d}"
    rest = sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
    return body + str(rest if rest < 2 else 11 - rest)


def person_row(seed: int, **overrides: Any) -> list[Any]:
    """A valid row under PERSON_HEADERS; override cells by header-free names."""
    values: dict[str, Any] = {
        "national_code": national_code(100_000_000 + seed),
        "first_name": "زهرا",
        "last_name": "کریمی",
        "father_name": "حسن",
        "birth_date": "1370/05/12",
        "gender": "زن",
        "mobile": "09121234567",
        "county": "C2301",
        "address": "تهران، خیابان آزادی",
        "postal_code": "1234567891",
    }
    values.update(overrides)
    return list(values.values())


def xlsx_bytes(rows: Sequence[Sequence[Any]], *, writer: str = "xlsxwriter") -> bytes:
    """A workbook as Microsoft-Excel-like writers produce it (xlsxwriter) or as openpyxl and
    LibreOffice-like tools do (inline structure differs: shared strings vs. per-cell)."""
    out = io.BytesIO()
    if writer == "openpyxl":
        book = openpyxl.Workbook()
        sheet = book.active
        for row in rows:
            sheet.append(list(row))
        book.save(out)
    else:
        workbook = xlsxwriter.Workbook(out, {"in_memory": True})
        worksheet = workbook.add_worksheet()
        date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if hasattr(value, "isoformat") and not isinstance(value, str):
                    worksheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, str):
                    worksheet.write_string(r, c, value)  # "=…" stays text, as typed
                elif value is not None:
                    worksheet.write(r, c, value)
        workbook.close()
    return out.getvalue()


def csv_bytes(
    rows: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig", delimiter: str = ","
) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter).writerows(rows)
    if encoding == "cp1256":
        # Windows-1256 has no Persian ی/ک: Excel writes the Arabic letters in their place.
        return text.getvalue().translate({0x06CC: 0x064A, 0x06A9: 0x0643}).encode(encoding)
    return text.getvalue().encode(encoding)


def upload(
    capture: Callable[..., Any],
    *,
    actor: Any,
    unit: Any,
    content: bytes,
    name: str = "people.xlsx",
    kind: str = "people.person",
) -> ImportBatch:
    """Upload through the service and run the check task it queues, as a worker would."""
    with capture(execute=True):
        batch = services.batch_upload(
            actor=actor, kind=kind, org_unit=unit, upload=ContentFile(content, name=name)
        )
    batch.refresh_from_db()
    return batch


def approve(capture: Callable[..., Any], *, actor: Any, batch: ImportBatch) -> ImportBatch:
    with capture(execute=True):
        services.batch_approve(actor=actor, batch=batch)
    batch.refresh_from_db()
    return batch


# --- URLs until config/urls.py mounts the import pages and API --------------------------------

_MODULE = "yavar_imports_test_urls"


def _mounted(url: str) -> bool:
    try:
        resolve(url)
    except Resolver404:
        return False
    return True


def mount_import_urls(settings: Any) -> None:
    """Serve /imports/ and /api/v1/imports/ in tests even before config/urls.py mounts them.

    Once they are mounted for real this does nothing. Modules above this layer (config, the
    project API) are loaded by name at run time, never imported by this package.
    """
    try:
        reverse("imports:batch_list")
        pages = True
    except NoReverseMatch:
        pages = False
    api = _mounted("/api/v1/imports/")
    if pages and api:
        return
    if _MODULE not in sys.modules:
        root = importlib.import_module(settings.ROOT_URLCONF)
        patterns: list[Any] = []
        if not api:
            from ninja import NinjaAPI

            from yavar.imports.api import router

            test_api = NinjaAPI(
                urls_namespace="imports_test_api",
                auth=importlib.import_module("yavar.api.auth").AUTH,
            )
            importlib.import_module("yavar.api.errors").install(test_api)
            test_api.add_router("/imports", router)
            patterns.append(path("api/v1/", test_api.urls))
        if not pages:
            patterns.append(path("imports/", include("yavar.imports.urls")))
        module = types.ModuleType(_MODULE)
        module.urlpatterns = [*patterns, *root.urlpatterns]  # type: ignore[attr-defined]
        for handler in ("handler403", "handler404", "handler500"):
            setattr(module, handler, getattr(root, handler, None))
        sys.modules[_MODULE] = module
    settings.ROOT_URLCONF = _MODULE
