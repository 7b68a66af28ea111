"""A provincial expert finds, registers and de-duplicates people in the browser."""

import pytest

from tests.e2e.test_staff_shell import sign_in
from tests.people_factory import national_code

pytestmark = pytest.mark.e2e
PERSIAN = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def test_provincial_expert_registers_finds_and_is_warned_of_a_lookalike(page, site):
    sign_in(page, site, "tehran.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(f"{site}/people/new/")
    code = national_code(987654).translate(PERSIAN)
    page.get_by_label("کد ملی").fill(code)
    page.locator("#id_first_name").fill("شیرین")
    page.get_by_label("نام خانوادگی").fill("پاکزاد")
    page.get_by_label("نام پدر").fill("بهروز")
    page.get_by_label("تاریخ تولد").fill("۱۳۶۵/۰۳/۱۰")
    page.keyboard.press("Escape")
    page.get_by_label("جنسیت").select_option("female")
    page.get_by_label("شهرستان").select_option(label="تهران")
    page.get_by_role("button", name="ذخیره").click()
    page.wait_for_url(f"{site}/people/*/")
    assert "۱۳۶۵/۰۳/۱۰" in page.content()

    page.goto(f"{site}/people/")
    page.get_by_label("نام، کد ملی یا تلفن همراه").fill("پاك زاد")
    page.wait_for_function("document.querySelector('#people-results').innerText.includes('پاکزاد')")

    page.goto(f"{site}/people/new/")
    page.get_by_label("کد ملی").fill(national_code(987655))
    page.locator("#id_first_name").fill("شيرين")
    page.get_by_label("نام خانوادگی").fill("پاکزاد")
    page.get_by_label("نام پدر").fill("بهروز")
    page.get_by_label("تاریخ تولد").fill("1365/03/10")
    page.keyboard.press("Escape")
    page.get_by_label("جنسیت").select_option("female")
    page.get_by_label("شهرستان").select_option(label="تهران")
    page.get_by_role("button", name="ذخیره").click()
    page.get_by_test_id("duplicate-candidates").wait_for()
    assert "person_likely_duplicate" not in page.content()
    page.screenshot(path="test-results/people-duplicate.png", full_page=True)


def test_another_provinces_person_is_404_in_the_browser(page, site):
    sign_in(page, site, "isfahan.worker")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(f"{site}/people/")
    first = page.locator("#people-results tbody tr a").first
    href = first.get_attribute("href")
    page.get_by_role("button", name="خروج").click()
    sign_in(page, site, "tehran.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    response = page.goto(f"{site}{href}")
    assert response.status == 404
