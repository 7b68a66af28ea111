"""The certificate of service: confirmed hours per programme and place, issued as a snapshot
with a verification code, printed by WeasyPrint. A confidential centre is never named on it:
its line reads "Welfare Organisation of <province>"."""

from __future__ import annotations

import secrets
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from yavar.accounts import scope
from yavar.accounts.permissions import Perm
from yavar.audit.services import audit_record
from yavar.core.actors import staff_user_or_none
from yavar.core.errors import ApplicationError, ErrorCode

from .enums import HoursStatus, VolunteerErrorCode
from .models import Certificate, Volunteer
from .selectors import programme_title, public_place

# No 0/O or 1/I: the code is read off paper and typed in.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _code() -> str:
    while True:
        code = "".join(secrets.choice(_ALPHABET) for _ in range(12))
        if not Certificate.objects.filter(code=code).exists():
            return code


def _lines(volunteer: Volunteer) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"hours": Decimal(0), "from": None, "to": None}
    )
    entries = volunteer.hours.filter(status=HoursStatus.CONFIRMED).select_related(
        "assignment__centre"
    )
    for entry in entries:
        centre = entry.assignment.centre
        place = public_place(volunteer.province) if centre.confidential else centre.name_fa
        line = groups[(entry.assignment.programme, place)]
        line["hours"] += entry.hours
        line["from"] = min(filter(None, [line["from"], entry.on]))
        line["to"] = max(filter(None, [line["to"], entry.on]))
    return [
        {
            "programme": programme_title(programme),
            "place": place,
            "from": g["from"].isoformat(),
            "to": g["to"].isoformat(),
            "hours": str(g["hours"]),
        }
        for (programme, place), g in sorted(groups.items())
    ]


@transaction.atomic
def _issue(*, actor: Any, volunteer: Volunteer) -> Certificate:
    with translation.override("fa"):
        lines = _lines(volunteer)
        issuer = public_place(volunteer.province)
    if not lines:
        raise ApplicationError(VolunteerErrorCode.NO_CONFIRMED_HOURS)
    total = sum((Decimal(line["hours"]) for line in lines), Decimal(0))
    latest = volunteer.certificates.first()
    if latest is not None and latest.lines == lines:
        return latest  # nothing new to certify: the same certificate again
    cert = Certificate(
        code=_code(),
        volunteer=volunteer,
        total_hours=total,
        lines=lines,
        issuer=issuer,
        issued_by=staff_user_or_none(actor),
    )
    cert.full_clean()
    cert.save()
    audit_record(
        actor=actor,
        action="volunteer.certificate",
        obj=cert,
        data={"volunteer": volunteer.pk, "total_hours": total},
    )
    return cert


def certificate_issue(*, actor: Any, volunteer: Volunteer) -> Certificate:
    scope.require(actor, Perm.VOLUNTEERS_MANAGE, volunteer.org_unit)
    return _issue(actor=actor, volunteer=volunteer)


def certificate_issue_for_mobile(*, mobile: str, volunteer_id: int) -> Certificate:
    """The volunteer's own request; `mobile` is the one their session proved by SMS."""
    volunteer = (
        Volunteer.objects.filter(pk=volunteer_id, mobile=mobile).select_related("province").first()
    )
    if volunteer is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    return _issue(actor=None, volunteer=volunteer)


def certificate_html(cert: Certificate, *, verify_url: str) -> str:
    from yavar.catalog.pdf import FONT_DIR

    with translation.override("fa"):
        return render_to_string(
            "volunteering/certificate_print.html",
            {
                "cert": cert,
                "volunteer": cert.volunteer,
                "verify_url": verify_url,
                "font_url": FONT_DIR.as_uri(),
            },
        )


def certificate_pdf(cert: Certificate, *, verify_url: str) -> bytes:
    from weasyprint import HTML  # loads native libraries (pango)

    html = certificate_html(cert, verify_url=verify_url)
    return bytes(HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf())
