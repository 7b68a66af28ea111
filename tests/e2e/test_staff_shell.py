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
