"""Participation figures for finance and HQ — cash, goods and service pledges — each table
downloadable as .xlsx."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.core.forms import JalaliDateField, StyledForm

from . import figures, figures_inkind

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class FigureForm(StyledForm):
    date_from = JalaliDateField(label=gettext_lazy("From"), required=False)
    date_to = JalaliDateField(label=gettext_lazy("To"), required=False)
    period = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        choices=[
            ("month", gettext_lazy("Month")),
            ("season", gettext_lazy("Season")),
            ("year", gettext_lazy("Year")),
        ],
    )

    def filter(self) -> figures.FigureFilter:
        if not self.is_valid():
            return figures.FigureFilter()
        d = self.cleaned_data
        return figures.FigureFilter(d["date_from"], d["date_to"], d["period"] or "month")


@require_permission(Perm.REPORTS_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    form = FigureForm(request.GET or None)
    flt = form.filter()
    tables = [
        (key, title, heading, rows(user=request.user, flt=flt))
        for key, (title, heading, rows) in figures.TABLES.items()
    ]
    goods = [
        (key, title, heading, rows(user=request.user, flt=flt))
        for key, (title, heading, rows) in figures_inkind.GOODS_TABLES.items()
    ]
    pledges = [
        (key, title, heading, rows(user=request.user, flt=flt))
        for key, (title, heading, rows) in figures_inkind.PLEDGE_TABLES.items()
    ]
    return render(
        request,
        "giving/figures/dashboard.html",
        {
            "form": form,
            "query": request.GET.urlencode(),
            "total": figures.totals(user=request.user, flt=flt),
            "tables": tables,
            "goods_tables": goods,
            "goods_columns": figures_inkind.GOODS_COLUMNS,
            "pledge_tables": pledges,
            "pledge_columns": figures_inkind.PLEDGE_COLUMNS,
            "methods": figures.method_comparison(user=request.user, flt=flt),
        },
    )


def _sheet_rows(
    table: str, user: Any, flt: figures.FigureFilter
) -> tuple[list[str], list[list[Any]]]:
    if table == "methods":
        rows = figures.method_comparison(user=user, flt=flt)
        header = [
            _("Method"),
            _("Campaigns"),
            _("Donations"),
            _("Total (rials)"),
            _("Average gift (rials)"),
            _("Goal reached (%)"),
        ]
        return header, [
            [r.label, r.campaigns, r.donations, r.total, r.average, r.percent_of_goal] for r in rows
        ]
    for tables, columns in (
        (figures_inkind.GOODS_TABLES, figures_inkind.GOODS_COLUMNS),
        (figures_inkind.PLEDGE_TABLES, figures_inkind.PLEDGE_COLUMNS),
    ):
        if table in tables:
            _title, heading, kind_selector = tables[table]
            return [str(heading), *map(str, columns)], [
                [r.label, *r.cells()] for r in kind_selector(user=user, flt=flt)
            ]
    if table not in figures.TABLES:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    _title, heading, selector = figures.TABLES[table]
    header = [str(heading), _("Donations"), _("Total (rials)")]
    return header, [[r.label, r.count, r.total] for r in selector(user=user, flt=flt)]


@require_permission(Perm.REPORTS_VIEW)
def export(request: HttpRequest, table: str) -> HttpResponse:
    header, rows = _sheet_rows(table, request.user, FigureForm(request.GET or None).filter())
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet(table)
    sheet.right_to_left()
    bold = book.add_format({"bold": True, "bg_color": "#E9ECEF", "border": 1})
    money = book.add_format({"num_format": "#,##0"})
    sheet.write_row(0, 0, header, bold)
    for i, row in enumerate(rows, start=1):
        sheet.write_string(i, 0, str(row[0]))
        for j, value in enumerate(row[1:], start=1):
            if value is not None:
                sheet.write_number(i, j, value, money)
    sheet.set_column(0, 0, 32)
    sheet.set_column(1, len(header), 18)
    book.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="participation-{table}.xlsx"'
    return response
