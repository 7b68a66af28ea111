"""A provincial expert imports people from Excel in the browser; a colleague approves."""

import io

import pytest
import xlsxwriter

from tests.e2e.test_staff_shell import sign_in
from tests.people_factory import national_code

pytestmark = pytest.mark.e2e


def workbook(rows: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


def test_import_is_checked_reported_and_approved_by_a_colleague(page, site, tmp_path):
    good = [national_code(555000 + i) for i in range(3)]
    rows = [
        ["کد ملی", "نام", "نام خانوادگی", "نام پدر", "تاریخ تولد", "جنسیت", "شهرستان"],
        *[
            [code, "آزاده", f"واردشده{i}", "کریم", "1368/04/0" + str(i + 1), "زن", "C2301"]
            for i, code in enumerate(good)
        ],
        ["1234567890", "غلط", "ردیف", "", "1368/13/01", "زن", "C2301"],  # bad code and date
        [national_code(555100), "بیرون", "استان", "", "1370/01/01", "زن", "C1002"],  # Isfahan
    ]
    upload = tmp_path / "people.xlsx"
    upload.write_bytes(workbook(rows))

    sign_in(page, site, "tehran.expert")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(f"{site}/imports/new/people.person/")
    page.locator("#id_org_unit").select_option(label="تهران (استان)")
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_test_id("upload").click()
    page.wait_for_url(f"{site}/imports/*/")
    page.get_by_test_id("error-rows").wait_for(timeout=30000)
    errors = page.get_by_test_id("error-rows").inner_text()
    assert "کد ملی" in errors
    assert page.get_by_test_id("own-batch-notice").is_visible()
    batch_url = page.url
    page.screenshot(path="test-results/import-checked.png", full_page=True)

    page.get_by_role("button", name="خروج").click()
    sign_in(page, site, "tehran.expert2")
    page.wait_for_url(f"{site}/accounts/home/")
    page.goto(batch_url)
    page.get_by_test_id("approve").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=batch-status]').innerText.includes('واردشده')"
        " || document.querySelector('[data-testid=batch-status]').innerText.includes('انجام')",
        timeout=30000,
    )
    page.goto(f"{site}/people/?q=واردشده")
    assert page.locator("#people-results tbody tr").count() == 3
