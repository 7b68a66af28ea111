"""The civil registry's settings key, name and defaults (which match the simulator, so a fresh
clone's `make run` works with no configuration)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..conf import BodyConfig, body_config

BODY = "civil_registry"
TITLE = _("civil registry")
INQUIRY_PATH = "/v1/identity/inquiry"
DEFAULT_PORT = 8101

DEFAULTS = {
    "url": f"http://127.0.0.1:{DEFAULT_PORT}",
    "username": "yavar",
    # Development only: production settings supply real credentials from the environment.
    "password": "simulator",
}


def config() -> BodyConfig:
    return body_config(BODY, DEFAULTS)
