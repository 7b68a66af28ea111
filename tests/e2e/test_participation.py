"""Public participation in the browser: a volunteer signs up on a phone and is vetted, assigned
and certified; goods are received and handed on; a deposit taken at an office is matched by the
bank statement another finance officer approves; the head of the organisation authorises
spending from the participation account."""

import io
import json
import re
import urllib.request

import jdatetime
import pytest
import xlsxwriter

from tests.e2e.conftest import SITE_ENV
from tests.e2e.test_safehouse import second_factor
from tests.e2e.test_staff_shell import sign_in
from tests.people_factory import national_code

pytestmark = pytest.mark.e2e

TODAY = jdatetime.date.today().strftime("%Y/%m/%d")
IN_SIX_MONTHS = (jdatetime.date.today() + jdatetime.timedelta(days=180)).strftime("%Y/%m/%d")


def sms_code_for(mobile: str, page) -> str:  # type: ignore[no-untyped-def]
    """The last code the SMS provider's simulator was asked to text to `mobile`."""
    for _ in range(50):
        url = f"{SITE_ENV['YAVAR_SMS_URL']}/_sim/outbox"
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our simulator
            texts = [m["text"] for m in json.load(response)["messages"] if m["mobile"] == mobile]
        if texts:
            return re.search(r"\d{6}", texts[-1]).group(0)  # type: ignore[union-attr]
        page.wait_for_timeout(200)
    raise AssertionError("no code was texted")


def fill_date(field, value: str) -> None:  # type: ignore[no-untyped-def]
    """Type a Jalali date and close the picker that opens over the form."""
    field.fill(value)
    field.page.keyboard.press("Escape")
    field.page.wait_for_timeout(400)  # the picker's opening animation ends, then stays hidden
    field.page.locator("jdp-overlay").wait_for(state="hidden")


def sign_out(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="خروج").click()
    page.wait_for_load_state()


def staff(page, site, username, *, two_factor=False) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, site, username)
    if two_factor:
        second_factor(page, site, username)
    else:
        page.wait_for_url(f"{site}/accounts/home/")


