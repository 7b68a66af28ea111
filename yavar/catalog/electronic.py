"""Which stages of each service Yavar now delivers electronically — declared by the modules
that deliver them (section 6 of the card), never typed by hand.

A module declares in its AppConfig.ready(): `declare(service_id, "request", channel="web",
url_name="giving:donate")`. The catalog declares the informing stage of every card itself,
because the public portal now publishes each card.
"""

from __future__ import annotations

from dataclasses import dataclass

STAGES = ("informing", "request", "production", "follow_up")


@dataclass(frozen=True)
class Declaration:
    service_id: str
    stage: str
    channel: str
    url_name: str
    note: str = ""


_DECLARED: dict[tuple[str, str], list[Declaration]] = {}


def declare(service_id: str, stage: str, *, channel: str, url_name: str, note: str = "") -> None:
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    item = Declaration(service_id, stage, channel, url_name, note)
    entries = _DECLARED.setdefault((service_id, stage), [])
    if item not in entries:
        entries.append(item)


def declared(service_id: str) -> dict[str, list[Declaration]]:
    return {stage: list(_DECLARED.get((service_id, stage), [])) for stage in STAGES}


def declare_for_all(service_ids: list[str], stage: str, *, channel: str, url_name: str) -> None:
    for service_id in service_ids:
        declare(service_id, stage, channel=channel, url_name=url_name)
