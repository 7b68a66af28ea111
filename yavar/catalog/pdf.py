"""The printed card: the same sections as the page, laid out like the official form, rendered
by WeasyPrint with the Vazirmatn font vendored from npm (no network, no CDN)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from .presenters import card_context
from .schema import Card

FONT_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "vazirmatn" / "fonts" / "webfonts"


def card_pdf(card: Card, *, version: int) -> bytes:
    from weasyprint import HTML  # imported here: it loads native libraries (pango)

    with translation.override("fa"):
        html = render_to_string(
            "catalog/print.html",
            {**card_context(card), "version": version, "font_url": FONT_DIR.as_uri()},
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
