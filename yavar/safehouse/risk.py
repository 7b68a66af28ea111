"""The danger checklist of the intake interview: yes/no items, weighted; the score guides the
social worker's decision, it does not make it."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Item:
    code: str
    question: object
    weight: int


ITEMS = (
    Item("threat_to_kill", _("Has he threatened to kill her or the children?"), 3),
    Item("weapon", _("Has he used or threatened her with a weapon or a knife?"), 3),
    Item("strangling", _("Has he ever choked or strangled her?"), 3),
    Item("fears_for_life", _("Does she believe he could kill her?"), 3),
    Item("escalating", _("Has the violence become more frequent or more severe?"), 2),
    Item("children_threatened", _("Has he threatened or hurt the children?"), 2),
    Item("forced_sex", _("Has he forced her to have sex?"), 2),
    Item("pregnant_violence", _("Was she beaten while pregnant?"), 2),
    Item("recent_separation", _("Has she recently left him or tried to?"), 2),
    Item("injury_needing_care", _("Has she been injured badly enough to need medical care?"), 2),
    Item("controlling", _("Does he control where she goes, her money or her phone?"), 1),
    Item("substance_use", _("Does he abuse drugs or alcohol?"), 1),
)
HIGH_RISK = 10
MEDIUM_RISK = 5


def score(answers: dict[str, bool]) -> int:
    return sum(item.weight for item in ITEMS if answers.get(item.code))


def level(points: int) -> str:
    if points >= HIGH_RISK:
        return "high"
    return "medium" if points >= MEDIUM_RISK else "low"
