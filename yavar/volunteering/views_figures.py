"""Volunteer hours confirmed per province and programme, on a page and as .xlsx."""

from __future__ import annotations

import io

import xlsxwriter
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.forms import JalaliDateField, StyledForm

from . import figures

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class HoursFigureForm(StyledForm):
    date_from = JalaliDateField(label=gettext_lazy("From"), required=False)
    date_to = JalaliDateField(label=gettext_lazy("To"), required=False)


def _rows(request: HttpRequest) -> tuple[HoursFigureForm, list[figures.HoursRow]]:
    form = HoursFigureForm(request.GET or None)
    dates = form.cleaned_data if form.is_valid() else {}
    rows = figures.confirmed_hours(
        user=request.user, date_from=dates.get("date_from"), date_to=dates.get("date_to")
    )
    return form, rows


@require_permission(Perm.REPORTS_VIEW)
def hours_figures(request: HttpRequest) -> HttpResponse:
    form, rows = _rows(request)
    return render(
        request,
        "volunteering/figures.html",
        {
            "form": form,
            "rows": rows,
            "total": sum((r.hours for r in rows), start=0),
            "query": request.GET.urlencode(),
        },
    )


@require_permission(Perm.REPORTS_VIEW)
def hours_figures_export(request: HttpRequest) -> HttpResponse:
    _form, rows = _rows(request)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("hours")
    sheet.right_to_left()
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
    header = [_("Province"), _("Programme"), _("Volunteers"), _("Entries"), _("Hours confirmed")]
    sheet.write_row(0, 0, header, bold)
    for i, r in enumerate(rows, start=1):
        sheet.write_string(i, 0, r.province)
        sheet.write_string(i, 1, r.programme)
        sheet.write_number(i, 2, r.volunteers)
        sheet.write_number(i, 3, r.entries)
        sheet.write_number(i, 4, float(r.hours))
    sheet.set_column(0, 1, 32)
    sheet.set_column(2, 4, 16)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="volunteer-hours.xlsx"'
    return response
