"""The survivor-safe help page: quick exit replaces the page and leaves no trace in history."""

import pytest

pytestmark = pytest.mark.e2e


def test_quick_exit_replaces_the_page_and_its_history_entry(page, site):
    page.goto(f"{site}/services/")
    page.goto(f"{site}/help/")
    assert page.url == f"{site}/calendar/"  # the history entry already reads as the calendar
    assert page.title() == "تقویم"
    page.get_by_test_id("quick-exit").click()
    page.wait_for_url(f"{site}/calendar/")
    assert "Help for women" not in page.content() and "خشونت" not in page.content()
    page.go_back()
    assert page.url == f"{site}/services/"  # Back skips straight past: no help page to return to


def test_escape_key_leaves_too(page, site):
    page.goto(f"{site}/help/")
    page.keyboard.press("Escape")
    page.wait_for_function("document.querySelector('#quick-exit') === null")
    assert "خشونت" not in page.content()


def test_choosing_a_province_filters_locally(page, site):
    requests = []
    page.goto(f"{site}/help/")
    page.on("request", lambda r: requests.append(r.url))
    page.get_by_label("استان").select_option(label="تهران")
    visible = page.locator("#offices section:not([hidden])")
    assert visible.count() == 1
    assert requests == []  # nothing was sent
