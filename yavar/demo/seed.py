"""The demo data set `make run` loads on first start: demo centres and one login per role.

Invented people and places only. Each module adds its own part here as it arrives.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from yavar.accounts import services as accounts
from yavar.accounts.models import ApiToken, User
from yavar.accounts.roles import Role, spec
from yavar.catalog.enums import SubjectType
from yavar.catalog.models import CardVersion, ServiceCard, ServiceDelivery
from yavar.catalog.reference import load_reference_cards
from yavar.catalog.services import delivery_record
from yavar.giving.demo import seed_giving
from yavar.giving.demo_corrections import seed_corrections
from yavar.giving.demo_office import seed_office
from yavar.giving.reconciliation.demo import seed_reconciliation
from yavar.orgunits import services as orgunits
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.orgunits.models import OrgUnit
from yavar.people.demo import SELFHELP_SERVICE, seed_people
from yavar.people.models import Coverage
from yavar.safehouse.demo import seed_safehouses
from yavar.volunteering.demo import seed_volunteers

DEMO_PASSWORD = "Yavar-demo-1405"  # noqa: S105 - printed for newcomers; demo data only


@dataclass(frozen=True)
class DemoLogin:
    username: str
    first_name: str
    last_name: str
    role: Role
    unit_code: str


CENTRES = [
    # (code, parent county code, type, Persian name, address)
    (
        "TEH-WO-1",
        "C2301",
        CentreType.WELFARE_OFFICE,
        "اداره بهزیستی شهرستان تهران",
        "تهران، خیابان نمونه، پلاک ۱",
    ),
    (
        "TEH-CC-1",
        "C2301",
        CentreType.CRISIS_CENTRE,
        "مرکز اورژانس اجتماعی تهران",
        "تهران، خیابان نمونه، پلاک ۱۲۳",
    ),
    (
        "TEH-SH-1",
        "C2301",
        CentreType.SAFE_HOUSE,
        "خانه امن شماره ۱ تهران",
        "نشانی محرمانه: تهران، کوچه آزمایشی، پلاک ۷",
    ),
    (
        "TEH-SH-2",
        "C2304",
        CentreType.SAFE_HOUSE,
        "خانه امن شماره ۲ تهران",
        "نشانی محرمانه: شمیرانات، کوچه آزمایشی، پلاک ۹",
    ),
    (
        "TEH-NGO-1",
        "C2304",
        CentreType.NGO_CENTRE,
        "مرکز غیردولتی مهرآفرین شمیرانات",
        "شمیرانات، خیابان نمونه",
    ),
    (
        "ISF-WO-1",
        "C1002",
        CentreType.WELFARE_OFFICE,
        "اداره بهزیستی شهرستان اصفهان",
        "اصفهان، خیابان نمونه",
    ),
    (
        "ISF-SC-1",
        "C1002",
        CentreType.SERVICE_CENTRE,
        "مرکز خدمات بهزیستی اصفهان",
        "اصفهان، میدان نمونه",
    ),
]

LOGINS = [
    DemoLogin("hq.expert", "مریم", "احمدی", Role.HQ_EXPERT, "HQ"),
    DemoLogin("tehran.expert", "علی", "رضایی", Role.PROVINCIAL_EXPERT, "P23"),
    # A second Tehran expert, to approve what the first one imports (two-person rule).
    DemoLogin("tehran.expert2", "مینا", "شریفی", Role.PROVINCIAL_EXPERT, "P23"),
    DemoLogin("isfahan.worker", "زهرا", "کریمی", Role.COUNTY_WORKER, "C1002"),
    DemoLogin("safehouse.manager", "فاطمه", "موسوی", Role.SAFEHOUSE_MANAGER, "TEH-SH-1"),
    DemoLogin("safehouse.staff", "سارا", "حسینی", Role.SAFEHOUSE_STAFF, "TEH-SH-1"),
    DemoLogin("tehran.focal", "نرگس", "صادقی", Role.SAFEHOUSE_FOCAL_POINT, "P23"),
    DemoLogin("finance.officer", "رضا", "محمدی", Role.FINANCE_OFFICER, "HQ"),
    # A second finance officer: a bank statement is imported by one and approved by another.
    DemoLogin("finance.officer2", "پروین", "اکبری", Role.FINANCE_OFFICER, "HQ"),
    DemoLogin("head.org", "حسن", "نوری", Role.HEAD_OF_ORGANIZATION, "HQ"),
    DemoLogin("auditor", "لیلا", "جعفری", Role.AUDITOR, "HQ"),
    DemoLogin("sysadmin", "امیر", "کاظمی", Role.SYSTEM_ADMIN, "HQ"),
]


def _ensure_centres() -> None:
    for code, county, ctype, name, address in CENTRES:
        if not OrgUnit.objects.filter(code=code).exists():
            orgunits.orgunit_create(
                actor=None,
                kind=UnitKind.CENTRE,
                parent=OrgUnit.objects.get(code=county),
                code=code,
                name_fa=name,
                centre_type=ctype,
                address=address,
            )


def _ensure_login(login: DemoLogin) -> User:
    user = User.objects.filter(username=login.username).first()
    if user is None:
        user = accounts.user_create(
            actor=None,
            username=login.username,
            password=DEMO_PASSWORD,
            first_name=login.first_name,
            last_name=login.last_name,
        )
        accounts.membership_grant(
            actor=None,
            user=user,
            role=login.role,
            org_unit=OrgUnit.objects.get(code=login.unit_code),
        )
        if spec(login.role).sensitive:
            TOTPDevice.objects.create(user=user, name="demo authenticator", confirmed=True)
    return user


def totp_secret(user: User) -> str:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return base64.b32encode(device.bin_key).decode() if device else ""


def _record_demo_deliveries() -> None:
    """The demo's self-help coverages as ledger rows, so the cards' live figures move."""
    if ServiceDelivery.objects.exists():
        return
    for coverage in Coverage.objects.filter(programme=SELFHELP_SERVICE).select_related("org_unit"):
        delivery_record(
            service_id=SELFHELP_SERVICE,
            subject_type=SubjectType.HOUSEHOLD,
            subject_id=coverage.household_id,
            org_unit=coverage.org_unit,
            delivered_on=coverage.start_date,
            kind="coverage_start",
            source=coverage,
        )


@transaction.atomic
def seed() -> tuple[list[tuple[DemoLogin, str]], str | None]:
    """Idempotent. Returns each login with its TOTP secret, and the insurer's API token the
    first time it is made (only its hash is kept, so it cannot be shown again)."""
    _ensure_centres()
    rows = [(login, totp_secret(_ensure_login(login))) for login in LOGINS]
    load_reference_cards(ServiceCard, CardVersion)
    seed_people()
    _record_demo_deliveries()
    users = {
        u.username: u for u in User.objects.filter(username__in=["safehouse.staff", "tehran.focal"])
    }
    seed_safehouses(users["safehouse.staff"], users["tehran.focal"])
    seed_giving()
    seed_office()
    seed_corrections()
    seed_reconciliation()
    seed_volunteers()
    insurer_secret = None
    if not ApiToken.objects.filter(role=Role.INSURER).exists():
        _token, insurer_secret = accounts.api_token_issue(
            actor=None,
            name="بیمه‌گر (نمونه)",
            role=Role.INSURER,
            org_unit=OrgUnit.objects.get(code="HQ"),
        )
    return rows, insurer_secret
