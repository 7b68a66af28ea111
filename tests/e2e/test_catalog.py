"""The public catalog on a phone: find a service, read its card, open its printable PDF."""

import pytest

pytestmark = pytest.mark.e2e


def test_visitor_finds_a_service_and_reads_its_card_on_a_phone(browser, site):
    context = browser.new_context(
        locale="fa-IR", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.goto(f"{site}/services/")
    page.get_by_label("جست‌وجوی خدمات").fill("سرپرست خانوار")
    page.wait_for_function("document.querySelectorAll('#service-results a').length === 1")
    page.locator("#service-results a").first.click()
    page.wait_for_url(f"{site}/services/19071059100/")
    titles = page.get_by_test_id("process-titles").locator("li")
    assert titles.count() == 6
    assert page.get_by_test_id("live-figures").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, "the card page must not scroll sideways on a phone"
    page.screenshot(path="test-results/service-card-phone.png", full_page=False)
    pdf = page.request.get(f"{site}/catalog/19071059100/pdf")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    context.close()
