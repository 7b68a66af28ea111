"""A demo statement of the participation account, imported through the real import framework
(uploaded by one finance officer, approved by another), so the finance pages show every case:
online payments matched by their bank reference, a suggested match to confirm, money nobody
recorded, interest and a bank fee."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from yavar.accounts import services as accounts
from yavar.accounts.models import User
from yavar.accounts.roles import Role
from yavar.catalog.enums import SubjectType
from yavar.catalog.services import delivery_record
from yavar.imports import services as imports

from ..enums import SERVICE_ID, Channel, DonationStatus
from ..models import Cause, Donation
from . import samples
from .importer import BankStatementImporter
from .models import Statement
from .scoping import hq

UPLOADER = "finance.officer"
APPROVER = "finance.officer2"
SUGGESTED_AMOUNT = 3_330_000


def _approver() -> User:
    """The second pair of eyes. Made without a password if the demo has no such login."""
    user = User.objects.filter(username=APPROVER).first()
    if user is None:
        user = accounts.user_create(
            actor=None, username=APPROVER, password=None, first_name="مهدی", last_name="صالحی"
        )
        accounts.membership_grant(actor=None, user=user, role=Role.FINANCE_OFFICER, org_unit=hq())
    return user


def _office_donation(today: dt.date) -> Donation | None:
    """A gift taken in person yesterday: its deposit reaches the bank today with no reference,
    so the statement can only suggest it."""
    cause = Cause.objects.order_by("pk").first()
    if cause is None:
        return None
    paid_at = timezone.now() - dt.timedelta(days=1)
    donation, created = Donation.objects.get_or_create(
        tracking_code="900000000777",
        defaults={
            "cause": cause,
            "amount_rials": SUGGESTED_AMOUNT,
            "channel": Channel.IN_PERSON,
            "status": DonationStatus.PAID,
            "paid_at": paid_at,
            "donor_name": "نیکوکار حضوری",
        },
    )
    if created:
        delivery_record(
            service_id=SERVICE_ID,
            subject_type=SubjectType.PERSON,
            subject_id=f"anonymous:{donation.tracking_code}",
            org_unit=hq(),
            delivered_on=timezone.localdate(paid_at),
            kind="cash_donation",
            source=donation,
        )
    return donation


def _lines(today: dt.date) -> list[samples.SampleLine]:
    online = Donation.objects.filter(
        status=DonationStatus.PAID, channel=Channel.WEB, bank_reference__startswith="demo-"
    ).order_by("paid_at")[:12]
    lines = [
        samples.SampleLine(
            timezone.localtime(d.paid_at).date(),
            credit=d.amount_rials,
            reference=d.bank_reference or "",
            description="واریز درگاه پرداخت اینترنتی شاپرک",
        )
        for d in online
    ]
    lines += [
        samples.SampleLine(today, credit=SUGGESTED_AMOUNT, description="واریز نقدی شعبه"),
        samples.SampleLine(
            today, credit=7_770_000, reference="458812", description="انتقال پایا - نامشخص"
        ),
        samples.SampleLine(today, credit=1_254_300, description="سود سپرده"),
        samples.SampleLine(today, debit=150_000, description="کارمزد خدمات بانکی"),
    ]
    return sorted(lines, key=lambda line: line.date)


@transaction.atomic
def seed_reconciliation() -> Statement | None:
    """Idempotent: does nothing once a statement exists (or before the giving demo data)."""
    if Statement.objects.exists():
        return None
    uploader = User.objects.filter(username=UPLOADER).first()
    today = timezone.localdate()
    if uploader is None or _office_donation(today) is None:
        return None
    content = samples.xlsx_bytes(samples.rows(_lines(today)))
    batch = imports.batch_upload(
        actor=uploader,
        kind=BankStatementImporter.kind,
        org_unit=hq(),
        upload=ContentFile(content, name="mellat-90190.xlsx"),
    )
    # Run the worker steps here, as a task worker would; the queued tasks then find them done.
    imports.batch_validate(batch_id=batch.pk, run=batch.run)
    batch.refresh_from_db()
    imports.batch_approve(actor=_approver(), batch=batch)
    imports.batch_apply(batch_id=batch.pk)
    return Statement.objects.filter(import_batch=batch).first()
