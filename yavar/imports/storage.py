"""Where uploaded and staged import files live: under MEDIA_ROOT, never at a public URL.

Import files hold personal data of thousands of people. They are read only by the workers and
streamed to staff by views that check scope first, so the storage refuses to make a URL.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.core.files.storage import FileSystemStorage
from django.utils import timezone


class PrivateStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise ValueError("Import files are private: stream them through a view that checks scope.")


# No location given: FileSystemStorage follows settings.MEDIA_ROOT, also when tests change it.
_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """A callable, so migrations reference it by name instead of serialising an instance."""
    return _storage


def new_name(extension: str) -> str:
    """A random stored name: the uploaded file name may itself identify people."""
    return f"imports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


def upload_to(instance: Any, filename: str) -> str:
    return new_name(filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin")
