"""A provincial expert signs in, sees a Persian RTL page with today's Jalali date, switches to
English, and is refused another province's unit."""

import jdatetime
import pytest

from yavar.demo.seed import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def sign_in(page, site, username):  # type: ignore[no-untyped-def]
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ورود").click()


def test_provincial_expert_sees_persian_rtl_with_jalali_date_and_switches_to_english(page, site):
    sign_in(page, site, "tehran.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    html = page.locator("html")
    assert html.get_attribute("lang") == "fa"
    assert html.get_attribute("dir") == "rtl"
    today = jdatetime.date.today().strftime("%Y/%m/%d").translate(PERSIAN_DIGITS)
    assert page.get_by_test_id("home-today").inner_text() == today
    assert "کارشناس استان" in page.content()
    page.screenshot(path="test-results/home-fa.png", full_page=True)

    page.get_by_test_id("switch-language").click()
    page.wait_for_load_state()
    assert html.get_attribute("lang") == "en"
    assert html.get_attribute("dir") == "ltr"
    assert "Provincial expert" in page.content()
    assert page.get_by_test_id("home-today").inner_text() == today.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )


def test_another_provinces_unit_answers_404_in_the_browser(page, site):
    sign_in(page, site, "tehran.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    response = page.goto(f"{site}/orgunits/C1002/")
    assert response.status == 404
    assert "یافت نشد" in page.content()


def test_safe_house_manager_is_stopped_at_the_second_factor(page, site):
    sign_in(page, site, "safehouse.manager")
    page.wait_for_url(f"{site}/accounts/2fa/**")
    page.goto(f"{site}/accounts/home/")
    assert "/accounts/2fa/" in page.url


def test_unit_search_filters_as_you_type_with_htmx(page, site):
    sign_in(page, site, "hq.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(f"{site}/orgunits/?kind=province")
    rows = page.locator("#unit-results tbody tr")
    assert rows.count() == 31
    page.get_by_label("جست‌وجو").fill("اصفهان")
    page.wait_for_function("document.querySelectorAll('#unit-results tbody tr').length === 1")
    assert "اصفهان" in rows.first.inner_text()
    assert "q=" in page.url  # the filtered list keeps its own address


def test_date_inputs_open_the_jalali_picker(page, site):
    sign_in(page, site, "auditor")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(f"{site}/audit/")
    page.get_by_label("از تاریخ").click()
    picker = page.locator("jdp-container")
    picker.wait_for(state="visible")
    assert "۱۴۰" in picker.inner_text()  # Persian digits of a 14xx Jalali year
    page.screenshot(path="test-results/audit-datepicker.png", full_page=True)
