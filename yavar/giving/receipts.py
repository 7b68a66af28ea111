"""What a donor gets: the receipt page, a PDF receipt, and an SMS with the tracking code."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from yavar.core.money import format_rials
from yavar.core.persian import to_persian_digits

from .enums import DonationStatus
from .models import Donation


def receipt_sms(donation_id: int) -> str:
    from yavar.integrations.sms import get_sms

    donation = Donation.objects.select_related("cause").get(pk=donation_id)
    if donation.status != DonationStatus.PAID or not donation.donor_mobile:
        return ""
    amount = format_rials(donation.amount_rials)
    code = to_persian_digits(donation.tracking_code)
    text = (
        f"یاور — بهزیستی کشور: کمک شما به مبلغ {amount} ریال برای «{donation.cause.title}» "
        f"دریافت شد. کد رهگیری: {code}. سپاس."
    )
    return get_sms().send(mobile=donation.donor_mobile, text=text)


def receipt_pdf(donation: Donation) -> bytes:
    from weasyprint import HTML

    from yavar.catalog.pdf import FONT_DIR

    with translation.override("fa"):
        html = render_to_string(
            "giving/receipt_print.html", {"donation": donation, "font_url": FONT_DIR.as_uri()}
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
