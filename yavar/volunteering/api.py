"""/api/v1/volunteers: public verification of a certificate of volunteer service, exactly what
the verification page shows: the volunteer's initials, never a name, a place or a safe house."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from yavar.core.persian import to_ascii_digits

from . import selectors

router = Router(tags=["volunteering"], auth=None)


class CertificateOut(Schema):
    code: str
    genuine: bool
    volunteer_initials: str
    total_hours: Decimal
    issued_on: dt.date


@router.get("/certificates/{code}", response=CertificateOut)
def certificate_verify(request: HttpRequest, code: str) -> dict[str, Any]:
    """A certificate that exists is genuine; an unknown code answers 404."""
    cert = selectors.certificate_by_code(to_ascii_digits(code))
    return {
        "code": cert.code,
        "genuine": True,
        "volunteer_initials": cert.volunteer.initials,
        "total_hours": cert.total_hours,
        "issued_on": timezone.localdate(cert.created_at),
    }