def test_volunteer_signs_up_on_a_phone_and_is_vetted_assigned_and_certified(browser, site):
    phone = browser.new_context(locale="fa-IR", viewport={"width": 390, "height": 844})
    page = phone.new_page()
    page.goto(f"{site}/volunteers/join/")
    page.locator("#id_mobile").fill("۰۹۱۲۴۴۴۳۳۲۲")
    page.get_by_test_id("send-code").click()
    page.get_by_test_id("confirm-code").wait_for()
    page.locator("#id_code").fill(sms_code_for("09124443322", page))
    page.get_by_test_id("confirm-code").click()
    form = page.get_by_test_id("join-form")
    form.locator("#id_national_code").fill(national_code(880011))
    form.locator("#id_first_name").fill("نسیم")
    form.locator("#id_last_name").fill("داوطلب‌زاده")
    form.locator("#id_father_name").fill("کاظم")
    form.locator("#id_gender").select_option("female")
    form.locator("#id_province").select_option(label="تهران")
    # The county list arrives from the server (HTMX) once the province is chosen.
    page.locator("#id_county option", has_text="شمیرانات").wait_for(state="attached")
    form.locator("#id_county").select_option(label="تهران")
    form.locator("input[name=skills][value=teaching]").check()
    form.locator("input[name=availability]").first.check()
    form.locator("#id_motivation").fill("می‌خواهم به نوجوانان درس بدهم.")
    fill_date(form.locator("#id_birth_date"), "1370/05/12")
    page.get_by_test_id("apply").click()
    page.get_by_test_id("reference").wait_for()
    reference = page.get_by_test_id("reference").inner_text()
    page.screenshot(path="test-results/volunteer-joined.png", full_page=True)
    phone.close()

    desk = browser.new_context(locale="fa-IR", viewport={"width": 1280, "height": 900})
    page = desk.new_page()
    staff(page, site, "tehran.expert")
    page.goto(f"{site}/volunteers/")
    page.get_by_role("link", name="نسیم داوطلب‌زاده").click()
    assert reference in page.content()
    page.get_by_test_id("do-check_identity").click()
    page.wait_for_load_state()
    if page.locator("form[data-action=override]").count():  # the registry knows other names
        page.locator(
            "form[data-action=override] textarea, form[data-action=override] input[type=text]"
        ).first.fill("کارت ملی در مصاحبه دیده شد")
        page.get_by_test_id("do-override").click()
        page.wait_for_load_state()
    page.get_by_test_id("do-accept").click()
    page.wait_for_load_state()
    assert "فعال" in page.get_by_test_id("volunteer-status").inner_text()
    assign = page.locator("form[data-action=assign]")
    assign.locator("select[name=centre]").select_option(index=1)
    assign.locator("select[name=programme]").select_option(index=1)
    assign.locator("[name=task]").fill("کلاس تقویتی ریاضی")
    fill_date(assign.locator("[name=starts_on]"), TODAY)
    fill_date(assign.locator("[name=ends_on]"), IN_SIX_MONTHS)
    page.get_by_test_id("do-assign").click()
    page.wait_for_load_state()
    assert "کلاس تقویتی ریاضی" in page.get_by_test_id("assignments").inner_text()
    page.screenshot(path="test-results/volunteer-assigned.png", full_page=True)
    hours = page.locator("form[action$='/hours/']")
    fill_date(hours.locator("[name=on]"), TODAY)
    hours.locator("[name=hours]").fill("3")
    hours.locator("[name=activity]").fill("کلاس ریاضی پایه هفتم")
    hours.locator("button").click()
    page.wait_for_load_state()
    assert "۳" in page.get_by_test_id("hours").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("issue-certificate").click()
    pdf = download.value
    assert open(pdf.path(), "rb").read(4) == b"%PDF"
    code = pdf.suggested_filename.removeprefix("certificate-").removesuffix(".pdf")
    page.goto(f"{site}/volunteers/certificate/{code}/")
    assert "۳" in page.content()  # the public check confirms the hours, nothing more
    assert national_code(880011) not in page.content()
    page.go_back()
    page.screenshot(path="test-results/volunteer-staff.png", full_page=True)
    desk.close()


def test_goods_are_received_and_part_handed_on_to_a_centre(page, site):
    staff(page, site, "tehran.expert")
    page.goto(f"{site}/giving/office/goods/new/")
    page.locator("#id_description").fill("پتوی دولایه")
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_quantity").fill("۴۰")
    page.locator("#id_measure").select_option(index=1)
    page.locator("#id_estimated_value").fill("۸۰۰٬۰۰۰٬۰۰۰")
    page.locator("#id_condition").select_option("new")
    page.locator("#id_warehouse_receipt").fill("E2E-W-1")
    page.locator("#id_office").select_option(index=1)
    fill_date(page.locator("#id_received_on"), TODAY)
    page.locator("#id_donor_name").fill("فروشگاه نیک")
    page.locator("form button").last.click()
    page.wait_for_url(re.compile(r".*/giving/office/goods/\d+/$"))
    hand_on = page.locator("form").filter(has=page.locator("[name=to_centre]"))
    hand_on.locator("[name=quantity]").fill("۱۵")
    fill_date(hand_on.locator("[name=distributed_on]"), TODAY)
    hand_on.locator("[name=to_centre]").select_option(index=1)
    page.get_by_test_id("distribute").click()
    page.wait_for_load_state()
    assert "۲۵" in page.get_by_test_id("left").inner_text()
    hand_on = page.locator("form").filter(has=page.locator("[name=to_centre]"))
    hand_on.locator("[name=quantity]").fill("۳۰")  # more than is left: refused, nothing changes
    fill_date(hand_on.locator("[name=distributed_on]"), TODAY)
    hand_on.locator("[name=to_centre]").select_option(index=1)
    page.get_by_test_id("distribute").click()
    page.wait_for_load_state()
    assert "۲۵" in page.get_by_test_id("left").inner_text()
    assert page.get_by_test_id("distributions").locator("tbody tr").count() == 1
    page.screenshot(path="test-results/goods-handed-on.png", full_page=True)


