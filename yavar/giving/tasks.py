from __future__ import annotations

from django_tasks import task


@task()
def send_receipt_sms(donation_id: int) -> str:
    """After the donation is committed as paid: a Persian SMS with the tracking code."""
    from .receipts import receipt_sms

    return receipt_sms(donation_id)


@task()
def recheck_pending_donations() -> dict[str, int]:
    from .services import recheck_pending

    return recheck_pending()
