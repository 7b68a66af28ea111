"""Loads the reference tree (HQ, the 31 provinces, the 448 counties) from the project's CSVs.

Used by a data migration, so it works on historical models and writes paths itself.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from .models import SEGMENT_WIDTH

DATA_DIR = Path(__file__).resolve().parent / "data"
HQ_CODE = "HQ"


def province_code(sci_code: str) -> str:
    return f"P{int(sci_code):02d}"


def county_code(sci_code: str) -> str:
    return f"C{int(sci_code):04d}"


def segment(pk: int) -> str:
    return str(pk).zfill(SEGMENT_WIDTH)


def _read(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _create(model: Any, parent: Any, depth: int, **fields: Any) -> Any:
    unit = model.objects.create(parent=parent, depth=depth, **fields)
    unit.path = (parent.path if parent else "") + segment(unit.pk)
    model.objects.filter(pk=unit.pk).update(path=unit.path)
    return unit


def load_reference_units(model: Any) -> None:
    if model.objects.filter(code=HQ_CODE).exists():
        return
    hq = _create(
        model,
        None,
        0,
        kind="hq",
        code=HQ_CODE,
        name_fa="ستاد سازمان بهزیستی کشور",
        name_en="State Welfare Organization HQ",
    )
    provinces = {}
    for row in _read("iran_provinces.csv"):
        provinces[row["province_sci_code"]] = _create(
            model,
            hq,
            1,
            kind="province",
            code=province_code(row["province_sci_code"]),
            name_fa=row["name_fa"],
            name_en=row["name_en"],
            sci_code=row["province_sci_code"],
            iso_code=row["province_iso"],
            hasc_code=row["hasc"],
        )
    for row in _read("iran_counties.csv"):
        _create(
            model,
            provinces[row["province_sci_code"]],
            2,
            kind="county",
            code=county_code(row["county_sci_code"]),
            name_fa=row["county_name_fa"],
            sci_code=row["county_sci_code"],
        )
