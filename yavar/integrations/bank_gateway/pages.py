"""The simulated bank's own HTML pages: the payment page and the auto-submitting form that sends
the donor's browser back to the merchant. They are the bank's pages, not Yavar's UI, so their
Persian text is written here directly. Self-contained (inline CSS, one inline script, no
external assets) so they work offline; every interpolated value is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from yavar.core.money import format_rials

from .protocol import CallbackStatus

BANK_NAME = "بانک ملت"

_STYLE = """
body { margin: 0; font-family: Vazirmatn, Tahoma, "Segoe UI", sans-serif; background: #f3f4f6;
       color: #1f2937; line-height: 1.7; }
.sim { background: #7c2d12; color: #fff; text-align: center; padding: .4rem; font-size: .85rem; }
main { max-width: 28rem; margin: 2rem auto; background: #fff; border-radius: .75rem;
       box-shadow: 0 1px 4px rgba(0, 0, 0, .12); padding: 1.5rem; }
h1 { font-size: 1.2rem; margin: 0 0 1rem; color: #b91c1c; }
dl { display: grid; grid-template-columns: auto 1fr; gap: .4rem 1rem; margin: 0 0 1.5rem; }
dt { color: #6b7280; }
dd { margin: 0; font-weight: bold; }
label { display: block; margin-bottom: .4rem; }
input { width: 100%; box-sizing: border-box; font-size: 1.2rem; padding: .6rem; direction: ltr;
        text-align: center; letter-spacing: .1em; border: 1px solid #9ca3af; border-radius: .5rem; }
.error { color: #b91c1c; margin: .5rem 0 0; }
.actions { display: flex; gap: .75rem; margin-top: 1.25rem; }
button { flex: 1; font: inherit; padding: .7rem; border-radius: .5rem; border: 0; cursor: pointer; }
.pay { background: #15803d; color: #fff; }
.cancel { background: #e5e7eb; color: #111827; }
"""

# Says plainly that this is not a real bank, so nobody types a real card into it.
_BANNER = (
    '<div class="sim" role="note">'
    "شبیه‌ساز درگاه پرداخت، فقط برای آزمایش؛ کارت واقعی وارد نکنید."
    "</div>"
)

_RESULT_TEXT = {
    CallbackStatus.OK: "پرداخت با موفقیت انجام شد.",
    CallbackStatus.CANCELED: "پرداخت لغو شد.",
    CallbackStatus.FAILED: "پرداخت ناموفق بود؛ مبلغی از حساب شما کسر نشد.",
}


def _document(title: str, body: str, *, script: str = "") -> str:
    return (
        '<!doctype html>\n<html lang="fa" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
        f"<body>\n{_BANNER}\n<main>\n{body}\n</main>\n{script}</body>\n</html>\n"
    )


def pay_page(
    *,
    merchant: str,
    terminal_id: str,
    order_id: str,
    amount_rials: int,
    action: str,
    error: str = "",
) -> str:
    """The bank's payment page: who is paid, how much, the card number, pay or cancel."""
    error_html = described = ""
    if error:
        error_html = f'<p class="error" id="card-error" role="alert">{escape(error)}</p>'
        described = ' aria-invalid="true" aria-describedby="card-error"'
    body = f"""<h1>درگاه پرداخت اینترنتی {BANK_NAME}</h1>
<dl>
<dt>پذیرنده</dt><dd>{escape(merchant)}</dd>
<dt>شماره پایانه</dt><dd><span dir="ltr">{escape(terminal_id)}</span></dd>
<dt>شماره سفارش</dt><dd><span dir="ltr">{escape(order_id)}</span></dd>
<dt>مبلغ</dt><dd>{format_rials(amount_rials)} ریال</dd>
</dl>
<form method="post" action="{escape(action)}">
<label for="card">شماره کارت</label>
<input id="card" name="card" inputmode="numeric" autocomplete="cc-number" maxlength="23"
 required placeholder="۶۰۳۷ ۹۹۰۰ ۰۰۰۰ ۰۰۰۰"{described}>
{error_html}
<div class="actions">
<button class="pay" type="submit" name="action" value="pay">پرداخت</button>
<button class="cancel" type="submit" name="action" value="cancel" formnovalidate>انصراف</button>
</div>
</form>"""
    return _document(f"پرداخت اینترنتی {BANK_NAME}", body)


def callback_form(*, callback_url: str, fields: Mapping[str, str], status: CallbackStatus) -> str:
    """Sends the browser back to the merchant: a POST form submitted by a tiny script, with a
    visible button for browsers without JavaScript."""
    inputs = "\n".join(
        f'<input type="hidden" name="{escape(name)}" value="{escape(value)}">'
        for name, value in fields.items()
    )
    body = f"""<h1>{escape(_RESULT_TEXT[status])}</h1>
<form method="post" action="{escape(callback_url)}">
{inputs}
<p>در حال بازگشت به سایت پذیرنده…</p>
<div class="actions"><button class="pay" type="submit">بازگشت به سایت پذیرنده</button></div>
</form>"""
    return _document(
        "بازگشت به سایت پذیرنده", body, script="<script>document.forms[0].submit();</script>\n"
    )


def notice_page(title: str, text: str) -> str:
    """Anything else the bank tells the donor: unknown token, already paid, lost connection."""
    return _document(title, f"<h1>{escape(title)}</h1>\n<p>{escape(text)}</p>")
