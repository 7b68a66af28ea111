"""Who acted: a staff user (kept as a foreign key) or another principal such as an API token
or a background task (kept by label only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings


def staff_user_or_none(actor: Any) -> Any:
    meta = getattr(actor, "_meta", None)
    return actor if meta is not None and meta.label == settings.AUTH_USER_MODEL else None


def actor_label(actor: Any) -> str:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "system"
    return str(actor.get_username())[:150]
