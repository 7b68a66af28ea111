"""Messages for row errors, by code. An importer adds its own codes in `Importer.messages`.

Row errors are stored as (field, code, params) and rendered when read, in the reader's
language, so a report downloaded in Persian or English says the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ROW_MESSAGES: dict[str, str | Promise] = {
    "required": _("This column is required."),
    "too_long": _("At most %(limit)s characters."),
    "formula": _("Formulas are not accepted; type the value itself."),
    # The same wording as yavar.core.validators, so both share one translation.
    "invalid_national_code": _("Enter a valid 10-digit national code."),
    "invalid_mobile": _("Enter a valid Iranian mobile number, such as 09121234567."),
    "invalid_postal_code": _("Enter a valid 10-digit postal code."),
    "invalid_date": _("Enter a date such as 1370/05/12 (Jalali) or 1991-08-03 (Gregorian)."),
    "date_out_of_range": _("This date is not plausible."),
    "invalid_choice": _("“%(value)s” is not one of the accepted values."),
    "duplicate_in_file": _("The same value appears more than once in this file (rows %(rows)s)."),
}


def render(
    code: str, params: Mapping[str, Any], extra: Mapping[str, str | Promise] | None = None
) -> str:
    template = (extra or {}).get(code) or ROW_MESSAGES.get(code)
    if template is None:
        return code
    try:
        return str(template) % dict(params) if params else str(template)
    except (KeyError, TypeError, ValueError):
        # A message changed its placeholders since the error was stored: show it plain.
        return str(template)
