"""Which importers exist. Dotted paths, not imports: an importer lives in an app above this
layer (people, childinsurance) and is loaded only when a batch of its kind is handled."""

from __future__ import annotations

from functools import cache

from django.utils.module_loading import import_string

from .base import Importer
from .enums import ImportErrorCode
from .errors import ImportRefused

IMPORTERS: dict[str, str] = {
    "people.person": "yavar.people.importer.PersonImporter",
    "giving.statement": "yavar.giving.reconciliation.importer.BankStatementImporter",
}


@cache
def _load(path: str) -> type[Importer]:
    importer = import_string(path)
    if not (isinstance(importer, type) and issubclass(importer, Importer)):
        raise TypeError(f"{path} is not an Importer")
    return importer


def get_importer(kind: str) -> type[Importer]:
    path = IMPORTERS.get(kind)
    if path is None:
        raise ImportRefused(ImportErrorCode.UNKNOWN_KIND)
    return _load(path)


def all_importers() -> list[type[Importer]]:
    return [get_importer(kind) for kind in IMPORTERS]
