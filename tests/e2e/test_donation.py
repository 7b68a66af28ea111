"""A donor gives on a phone: the bank's page (the gateway simulator), the callback, the receipt
with its tracking code and PDF, and the SMS the provider simulator received."""

import json
import urllib.request

import pytest

from tests.e2e.conftest import SITE_ENV

pytestmark = pytest.mark.e2e


def test_donor_pays_through_the_bank_and_gets_receipt_and_sms(browser, site):
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/giving/")
    page.get_by_role("link", name="همین حالا کمک کنید").click()
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_amount").fill("۲۵۰٬۰۰۰")
    page.locator("#id_donor_mobile").fill("۰۹۱۲۷۷۷۶۶۵۵")
    page.get_by_test_id("pay").click()
    page.wait_for_url(f"{SITE_ENV['YAVAR_BANK_GATEWAY_URL']}/**")
    assert "۲٬۵۰۰٬۰۰۰" in page.content()  # the bank shows the amount in rials
    page.locator("input[name=card]").fill("6037991234561235")
    page.get_by_role("button", name="پرداخت").click()
    page.wait_for_url(f"{site}/giving/receipt/**")
    assert page.get_by_test_id("donation-status").inner_text() == "پرداخت‌شده"
    code = page.get_by_test_id("tracking-code").inner_text()
    page.screenshot(path="test-results/donation-receipt.png", full_page=True)
    pdf = page.request.get(site + page.get_by_test_id("receipt-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    outbox_url = f"{SITE_ENV['YAVAR_SMS_URL']}/_sim/outbox"
    for _ in range(50):  # the SMS goes out from the task worker, just after the commit
        with urllib.request.urlopen(outbox_url, timeout=2) as response:  # noqa: S310 - our simulator
            # Only this donor's texts: the demo's office donations send receipts too.
            messages = [m for m in json.load(response)["messages"] if m["mobile"] == "09127776655"]
        if messages:
            break
        page.wait_for_timeout(200)
    assert messages and code in messages[0]["text"]
    context.close()


def test_a_refused_amount_is_shown_on_the_form_and_corrected_there(browser, site):
    # The post is checked without the shown form (giving/donate_post.py); a refused one comes
    # back as the form with its error, what the donor typed kept, and can be sent again.
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/giving/donate/")
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_amount").fill("بسیار")
    page.locator("#id_donor_name").fill("مریم")
    page.get_by_test_id("pay").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{site}/giving/donate/")
    assert "مبلغ را با رقم وارد کنید" in page.content()
    assert "is-invalid" in (page.locator("#id_amount").get_attribute("class") or "")
    assert page.locator("#id_donor_name").input_value() == "مریم"
    page.locator("#id_amount").fill("۱۰۰٬۰۰۰")
    page.get_by_test_id("pay").click()
    page.wait_for_url(f"{SITE_ENV['YAVAR_BANK_GATEWAY_URL']}/**")
    context.close()
