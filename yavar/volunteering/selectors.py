"""Reads. Staff reads go through the org-unit scope; public reads are keyed by a proven
mobile or a certificate code, and never name a confidential centre."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.catalog.models import ServiceCard
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.orgunits.enums import UnitKind
from yavar.orgunits.models import OrgUnit

from .enums import GENERAL_PROGRAMME, HoursStatus
from .models import Assignment, Certificate, Clearance, HoursEntry, Volunteer

MANAGE, CLEAR = Perm.VOLUNTEERS_MANAGE, Perm.VOLUNTEERS_CLEAR


def _valid_clearance(day: dt.date) -> Exists:
    return Exists(
        Clearance.objects.filter(volunteer=OuterRef("pk"), issued_on__lte=day, expires_on__gte=day)
    )


def volunteer_list(
    *,
    user: Any,
    status: str = "",
    province: OrgUnit | None = None,
    skill: str = "",
    cleared: str = "",
) -> QuerySet[Volunteer]:
    rows = Volunteer.objects.filter(scope.scope_q(user, MANAGE)).select_related(
        "province", "org_unit"
    )
    if status:
        rows = rows.filter(status=status)
    if province is not None:
        rows = rows.filter(province=province)
    if skill:
        rows = rows.filter(skills__contains=f",{skill},")
    if cleared in ("yes", "no"):
        valid = _valid_clearance(timezone.localdate())
        rows = rows.filter(valid) if cleared == "yes" else rows.exclude(valid)
    return rows


def volunteer_get(*, user: Any, pk: int) -> Volunteer:
    """Those who vet (MANAGE) and those who clear (CLEAR) both read a volunteer in their area;
    anyone else gets 404."""
    q = scope.scope_q(user, MANAGE) | scope.scope_q(user, CLEAR)
    volunteer = Volunteer.objects.filter(q, pk=pk).select_related("province", "org_unit").first()
    if volunteer is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return volunteer


def hours_get(*, user: Any, pk: int) -> HoursEntry:
    return scope.get_in_scope(
        user,
        MANAGE,
        HoursEntry.objects.select_related("volunteer__org_unit", "assignment__centre"),
        prefix="volunteer__org_unit__",
        pk=pk,
    )


def assignment_get(*, user: Any, pk: int) -> Assignment:
    return scope.get_in_scope(
        user,
        MANAGE,
        Assignment.objects.select_related("volunteer__org_unit", "centre"),
        prefix="volunteer__org_unit__",
        pk=pk,
    )


def volunteers_for_mobile(mobile: str) -> QuerySet[Volunteer]:
    return Volunteer.objects.filter(mobile=mobile).select_related("province")


def has_valid_clearance(volunteer: Volunteer, day: dt.date | None = None) -> bool:
    day = day or timezone.localdate()
    return volunteer.clearances.filter(issued_on__lte=day, expires_on__gte=day).exists()


def assignable_centres(*, user: Any, volunteer: Volunteer) -> QuerySet[OrgUnit]:
    """Centres in the volunteer's province the user may place them in. A confidential centre
    appears only to someone whose clearance scope reaches inside it."""
    low, high = volunteer.province.subtree_bounds
    centres = OrgUnit.objects.filter(
        kind=UnitKind.CENTRE, active=True, path__gte=low, path__lt=high
    )
    allowed = scope.scope_q(user, MANAGE, prefix="") | (
        Q(confidential=True) & scope.scope_q(user, CLEAR, prefix="")
    )
    return centres.filter(allowed).order_by("path")


def may_use_centre(*, user: Any, centre: OrgUnit) -> bool:
    if scope.can(user, MANAGE, centre):
        return True
    return centre.confidential and scope.can(user, CLEAR, centre)


def programme_choices() -> list[tuple[str, str]]:
    cards = [(c.service_id, c.title) for c in ServiceCard.objects.order_by("service_id")]
    return [*cards, (GENERAL_PROGRAMME, _("General volunteering"))]


def programme_title(programme: str) -> str:
    if programme == GENERAL_PROGRAMME:
        return _("General volunteering")
    card = ServiceCard.objects.filter(service_id=programme).first()
    return card.title if card else programme


def public_place(province: OrgUnit) -> str:
    return _("Welfare Organisation of %(province)s") % {"province": province.name_fa}


def centre_label(*, user: Any, centre: OrgUnit, province: OrgUnit) -> str:
    """A confidential centre is named only to those whose scope reaches inside it."""
    if not centre.confidential or (user is not None and may_use_centre(user=user, centre=centre)):
        return centre.name_fa
    return public_place(province)


def assignment_rows(*, user: Any, volunteer: Volunteer) -> list[dict[str, Any]]:
    rows = []
    for a in volunteer.assignments.select_related("centre"):
        rows.append(
            {
                "assignment": a,
                "place": centre_label(user=user, centre=a.centre, province=volunteer.province),
                "programme": programme_title(a.programme),
            }
        )
    return rows


def hours_rows(*, volunteer: Volunteer) -> QuerySet[HoursEntry]:
    return volunteer.hours.select_related("assignment")


def pending_hours(*, user: Any) -> QuerySet[HoursEntry]:
    return HoursEntry.objects.filter(
        scope.scope_q(user, MANAGE, prefix="volunteer__org_unit__"), status=HoursStatus.PENDING
    ).select_related("volunteer")


def certificate_by_code(code: str) -> Certificate:
    cert = Certificate.objects.filter(code=code.strip().upper()).select_related("volunteer").first()
    if cert is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return cert
