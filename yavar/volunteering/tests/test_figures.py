"""Volunteer hours confirmed per province and programme, against sums computed by hand from
hours logged through the real services: staff entries (confirmed at once), volunteers' own
entries confirmed, rejected or left waiting."""

import datetime as dt
import io
import random
from collections import defaultdict
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone
from django.utils.translation import gettext

from yavar.catalog.models import ServiceCard
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits import services as orgunits
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.volunteering import assignments, figures

from .conftest import apply, make_active

pytestmark = pytest.mark.django_db
# Read at each use: a module-level date goes stale when a run crosses local midnight.
TODAY = timezone.localdate
SELF_HELP = "19071059100"


@pytest.fixture
def logged(personas, registry):
    rng = random.Random(1058)
    isfahan_centre = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=personas.isfahan_county,
        code="I-VC",
        name_fa="مرکز داوطلبان اصفهان",
        centre_type=CentreType.WELFARE_OFFICE,
        address="اصفهان",
    )
    places = [
        ("تهران", personas.tehran, personas.tehran_county, personas.tehran_office,
         personas.tehran_expert),
        ("اصفهان", personas.isfahan, personas.isfahan_county, isfahan_centre,
         personas.isfahan_worker),
    ]  # fmt: skip
    titles = {SELF_HELP: ServiceCard.objects.get(service_id=SELF_HELP).title}
    log = []
    for n in range(6):
        province_name, province, county, centre, staff = places[n % 2]
        mobile = f"0912555{n:04d}"
        volunteer = make_active(
            apply(personas, province=province, county=county, mobile=mobile), staff, registry
        )
        for programme in ("general", SELF_HELP)[: 1 + n % 2]:
            assignment = assignments.assignment_create(
                actor=staff,
                volunteer=volunteer,
                centre=centre,
                programme=programme,
                task="کمک",
                starts_on=TODAY() - dt.timedelta(days=90),
                ends_on=TODAY(),
            )
            for day in rng.sample(range(90), 5):
                on = TODAY() - dt.timedelta(days=day)
                hours = Decimal(rng.choice(["0.5", "1", "2.5", "4"]))
                how = rng.choice(["staff", "confirmed", "rejected", "pending"])
                if how == "staff":
                    entry = assignments.hours_log(
                        actor=staff, assignment=assignment, on=on, hours=hours, activity="کار"
                    )
                else:
                    entry = assignments.hours_log_by_volunteer(
                        mobile=mobile, assignment_id=assignment.pk, on=on, hours=hours,
                        activity="کار",
                    )  # fmt: skip
                    if how != "pending":
                        assignments.hours_decide(
                            actor=staff, entry=entry, confirm=how == "confirmed", reason="نادرست"
                        )
                log.append(
                    {
                        "province": province_name,
                        "programme": titles.get(programme, gettext("General volunteering")),
                        "volunteer": volunteer.pk,
                        "on": on,
                        "hours": hours,
                        "counts": how in ("staff", "confirmed"),
                    }
                )
    assert any(not e["counts"] for e in log)
    return log


def expected(log, *, keep=lambda e: True):
    sums = defaultdict(lambda: [set(), 0, Decimal(0)])
    for e in log:
        if e["counts"] and keep(e):
            row = sums[(e["province"], e["programme"])]
            row[0].add(e["volunteer"])
            row[1] += 1
            row[2] += e["hours"]
    return {k: (len(v[0]), v[1], v[2]) for k, v in sums.items()}


def as_dict(rows):
    return {(r.province, r.programme): (r.volunteers, r.entries, r.hours) for r in rows}


def test_hq_sees_confirmed_hours_of_every_province_and_programme(logged, personas):
    rows = figures.confirmed_hours(user=personas.national_expert)
    assert as_dict(rows) == expected(logged)
    assert len({r.province for r in rows}) == 2


def test_a_province_sees_its_own_within_a_date_range(logged, personas):
    start, end = TODAY() - dt.timedelta(days=60), TODAY() - dt.timedelta(days=10)
    rows = figures.confirmed_hours(user=personas.tehran_expert, date_from=start, date_to=end)
    assert as_dict(rows) == expected(
        logged, keep=lambda e: e["province"] == "تهران" and start <= e["on"] <= end
    )


def test_the_figures_are_one_grouped_query(logged, personas, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # grants, the grouped query, programme titles
        figures.confirmed_hours(user=personas.national_expert)


def test_the_page_and_its_spreadsheet(logged, personas, login):
    client = login(personas.tehran_expert)
    page = client.get("/volunteers/figures/")
    assert page.status_code == 200 and 'data-testid="hours-by-province"' in page.content.decode()
    response = client.get("/volunteers/figures.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.iter_rows(values_only=True))[1:]
    tehran = expected(logged, keep=lambda e: e["province"] == "تهران")
    assert {(r[0], r[1]): (r[2], r[3], Decimal(str(r[4]))) for r in rows} == tehran
    bad = client.get("/volunteers/figures/", {"date_from": "1404/13/40"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()


def test_those_without_reports_are_turned_away(personas, login):
    with pytest.raises(ApplicationError) as refused:
        figures.confirmed_hours(user=personas.isfahan_worker)
    assert refused.value.code == ErrorCode.PERMISSION_DENIED
    client = login(personas.isfahan_worker)  # manages volunteers, sees no reports
    assert client.get("/volunteers/figures/").status_code == 403
    assert client.get("/volunteers/figures.xlsx").status_code == 403
