"""A donor gives to one county: choosing a province brings its counties to the form (HTMX), and
the receipt names where the gift goes."""

import pytest

from tests.e2e.conftest import SITE_ENV

pytestmark = pytest.mark.e2e


def test_a_donor_picks_a_province_then_one_of_its_counties(browser, site):
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 390, "height": 844}, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{site}/giving/donate/")
    county = page.locator("#id_county")
    assert county.locator("option").count() == 1  # nothing to pick before a province
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_province").select_option(label="اصفهان")
    page.wait_for_function("document.querySelectorAll('#id_county option').length > 1")
    labels = county.locator("option").all_inner_texts()
    assert "کاشان" in labels and "ری" not in labels  # Isfahan's counties, not Tehran's
    county.select_option(label="کاشان")
    page.locator("#id_amount").fill("۱۲۰٬۰۰۰")
    page.get_by_test_id("pay").click()
    page.wait_for_url(f"{SITE_ENV['YAVAR_BANK_GATEWAY_URL']}/**")
    page.locator("input[name=card]").fill("6037991234561235")
    page.get_by_role("button", name="پرداخت").click()
    page.wait_for_url(f"{site}/giving/receipt/**")
    assert page.get_by_test_id("donation-status").inner_text() == "پرداخت‌شده"
    assert page.get_by_test_id("donation-target").inner_text() == "کاشان، اصفهان"
    page.screenshot(path="test-results/donation-to-a-county.png", full_page=True)
    context.close()
