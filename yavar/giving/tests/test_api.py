"""/api/v1/giving: the public lists, a receipt by tracking code that never names the donor, and
the figures scoped like the page (and hidden, as 404, from those without the permission)."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from yavar.accounts import services as accounts
from yavar.accounts.roles import Role
from yavar.core.jalali import MONTH_NAMES_FA, SEASON_NAMES_FA, JalaliDate, period_bounds
from yavar.core.persian import to_persian_digits
from yavar.core.validators import complete_national_code
from yavar.giving import services
from yavar.giving.enums import Channel, DonationStatus, Method
from yavar.giving.models import Benefactor, Campaign, Cause, Donation
from yavar.orgunits.models import OrgUnit

pytestmark = pytest.mark.django_db
# Read at each use: a module-level date goes stale when a run crosses local midnight.
TODAY = timezone.localdate
DONOR_NAME, DONOR_MOBILE = "MARKER-DONOR مهربان نیکوکار", "09121234567"
DONOR_NATIONAL_CODE = complete_national_code("004455667")


@pytest.fixture
def cause(db):
    return Cause.objects.create(code="children", area="children", title="کودکان بی‌سرپرست")


def campaign(cause, title, *, starts, ends, province=None, goal=10_000_000):
    return Campaign.objects.create(
        cause=cause,
        title=title,
        method=Method.ONLINE,
        province=province,
        goal_rials=goal,
        starts_on=TODAY() + dt.timedelta(days=starts),
        ends_on=TODAY() + dt.timedelta(days=ends),
    )


def noon(day):
    return dt.datetime.combine(day, dt.time(12), tzinfo=timezone.get_current_timezone())


def gift(n, cause, amount, *, status=DonationStatus.PAID, day=None, **fields):
    day = day or TODAY()
    return Donation.objects.create(
        tracking_code=f"7{n:011d}",
        cause=cause,
        amount_rials=amount,
        status=status,
        paid_at=noon(day) if status == DonationStatus.PAID else None,
        **fields,
    )


def not_found(response):
    assert response.status_code == 404, response.content
    body = response.json()
    assert body["code"] == "not_found"
    assert any("\u0600" <= ch <= "\u06ff" for ch in body["message"])


def test_public_lists_hold_active_causes_and_running_campaigns_with_what_they_raised(
    client, personas, cause
):
    retired = Cause.objects.create(code="old", area="general", title="قدیمی", active=False)
    national = campaign(cause, "پویش ملی", starts=-5, ends=5)
    tehran = campaign(cause, "پویش تهران", starts=-1, ends=0, province=personas.tehran)
    closed = campaign(cause, "پویش تمام‌شده", starts=-30, ends=-1)
    campaign(cause, "پویش آینده", starts=1, ends=9)
    gift(1, cause, 200_000, campaign=national)
    gift(2, cause, 300_000, campaign=national)
    gift(3, cause, 900_000, campaign=national, status=DonationStatus.PENDING)
    gift(4, cause, 400_000, campaign=closed)

    causes = client.get("/api/v1/giving/causes").json()
    assert [c["id"] for c in causes] == [cause.pk]
    assert causes[0]["name"] == cause.title and causes[0]["area"] == "children"
    assert retired.pk not in {c["id"] for c in causes}

    rows = {c["id"]: c for c in client.get("/api/v1/giving/campaigns").json()}
    assert set(rows) == {national.pk, tehran.pk}
    assert (rows[national.pk]["raised_rials"], rows[national.pk]["gifts"]) == (500_000, 2)
    assert (rows[tehran.pk]["raised_rials"], rows[tehran.pk]["gifts"]) == (0, 0)
    assert rows[national.pk]["province_code"] is None
    assert rows[tehran.pk]["province_code"] == personas.tehran.code
    assert rows[national.pk]["cause_id"] == cause.pk
    assert rows[national.pk]["goal_rials"] == 10_000_000
    assert rows[national.pk]["ends_on"] == (TODAY() + dt.timedelta(days=5)).isoformat()


def _paid_online(cause, bank, client):
    benefactor = Benefactor.objects.create(
        kind="person",
        national_code=DONOR_NATIONAL_CODE,
        name=DONOR_NAME,
        mobile=DONOR_MOBILE,
        wants_sms=False,
    )
    donation = services.donation_start(
        cause=cause,
        amount_rials=750_000,
        donor_name=DONOR_NAME,
        donor_mobile=DONOR_MOBILE,
        benefactor=benefactor,
    )
    services.donation_send_to_bank(donation=donation, callback_url="http://testserver/cb/")
    donation.refresh_from_db()
    payment = bank.simulator.pay(donation.gateway_token)
    assert client.post("/giving/callback/", payment.fields).status_code == 302
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    return donation


def test_a_paid_donation_is_found_by_its_tracking_code_in_either_digits(cause, bank, client):
    donation = _paid_online(cause, bank, client)
    for code in (donation.tracking_code, to_persian_digits(donation.tracking_code)):
        response = client.get(f"/api/v1/giving/donations/{code}")
        assert response.status_code == 200, response.content
        body = response.json()
        assert body["tracking_code"] == donation.tracking_code
        assert (body["status"], body["amount_rials"]) == ("paid", 750_000)
        assert body["cause"] == {"id": cause.pk, "title": cause.title}
        assert body["campaign"] is None
        assert body["bank_reference"] == donation.bank_reference
        assert body["paid_at"] is not None


def test_the_receipt_never_names_the_donor(cause, bank, client):
    donation = _paid_online(cause, bank, client)
    response = client.get(f"/api/v1/giving/donations/{donation.tracking_code}")
    raw = response.content.decode()
    decoded = json.dumps(response.json(), ensure_ascii=False)
    for identity in (DONOR_NAME, "MARKER-DONOR", DONOR_MOBILE, DONOR_NATIONAL_CODE):
        assert identity not in raw and identity not in decoded
    assert not {"donor_name", "donor_mobile", "benefactor", "national_code"} & set(response.json())


def test_a_pending_donation_shows_its_status_and_no_bank_reference(cause, client):
    donation = services.donation_start(cause=cause, amount_rials=50_000, donor_mobile=DONOR_MOBILE)
    body = client.get(f"/api/v1/giving/donations/{donation.tracking_code}").json()
    assert (body["status"], body["amount_rials"]) == ("pending", 50_000)
    assert body["paid_at"] is None and body["bank_reference"] is None
    assert body["status_label"] == str(DonationStatus.PENDING.label)


@pytest.mark.parametrize(
    "code", ["000000000000", "۰۰۰۰۰۰۰۰۰۰۰۰", "12345", "abcdefghijkl", "1234567890123", "' OR 1=1"]
)
def test_an_unknown_or_malformed_code_is_a_404_in_the_stable_shape(cause, client, code):
    gift(5, cause, 100_000)  # 700000000005 exists; none of the codes asked for does
    not_found(client.get(f"/api/v1/giving/donations/{code}"))


# --- Figures -------------------------------------------------------------------------------


def this_year():
    return JalaliDate.from_gregorian(TODAY()).year


def year_start():
    return period_bounds(this_year())[0]


@pytest.fixture
def world(personas, cause):
    elderly = Cause.objects.create(code="elderly", area="elderly", title="سالمندان")
    return [
        gift(10, cause, 1_000_000, province=personas.tehran, channel=Channel.POS),
        gift(11, elderly, 2_000_000, province=personas.tehran, day=year_start()),
        gift(12, cause, 4_000_000, province=personas.isfahan),
        gift(13, elderly, 8_000_000),  # national: no province
        gift(14, cause, 16_000_000, province=personas.tehran, status=DonationStatus.PENDING),
        gift(15, cause, 32_000_000, province=personas.tehran, day=year_start() - dt.timedelta(1)),
    ]


def rows(body, table):
    return {r["label"]: (r["count"], r["total_rials"]) for r in body[table]}


def test_hq_sees_every_province_of_the_year_asked(world, personas, login):
    client = login(personas.national_expert)
    body = client.get("/api/v1/giving/figures").json()
    assert body["year"] == this_year() and body["date_from"] == year_start().isoformat()
    assert (body["total"]["count"], body["total"]["total_rials"]) == (4, 15_000_000)
    provinces = rows(body, "by_province")
    assert provinces.pop(personas.tehran.name_fa) == (2, 3_000_000)
    assert provinces.pop(personas.isfahan.name_fa) == (1, 4_000_000)
    assert list(provinces.values()) == [(1, 8_000_000)]  # country-wide
    assert rows(body, "by_cause") == {
        "کودکان بی‌سرپرست": (2, 5_000_000),
        "سالمندان": (2, 10_000_000),
    }
    assert sum(r["total_rials"] for r in body["by_channel"]) == 15_000_000
    assert len(body["methods"]) == len(Method.choices)

    def expect(label):
        totals: dict[str, tuple[int, int]] = {}
        for d in world[:4]:
            key = label(JalaliDate.from_gregorian(timezone.localtime(d.paid_at).date()))
            count, total = totals.get(key, (0, 0))
            totals[key] = (count + 1, total + d.amount_rials)
        return totals

    assert rows(body, "by_month") == expect(lambda j: f"{MONTH_NAMES_FA[j.month - 1]} {j.year}")
    assert rows(body, "by_season") == expect(
        lambda j: f"{SEASON_NAMES_FA[(j.month - 1) // 3]} {j.year}"
    )
    last_year = client.get("/api/v1/giving/figures", {"year": this_year() - 1}).json()
    assert rows(last_year, "by_province") == {personas.tehran.name_fa: (1, 32_000_000)}


def test_a_provincial_expert_sees_only_their_province(world, personas, login):
    body = login(personas.tehran_expert).get("/api/v1/giving/figures", {"year": this_year()}).json()
    assert rows(body, "by_province") == {personas.tehran.name_fa: (2, 3_000_000)}
    assert (body["total"]["count"], body["total"]["total_rials"]) == (2, 3_000_000)


@pytest.mark.parametrize("who", ["isfahan_worker", "auditor"])
def test_staff_without_the_reports_permission_find_no_figures(world, personas, login, who):
    not_found(login(getattr(personas, who)).get("/api/v1/giving/figures"))


def test_a_system_token_without_the_permission_finds_no_figures(world, client):
    _token, secret = accounts.api_token_issue(
        actor=None, name="insurer", role=Role.INSURER, org_unit=OrgUnit.objects.get(code="HQ")
    )
    not_found(client.get("/api/v1/giving/figures", HTTP_AUTHORIZATION=f"Bearer {secret}"))


def test_anonymous_callers_must_sign_in_for_figures(world, client):
    response = client.get("/api/v1/giving/figures")
    assert response.status_code == 401 and response.json()["code"] == "unauthenticated"


@pytest.mark.parametrize("year", ["abc", "0", "99999"])
def test_a_bad_year_is_refused_in_the_stable_shape(world, personas, login, year):
    response = login(personas.national_expert).get("/api/v1/giving/figures", {"year": year})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input" and "year" in response.json()["fields"]
