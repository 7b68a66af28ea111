"""Participation figures — cash, goods, service pledges — against totals computed by hand from
generated data."""

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
from yavar.giving import figures, figures_inkind
from yavar.giving.enums import Channel, DonationStatus, ItemCategory, Method
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


# --- Goods in kind and service pledges --------------------------------------------------------


@pytest.fixture
def kind_world(personas):
    """Goods and pledges recorded through the real services, with the corrections staff make:
    cancelled receipts, reversed handovers and pledges ended early. Alongside, a plain log of
    what was done, from which the tests compute the expected figures by hand."""
    from yavar.core.validators import complete_national_code
    from yavar.giving import inkind, pledges
    from yavar.giving.benefactors import BenefactorData, benefactor_create
    from yavar.orgunits import services as orgunits
    from yavar.orgunits.enums import CentreType, UnitKind

    rng = random.Random(58105)
    isfahan_centre = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=personas.isfahan_county,
        code="I-WO",
        name_fa="اداره بهزیستی اصفهان",
        centre_type=CentreType.WELFARE_OFFICE,
        address="اصفهان",
    )
    places = {
        "تهران": (personas.tehran_expert, [personas.tehran_office, personas.tehran_county],
                  personas.tehran_office, personas.tehran_county),
        "اصفهان": (personas.isfahan_worker, [isfahan_centre, personas.isfahan_county],
                   isfahan_centre, personas.isfahan_county),
    }  # fmt: skip
    goods = []
    for n in range(36):
        province = rng.choice(list(places))
        actor, offices, centre, _unit = places[province]
        quantity = rng.randrange(1, 40)
        gift = inkind.inkind_receive(
            actor=actor,
            description=f"کالا {n}",
            category=rng.choice(["food", "clothing", "medical"]),
            quantity=quantity,
            measure="piece",
            estimated_value_rials=rng.randrange(1, 500) * 100_000 + rng.randrange(0, 7),
            condition="new",
            warehouse_receipt=f"W-{n}",
            office=rng.choice(offices),
            received_on=TODAY - dt.timedelta(days=rng.randrange(0, 300)),
        )
        handed = 0
        for _attempt in range(rng.randrange(0, 3)):
            take = rng.randrange(1, quantity + 1)
            if take > quantity - handed:
                continue
            handover = inkind.inkind_distribute(
                actor=actor, gift=gift, quantity=take, distributed_on=TODAY, to_centre=centre
            )
            handed += take
            if rng.random() < 0.3:
                inkind.inkind_distribution_reverse(
                    actor=actor, distribution=handover, reason="ثبت اشتباه"
                )
                handed -= take
        cancelled = handed == 0 and rng.random() < 0.25
        if cancelled:
            inkind.inkind_cancel(actor=actor, gift=gift, reason="رسید تکراری")
        goods.append(
            {
                "province": province,
                "category": str(ItemCategory(gift.category).label),
                "day": gift.received_on,
                "value": gift.estimated_value_rials,
                "handed_value": gift.estimated_value_rials * handed // quantity,
                "cancelled": cancelled,
            }
        )
    promised, given = [], []
    for n in range(14):
        province = rng.choice(list(places))
        actor, _offices, centre, unit = places[province]
        benefactor = benefactor_create(
            actor=actor,
            data=BenefactorData(
                kind="person",
                name=f"خیر {n}",
                mobile=f"0912{n:07d}",
                national_code=complete_national_code(f"{400000000 + n:09d}"),
            ),
        )
        starts = TODAY - dt.timedelta(days=rng.randrange(60, 300))
        hours = rng.randrange(5, 40)
        pledge = pledges.pledge_create(
            actor=actor,
            benefactor=benefactor,
            profession="پزشک",
            service="ویزیت",
            hours_pledged=hours,
            starts_on=starts,
            ends_on=TODAY + dt.timedelta(days=30),
            unit=unit,
        )
        delivered, last = 0, starts
        for _visit in range(rng.randrange(0, 4)):
            h = rng.randrange(1, 6)
            if delivered + h > hours:
                break
            last = last + dt.timedelta(days=rng.randrange(0, 20))
            served = rng.randrange(0, 9)
            pledges.pledge_log_delivery(
                actor=actor,
                pledge=pledge,
                delivered_on=last,
                hours=h,
                centre=centre,
                people_served=served,
            )
            delivered += h
            given.append({"province": province, "day": last, "hours": h, "served": served})
        released = 0
        if rng.random() < 0.35:
            pledges.pledge_withdraw(actor=actor, pledge=pledge, ended_on=last, reason="سفر")
            released = hours - delivered
        promised.append({"province": province, "day": starts, "hours": hours, "released": released})
    assert any(g["cancelled"] for g in goods) and any(p["released"] for p in promised)
    return {"goods": goods, "promised": promised, "given": given}


def jalali_label(day, period):
    j = JalaliDate.from_gregorian(day)
    if period == "year":
        return str(j.year)
    if period == "season":
        return f"{SEASON_NAMES_FA[(j.month - 1) // 3]} {j.year}"
    return f"{MONTH_NAMES_FA[j.month - 1]} {j.year}"


