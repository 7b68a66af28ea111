"""A crisis-centre referral through intake, decision, admission, services, discharge and
follow-up in the browser, by safe-house staff who sign in with their second factor."""

import re

import pytest

from tests.e2e.conftest import manage_output
from tests.e2e.test_staff_shell import sign_in
from tests.people_factory import national_code

pytestmark = pytest.mark.e2e


def second_factor(page, site, username):  # type: ignore[no-untyped-def]
    page.wait_for_url(f"{site}/accounts/2fa/**")
    page.locator("#id_token").fill(manage_output("totp_code", username))
    page.locator("form button[type=submit], form button").last.click()
    page.wait_for_url(f"{site}/accounts/home/")


def act(page, action):  # type: ignore[no-untyped-def]
    page.get_by_test_id(f"do-{action}").click()
    page.wait_for_load_state()


def test_referral_to_follow_up_in_the_browser(page, site):
    sign_in(page, site, "safehouse.staff")
    second_factor(page, site, "safehouse.staff")
    page.goto(f"{site}/safehouse/new/")
    page.locator("#id_national_code").fill(national_code(771001))
    page.locator("#id_first_name").fill("مهتاب")
    page.locator("#id_last_name").fill("صبوری")
    page.locator("#id_referral_source").select_option("crisis_centre")
    page.locator("#id_referring_body").fill("اورژانس اجتماعی ۱۲۳ تهران")
    page.locator("#id_safe_contact").select_option("in_person")
    page.locator("form button").last.click()
    page.wait_for_url(re.compile(r".*/safehouse/\d+/$"))
    code = page.locator("h1 code").inner_text()
    assert code.startswith("SH-")

    form = page.locator("form[data-action=intake]")
    form.locator("input[value=physical]").check()
    form.locator("input[value=threat_to_kill]").check()
    form.locator("input[value=weapon]").check()
    form.locator("input[value=strangling]").check()
    form.locator("input[value=fears_for_life]").check()
    act(page, "intake")
    assert page.get_by_test_id("risk").is_visible()

    form = page.locator("form[data-action=decide]")
    form.locator("select").select_option("admit")
    form.locator("textarea").fill("خطر جانی بالا")
    act(page, "decide")
    act(page, "admit")
    assert "پذیرش" in page.get_by_test_id("case-status").inner_text()

    form = page.locator("form[data-action=service]")
    form.locator("select").select_option("self_care")
    form.locator("input[name=topic]").fill("برنامهٔ ایمنی شخصی")
    act(page, "service")

    form = page.locator("form[data-action=discharge]")
    form.locator("select").select_option("relatives")
    form.locator("input[name=destination]").fill("نزد خواهرش")
    act(page, "discharge")
    form = page.locator("form[data-action=follow_up]")
    form.locator("textarea").fill("در امان است")
    act(page, "follow_up")
    act(page, "close")
    assert "بسته" in page.get_by_test_id("case-status").inner_text()
    page.screenshot(path="test-results/safehouse-case.png", full_page=True)

    page.goto(f"{site}/safehouse/?status=closed")
    listing = page.get_by_test_id("case-list").inner_text()
    assert code in listing and "مهتاب" not in listing
