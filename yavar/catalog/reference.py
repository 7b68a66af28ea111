"""The five transcribed cards shipped with Yavar (data/cards/<service_id>.json)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .schema import Card

CARDS_DIR = Path(__file__).resolve().parent / "data" / "cards"


def reference_cards() -> list[Card]:
    return [
        Card.model_validate_json(path.read_text(encoding="utf-8"))
        for path in sorted(CARDS_DIR.glob("*.json"))
    ]


def load_reference_cards(card_model: Any, version_model: Any) -> None:
    """Creates version 1 of each shipped card that is not in the database yet."""
    for card in reference_cards():
        if card_model.objects.filter(service_id=card.service_id).exists():
            continue
        row = card_model.objects.create(service_id=card.service_id, title=card.title)
        version_model.objects.create(
            card=row,
            number=1,
            data=card.model_dump(mode="json"),
            note="رونویسی از شناسنامهٔ رسمی خدمت",
        )
