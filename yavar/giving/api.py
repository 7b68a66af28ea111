"""/api/v1/giving: the participation service (19071058105) for other systems.

Public: the causes, the running campaigns with what each has raised, and a donation's receipt by
its tracking code (never who gave it). Staff: the finance and HQ figures, scoped like the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.jalali import MAX_YEAR, jalali_year, period_bounds

from . import figures
from .allocations import impact_of
from .campaigns import running_campaigns
from .selectors import active_causes, donation_for_receipt

router = Router(tags=["giving"])

# --- Public -------------------------------------------------------------------------------


class CauseOut(Schema):
    id: int
    code: str
    name: str
    area: str
    area_label: str
    description: str


class CampaignOut(Schema):
    id: int
    title: str
    cause_id: int
    method: str
    province_code: str | None  # None: a national campaign
    goal_rials: int
    raised_rials: int  # paid donations only
    gifts: int  # paid donations; donors are not identified, so gifts are what is counted
    starts_on: dt.date
    ends_on: dt.date


class NamedOut(Schema):
    id: int
    title: str


class ImpactOut(Schema):
    purpose: str
    province: str | None
    amount_rials: int


class DonationOut(Schema):
    tracking_code: str
    status: str
    status_label: str
    amount_rials: int
    cause: NamedOut
    campaign: NamedOut | None
    province: str | None  # where the gift goes: a province, and a county within it
    county: str | None
    paid_at: dt.datetime | None
    bank_reference: str | None  # as on the receipt: shown once paid
    impact: list[ImpactOut]


@router.get("/causes", response=list[CauseOut], auth=None)
def cause_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "code": c.code,
            "name": c.title,
            "area": c.area,
            "area_label": str(c.get_area_display()),
            "description": c.description,
        }
        for c in active_causes()
    ]


@router.get("/campaigns", response=list[CampaignOut], auth=None)
def campaign_list(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "id": c.pk,
            "title": c.title,
            "cause_id": c.cause_id,
            "method": c.method,
            "province_code": c.province.code if c.province else None,
            "goal_rials": c.goal_rials,
            "raised_rials": c.raised,  # type: ignore[attr-defined]
            "gifts": c.gifts,  # type: ignore[attr-defined]
            "starts_on": c.starts_on,
            "ends_on": c.ends_on,
        }
        for c in running_campaigns()
    ]


@router.get("/donations/{tracking_code}", response=DonationOut, auth=None)
def donation_receipt(request: HttpRequest, tracking_code: str) -> dict[str, Any]:
    """What the public receipt page shows for a tracking code; never the donor's identity."""
    d = donation_for_receipt(tracking_code)
    campaign = {"id": d.campaign.pk, "title": d.campaign.title} if d.campaign else None
    return {
        "tracking_code": d.tracking_code,
        "status": d.status,
        "status_label": str(d.get_status_display()),
        "amount_rials": d.amount_rials,
        "cause": {"id": d.cause.pk, "title": d.cause.title},
        "campaign": campaign,
        "province": d.province.name_fa if d.province else None,
        "county": d.county.name_fa if d.county else None,
        "paid_at": d.paid_at,
        "bank_reference": (d.bank_reference or d.external_reference) if d.paid_at else None,
        "impact": [
            {
                "purpose": row["allocation__purpose"],
                "province": row["allocation__province__name_fa"],
                "amount_rials": row["amount"],
            }
            for row in impact_of(d)
        ],
    }


# --- Staff --------------------------------------------------------------------------------


class RowOut(Schema):
    label: str
    count: int
    total_rials: int


class MethodOut(Schema):
    method: str
    label: str
    campaigns: int
    donations: int
    total_rials: int
    goal_rials: int
    average_rials: int
    percent_of_goal: int | None


class FiguresOut(Schema):
    year: int
    date_from: dt.date
    date_to: dt.date  # inclusive
    total: RowOut
    by_cause: list[RowOut]
    by_province: list[RowOut]
    by_county: list[RowOut]
    by_channel: list[RowOut]
    by_campaign: list[RowOut]
    by_season: list[RowOut]
    by_month: list[RowOut]
    methods: list[MethodOut]


def _rows(rows: list[figures.Row]) -> list[dict[str, Any]]:
    return [{"label": r.label, "count": r.count, "total_rials": r.total} for r in rows]


def _year_filter(year: int, period: str) -> figures.FigureFilter:
    start, end = period_bounds(year)
    return figures.FigureFilter(start, end - dt.timedelta(days=1), period)


@router.get("/figures", response=FiguresOut)
def figures_of_year(
    request: HttpRequest, year: int | None = Query(None, ge=1, le=MAX_YEAR - 1)
) -> dict[str, Any]:
    """Paid cash donations of one Jalali year (this year by default) in the caller's area, as
    /giving/figures/ shows them. Without the reports permission the figures do not exist."""
    user = request.auth  # type: ignore[attr-defined]
    year = year or jalali_year(timezone.localdate())
    flt = _year_filter(year, "month")
    try:
        total = figures.totals(user=user, flt=flt)
    except ApplicationError as exc:
        if exc.code != ErrorCode.PERMISSION_DENIED:
            raise
        raise ApplicationError(ErrorCode.NOT_FOUND) from exc
    return {
        "year": year,
        "date_from": flt.date_from,
        "date_to": flt.date_to,
        "total": _rows([total])[0],
        "by_cause": _rows(figures.by_cause(user=user, flt=flt)),
        "by_province": _rows(figures.by_province(user=user, flt=flt)),
        "by_county": _rows(figures.by_county(user=user, flt=flt)),
        "by_channel": _rows(figures.by_channel(user=user, flt=flt)),
        "by_campaign": _rows(figures.by_campaign(user=user, flt=flt)),
        "by_season": _rows(figures.by_period(user=user, flt=_year_filter(year, "season"))),
        "by_month": _rows(figures.by_period(user=user, flt=flt)),
        "methods": [
            {
                "method": m.method,
                "label": m.label,
                "campaigns": m.campaigns,
                "donations": m.donations,
                "total_rials": m.total,
                "goal_rials": m.goal,
                "average_rials": m.average,
                "percent_of_goal": m.percent_of_goal,
            }
            for m in figures.method_comparison(user=user, flt=flt)
        ],
    }