def statement_file(reference: str, amount: int) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    rows = [
        ["ردیف", "تاریخ", "شرح", "شماره پیگیری", "شناسه واریز", "بدهکار", "بستانکار"],
        [1, TODAY, "واریز نقدی شعبه", "", reference, 0, amount],
        [2, TODAY, "کارمزد خدمات بانکی", "FEE-77", "", 120_000, 0],
        [3, TODAY, "سود سپرده کوتاه‌مدت", "INT-909", "", 0, 45_000],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def test_office_deposit_is_matched_by_an_approved_statement_and_spending_authorised(
    page, site, tmp_path
):
    staff(page, site, "finance.officer", two_factor=True)
    page.goto(f"{site}/giving/office/donations/new/")
    page.locator("#id_channel").select_option("bank_deposit")
    page.locator("#id_reference").fill("SLIP-E2E-5501")
    page.locator("#id_amount").fill("۷٬۷۰۰٬۰۰۰")
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_office").select_option(index=1)
    fill_date(page.locator("#id_received_on"), TODAY)
    page.locator("#id_donor_name").fill("خیر ناشناس شعبه")
    page.locator("form button").last.click()
    page.wait_for_url(re.compile(r".*/giving/office/donations/\d+/$"))

    upload = tmp_path / "statement.xlsx"
    upload.write_bytes(statement_file("SLIP-E2E-5501", 7_700_000))
    page.goto(f"{site}/giving/statements/")
    page.get_by_role("link", name="ورود صورت‌حساب").click()
    page.locator("#id_file").set_input_files(str(upload))
    page.get_by_test_id("upload").click()
    page.wait_for_url(f"{site}/imports/*/")
    batch_url = page.url
    page.get_by_test_id("own-batch-notice").wait_for(timeout=30000)
    sign_out(page)

    staff(page, site, "finance.officer2", two_factor=True)
    page.goto(batch_url)
    page.get_by_test_id("approve").click()
    page.wait_for_function(
        "document.querySelector('[data-testid=batch-status]').innerText.includes('واردشده')",
        timeout=30000,
    )
    page.goto(f"{site}/giving/statements/")
    page.get_by_test_id("statements").locator("a").first.click()
    page.wait_for_load_state()
    body = page.content()
    assert "SLIP-E2E-5501" in body or "۷٬۷۰۰٬۰۰۰" in body or "7,700,000" in body
    page.screenshot(path="test-results/statement-reconciled.png", full_page=True)
    page.goto(f"{site}/giving/statements/unmatched/")
    row = page.locator("tr", has_text="سود سپرده کوتاه‌مدت")
    row.get_by_role("link").click()
    exclude = page.locator("form[action$='/exclude/']")
    exclude.locator("select[name=reason]").select_option("interest")
    exclude.locator("[name=note]").fill("سود ماهانه حساب")
    exclude.locator("button").click()
    page.wait_for_load_state()
    assert "سود ماهانه حساب" in page.get_by_test_id("status").inner_text()

    page.goto(f"{site}/giving/account/")
    page.locator("#id_cause").select_option(index=1)
    page.locator("#id_amount").fill("۱٬۰۰۰٬۰۰۰")
    page.locator("#id_purpose").fill("خرید لوازم التحریر برای کودکان")
    page.get_by_role("button", name="پیشنهاد", exact=True).click()
    page.wait_for_load_state()
    assert "پیشنهاد" in page.get_by_test_id("allocations").inner_text()
    sign_out(page)

    staff(page, site, "head.org", two_factor=True)
    page.goto(f"{site}/giving/account/")
    row = page.get_by_test_id("allocations").locator("tr", has_text="لوازم التحریر")
    row.get_by_role("button", name="تأیید").click()
    page.wait_for_load_state()
    row = page.get_by_test_id("allocations").locator("tr", has_text="لوازم التحریر")
    assert "تأیید" in row.inner_text()
    page.screenshot(path="test-results/allocation-approved.png", full_page=True)
