"""Public catalog API (no login): the cards and their live figures. A stable contract."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from yavar.core.errors import ApplicationError, ErrorCode

from . import selectors

router = Router(tags=["catalog"], auth=None)


class ServiceSummary(Schema):
    service_id: str
    title: str
    version: int


@router.get("/catalog/services", response=list[ServiceSummary])
def service_list(request: HttpRequest, q: str = "") -> list[dict[str, Any]]:
    return [
        {"service_id": c.service_id, "title": c.title, "version": c.current_version}
        for c in selectors.card_list(query=q)
    ]


@router.get("/catalog/services/{service_id}")
def service_detail(request: HttpRequest, service_id: str) -> dict[str, Any]:
    try:
        card = selectors.card_get(service_id=service_id)
    except ApplicationError as exc:
        raise ApplicationError(ErrorCode.NOT_FOUND) from exc
    version, data = selectors.card_version(card=card)
    figures = selectors.live_figures(service_id=service_id)
    stages = selectors.stage_status(service_id=service_id)
    body = data.model_dump(mode="json")
    body["version"] = version.number
    body["statistics"] = {
        "paper": data.statistics.model_dump(mode="json"),
        "live": {
            "jalali_year": figures.year,
            "year": figures.total,
            "seasons": figures.seasons,
            "months": figures.months,
            "previous_year": figures.previous_year_total,
        },
    }
    body["electronic_now"] = {
        stage: [{"channel": d.channel, "url_name": d.url_name} for d in declared]
        for stage, declared in stages.items()
    }
    return body
