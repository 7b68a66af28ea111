"""Donation figures against totals computed by hand from generated donations."""

from __future__ import annotations

import datetime as dt
import io
import random
from collections import defaultdict

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext as _

from yavar.core.jalali import MONTH_NAMES_FA, SEASON_NAMES_FA, JalaliDate
from yavar.core.persian import to_persian_digits
from yavar.giving import figures
from yavar.giving.enums import Channel, DonationStatus, Method
from yavar.giving.models import Campaign, Cause, Donation

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 15)


def noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def world(personas):
    rng = random.Random(1404)
    causes = [
        Cause.objects.create(code="children", area="children", title="کودکان"),
        Cause.objects.create(code="elderly", area="elderly", title="سالمندان"),
    ]
    online = Campaign.objects.create(
        cause=causes[0],
        title="پویش برخط",
        method=Method.ONLINE,
        goal_rials=100_000_000,
        starts_on=TODAY - dt.timedelta(days=300),
        ends_on=TODAY,
    )
    sms = Campaign.objects.create(
        cause=causes[1],
        title="پویش پیامکی تهران",
        method=Method.SMS,
        province=personas.tehran,
        goal_rials=40_000_000,
        starts_on=TODAY - dt.timedelta(days=300),
        ends_on=TODAY,
    )
    donations = []
    for n in range(80):
        campaign = rng.choice([None, online, sms])
        status = rng.choice([DonationStatus.PAID] * 4 + [DonationStatus.PENDING])
        status = DonationStatus.VOIDED if n % 17 == 0 else status
        donation = Donation.objects.create(
            tracking_code=f"3{n:011d}",
            cause=campaign.cause if campaign else rng.choice(causes),
            campaign=campaign,
            province=rng.choice([None, personas.tehran, personas.isfahan]),
            amount_rials=rng.choice([100_000, 250_000, 1_000_000, 3_500_000]),
            channel=rng.choice([Channel.WEB, Channel.POS, Channel.BANK_DEPOSIT]),
            status=status,
            paid_at=noon(TODAY - dt.timedelta(days=rng.randrange(0, 250)))
            if status != DonationStatus.PENDING
            else None,
        )
        donations.append(donation)
    return {"donations": donations, "online": online, "sms": sms}


def expected(donations, key, *, keep=lambda d: True):
    sums = defaultdict(lambda: [0, 0])
    for d in donations:
        if d.status == DonationStatus.PAID and keep(d):
            sums[key(d)][0] += 1
            sums[key(d)][1] += d.amount_rials
    return {k: tuple(v) for k, v in sums.items()}


def as_dict(rows):
    return {r.label: (r.count, r.total) for r in rows}


def local_day(d):
    return timezone.localtime(d.paid_at).date()


def test_hq_totals_by_cause_province_channel_and_campaign(world, personas):
    user, flt, ds = personas.national_expert, figures.FigureFilter(), world["donations"]
    assert as_dict(figures.by_cause(user=user, flt=flt)) == expected(ds, lambda d: d.cause.title)
    assert as_dict(figures.by_province(user=user, flt=flt)) == expected(
        ds, lambda d: d.province.name_fa if d.province else _("Country-wide (no province)")
    )
    assert as_dict(figures.by_channel(user=user, flt=flt)) == expected(
        ds, lambda d: str(Channel(d.channel).label)
    )
    assert as_dict(figures.by_campaign(user=user, flt=flt)) == expected(
        ds, lambda d: d.campaign.title if d.campaign else _("No campaign")
    )
    total = figures.totals(user=user, flt=flt)
    assert (total.count, total.total) == tuple(
        map(sum, zip(*expected(ds, lambda d: 1).values(), strict=True))
    )


@pytest.mark.parametrize("period", ["month", "season", "year"])
def test_jalali_periods_within_a_date_range(world, personas, period):
    start, end = TODAY - dt.timedelta(days=120), TODAY - dt.timedelta(days=10)
    flt = figures.FigureFilter(start, end, period)

    def label(d):
        j = JalaliDate.from_gregorian(local_day(d))
        if period == "year":
            return str(j.year)
        if period == "season":
            return f"{SEASON_NAMES_FA[(j.month - 1) // 3]} {j.year}"
        return f"{MONTH_NAMES_FA[j.month - 1]} {j.year}"

    rows = figures.by_period(user=personas.national_expert, flt=flt)
    assert as_dict(rows) == expected(
        world["donations"], label, keep=lambda d: start <= local_day(d) <= end
    )


def test_a_province_sees_only_its_own_donations_and_campaigns(world, personas):
    user, flt = personas.tehran_expert, figures.FigureFilter()
    tehran = lambda d: d.province == personas.tehran  # noqa: E731
    assert as_dict(figures.by_cause(user=user, flt=flt)) == expected(
        world["donations"], lambda d: d.cause.title, keep=tehran
    )
    assert {r.label for r in figures.by_province(user=user, flt=flt)} == {"تهران"}
    methods = {m.method: m for m in figures.method_comparison(user=user, flt=flt)}
    assert methods[Method.ONLINE].campaigns == 0 and methods[Method.SMS].campaigns == 1


def test_the_method_comparison(world, personas):
    rows = {
        m.method: m
        for m in figures.method_comparison(
            user=personas.national_expert, flt=figures.FigureFilter()
        )
    }
    for method, campaign in ((Method.ONLINE, world["online"]), (Method.SMS, world["sms"])):
        count, total = expected(
            world["donations"], lambda d: 1, keep=lambda d, c=campaign: d.campaign_id == c.pk
        ).get(1, (0, 0))
        row = rows[method]
        assert (row.campaigns, row.donations, row.total) == (1, count, total)
        assert row.average == total // count
        assert row.percent_of_goal == total * 100 // campaign.goal_rials
    assert (rows[Method.EVENT].campaigns, rows[Method.EVENT].percent_of_goal) == (0, None)


def test_the_page_and_its_exports(world, personas, login, client):
    login(personas.national_expert)
    start = JalaliDate.from_gregorian(TODAY - dt.timedelta(days=60)).isoformat()
    page = client.get("/giving/figures/", {"date_from": to_persian_digits(start)})
    assert page.status_code == 200
    keep = lambda d: local_day(d) >= TODAY - dt.timedelta(days=60)  # noqa: E731
    by_cause = expected(world["donations"], lambda d: d.cause.title, keep=keep)
    response = client.get("/giving/figures/cause.xlsx", {"date_from": start})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))
    assert {r[0]: (r[1], r[2]) for r in rows[1:]} == by_cause
    methods = client.get("/giving/figures/methods.xlsx")
    table = list(
        openpyxl.load_workbook(io.BytesIO(methods.content)).active.iter_rows(values_only=True)
    )
    assert len(table) == 1 + len(Method.choices)
    assert client.get("/giving/figures/nonsense.xlsx").status_code == 404


def test_bad_dates_are_refused_clearly_and_others_are_turned_away(world, personas, login, client):
    login(personas.national_expert)
    page = client.get("/giving/figures/", {"date_from": "1404/13/40"})
    assert page.status_code == 200 and "is-invalid" in page.content.decode()
    client.logout()
    login(personas.auditor)
    assert client.get("/giving/figures/").status_code == 403
    assert client.get("/giving/figures/cause.xlsx").status_code == 403
