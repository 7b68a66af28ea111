"""The people every test talks about, created through the real services."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from yavar.accounts import services as accounts
from yavar.accounts.models import User
from yavar.accounts.roles import Role
from yavar.orgunits import services as orgunits
from yavar.orgunits.enums import CentreType, UnitKind
from yavar.orgunits.models import OrgUnit

PASSWORD = "correct horse battery staple 1405"


@dataclass
class Personas:
    national_expert: User
    tehran_expert: User
    isfahan_worker: User
    safehouse_staff: User
    tehran_focal_point: User
    auditor: User
    anonymous: AnonymousUser
    tehran: OrgUnit
    isfahan: OrgUnit
    tehran_county: OrgUnit
    isfahan_county: OrgUnit
    tehran_office: OrgUnit
    safe_house: OrgUnit


SAFE_HOUSE_NAME = "خانه امن آزمایشی"
SAFE_HOUSE_ADDRESS = "MARKER-SAFEHOUSE-ADDRESS کوچه محرمانه"


def make_user(username: str, role: Role, unit: OrgUnit) -> User:
    user = accounts.user_create(
        actor=None, username=username, password=PASSWORD, first_name=username.title()
    )
    accounts.membership_grant(actor=None, user=user, role=role, org_unit=unit)
    return User.objects.get(pk=user.pk)


def build() -> Personas:
    unit = OrgUnit.objects.get
    tehran, isfahan = unit(code="P23"), unit(code="P10")
    tehran_county, isfahan_county = unit(code="C2301"), unit(code="C1002")
    office = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=tehran_county,
        code="T-WO",
        name_fa="اداره بهزیستی تهران",
        centre_type=CentreType.WELFARE_OFFICE,
        address="تهران، خیابان عمومی",
    )
    house = orgunits.orgunit_create(
        actor=None,
        kind=UnitKind.CENTRE,
        parent=tehran_county,
        code="T-SH",
        name_fa=SAFE_HOUSE_NAME,
        centre_type=CentreType.SAFE_HOUSE,
        address=SAFE_HOUSE_ADDRESS,
    )
    return Personas(
        national_expert=make_user("national", Role.HQ_EXPERT, unit(code="HQ")),
        tehran_expert=make_user("tehran", Role.PROVINCIAL_EXPERT, tehran),
        isfahan_worker=make_user("isfahan", Role.COUNTY_WORKER, isfahan_county),
        safehouse_staff=make_user("housestaff", Role.SAFEHOUSE_STAFF, house),
        tehran_focal_point=make_user("focal", Role.SAFEHOUSE_FOCAL_POINT, tehran),
        auditor=make_user("auditor", Role.AUDITOR, unit(code="HQ")),
        anonymous=AnonymousUser(),
        tehran=tehran,
        isfahan=isfahan,
        tehran_county=tehran_county,
        isfahan_county=isfahan_county,
        tehran_office=office,
        safe_house=house,
    )
