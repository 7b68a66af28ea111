"""Turns a card (schema.Card) and its live figures into what the page and the PDF show."""

from __future__ import annotations

from typing import Any

from . import labels
from .schema import Card
from .selectors import LiveFigures, live_figures, stage_status


def card_context(card: Card) -> dict[str, Any]:
    figures: LiveFigures = live_figures(service_id=card.service_id)
    declared = stage_status(service_id=card.service_id)
    stages = []
    for code, label in labels.STAGES:
        stage = getattr(card.stages, code)
        stages.append(
            {
                "code": code,
                "label": label,
                "paper": stage,
                "channels": labels.boxes(labels.CHANNELS, stage.channels),
                "reasons": labels.boxes(labels.IN_PERSON_REASONS, stage.in_person_reasons),
                "yavar": declared[code],
            }
        )
    return {
        "card": card,
        "figures": figures,
        "seasons": list(zip(labels.SEASONS, figures.seasons, strict=True)),
        "months": list(zip(_month_names(), figures.months, strict=True)),
        "service_types": labels.boxes(labels.SERVICE_TYPES, card.service_types),
        "natures": labels.boxes(labels.NATURES, card.nature),
        "levels": labels.boxes(labels.LEVELS, card.levels),
        "life_events": labels.boxes(labels.LIFE_EVENTS, card.life_events),
        "start_triggers": labels.boxes(labels.START_TRIGGERS, card.start_triggers),
        "stat_periods": labels.boxes(labels.PERIODS, card.statistics.periods),
        "freq_periods": labels.boxes(labels.PERIODS, card.frequency.periods),
        "stages": stages,
        "mode_labels": dict(labels.MODES),
    }


def _month_names() -> list[str]:
    from yavar.core.jalali import MONTH_NAMES_FA

    return list(MONTH_NAMES_FA)