def goods_expected(goods, key, *, keep=lambda g: True):
    sums = defaultdict(lambda: [0, 0, 0, 0])
    for g in goods:
        if g["cancelled"] or not keep(g):
            continue
        row = sums[key(g)]
        row[0] += 1
        row[1] += g["value"]
        row[2] += g["handed_value"]
        row[3] += g["value"] - g["handed_value"]
    return {k: tuple(v) for k, v in sums.items()}


def pledges_expected(world, key, *, keep=lambda item: True):
    sums = defaultdict(lambda: [0, 0, 0, 0, 0])
    for p in world["promised"]:
        if keep(p):
            row = sums[key(p)]
            row[0] += 1
            row[1] += p["hours"]
            row[3] += p["released"]
    for d in world["given"]:
        if keep(d):
            row = sums[key(d)]
            row[2] += d["hours"]
            row[4] += d["served"]
    return {k: tuple(v) for k, v in sums.items()}


def as_cells(rows):
    return {r.label: tuple(r.cells()) for r in rows}


def test_goods_by_category_and_province_leave_cancelled_receipts_out(kind_world, personas):
    user, flt, goods = personas.national_expert, figures.FigureFilter(), kind_world["goods"]
    assert as_cells(figures_inkind.goods_by_category(user=user, flt=flt)) == goods_expected(
        goods, lambda g: g["category"]
    )
    assert as_cells(figures_inkind.goods_by_province(user=user, flt=flt)) == goods_expected(
        goods, lambda g: g["province"]
    )


@pytest.mark.parametrize("period", ["month", "season", "year"])
def test_goods_and_pledges_by_jalali_period_within_a_date_range(kind_world, personas, period):
    start, end = TODAY - dt.timedelta(days=200), TODAY - dt.timedelta(days=20)
    flt = figures.FigureFilter(start, end, period)
    user = personas.national_expert
    within = lambda item: start <= item["day"] <= end  # noqa: E731
    label = lambda item: jalali_label(item["day"], period)  # noqa: E731
    goods = figures_inkind.goods_by_period(user=user, flt=flt)
    assert as_cells(goods) == goods_expected(kind_world["goods"], label, keep=within)

    def chronological(item):
        j = JalaliDate.from_gregorian(item["day"])
        return (j.year, {"year": 0, "season": (j.month - 1) // 3, "month": j.month}[period])

    live = [g for g in kind_world["goods"] if within(g) and not g["cancelled"]]
    assert [r.label for r in goods] == [
        text for _k, text in sorted({(chronological(g), label(g)) for g in live})
    ]
    rows = figures_inkind.pledges_by_period(user=user, flt=flt)
    assert as_cells(rows) == pledges_expected(kind_world, label, keep=within)


def test_pledges_by_province_hours_pledged_delivered_released_and_people_served(
    kind_world, personas
):
    rows = figures_inkind.pledges_by_province(
        user=personas.national_expert, flt=figures.FigureFilter()
    )
    expected_rows = pledges_expected(kind_world, lambda item: item["province"])
    assert as_cells(rows) == expected_rows
    delivered = sum(d["hours"] for d in kind_world["given"])
    assert sum(r.hours_delivered for r in rows) == delivered > 0


def test_a_province_sees_only_its_own_goods_and_pledges(kind_world, personas):
    user, flt = personas.tehran_expert, figures.FigureFilter()
    tehran = lambda item: item["province"] == "تهران"  # noqa: E731
    assert as_cells(figures_inkind.goods_by_category(user=user, flt=flt)) == goods_expected(
        kind_world["goods"], lambda g: g["category"], keep=tehran
    )
    assert {r.label for r in figures_inkind.goods_by_province(user=user, flt=flt)} == {"تهران"}
    assert as_cells(figures_inkind.pledges_by_province(user=user, flt=flt)) == pledges_expected(
        kind_world, lambda item: item["province"], keep=tehran
    )


def test_each_goods_and_pledge_table_is_a_fixed_number_of_queries(
    kind_world, personas, django_assert_max_num_queries
):
    user, flt = personas.national_expert, figures.FigureFilter(period="season")
    # grants and HQ lookup, then the grouped query (and for provinces, one name lookup)
    with django_assert_max_num_queries(6):
        figures_inkind.goods_by_province(user=user, flt=flt)
    with django_assert_max_num_queries(8):
        figures_inkind.pledges_by_province(user=user, flt=flt)


def test_the_goods_and_pledge_tables_on_the_page_and_as_spreadsheets(kind_world, personas, login):
    client = login(personas.tehran_expert)
    page = client.get("/giving/figures/").content.decode()
    for key in ("goods-category", "goods-province", "goods-period", "pledges-period"):
        assert f'data-testid="{key}"' in page
    tehran = lambda item: item["province"] == "تهران"  # noqa: E731
    response = client.get("/giving/figures/goods-category.xlsx")
    assert response.status_code == 200
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows[0]) == 5
    assert {r[0]: tuple(r[1:]) for r in rows[1:]} == goods_expected(
        kind_world["goods"], lambda g: g["category"], keep=tehran
    )
    response = client.get("/giving/figures/pledges-province.xlsx")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert {r[0]: tuple(r[1:]) for r in rows[1:]} == pledges_expected(
        kind_world, lambda item: item["province"], keep=tehran
    )
