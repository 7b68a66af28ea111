"""Staff pages for gifts received in person: cash and bank slips, goods, service pledges, and
the benefactors behind them. Every list and record comes through a scoped selector, so another
province's entries answer 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError
from yavar.orgunits.enums import UnitKind
from yavar.people.selectors import person_by_national_code

from . import benefactors, inkind, office, pledges
from .enums import ItemCategory
from .forms_office import (
    BenefactorForm,
    BenefactorSearchForm,
    DistributionForm,
    InKindForm,
    InPersonDonationForm,
    InPersonFilterForm,
    PledgeDeliveryForm,
    PledgeForm,
    ReasonForm,
    VoidForm,
    WithdrawForm,
)
from .views_benefactor import add_errors, posted_version

record = require_permission(Perm.GIVING_RECORD)


def _page(request: HttpRequest, rows: Any, size: int = 50) -> Any:
    return Paginator(rows, size).get_page(request.GET.get("page"))


@record
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "giving/office/landing.html", office.office_overview(user=request.user))


# --- Cash, POS, deposits, ATM transfers -------------------------------------------------------


@record
def donations(request: HttpRequest) -> HttpResponse:
    units = office.offices_for(user=request.user)
    form = InPersonFilterForm(request.GET or None, units=units)
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "channel": d.get("channel") or "",
            "status": d.get("status") or "",
            "office_id": d["office"].pk if d.get("office") else None,
            "text": d.get("q") or "",
            "received_from": d.get("received_from"),
            "received_to": d.get("received_to"),
        }
    rows = office.in_person_list(user=request.user, **filters)
    return render(
        request, "giving/office/donations.html", {"form": form, "page": _page(request, rows)}
    )


@record
def donation_new(request: HttpRequest) -> HttpResponse:
    units = office.offices_for(user=request.user)
    form = InPersonDonationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            donation = office.in_person_record(
                actor=request.user,
                channel=d["channel"],
                reference=d["reference"],
                amount_rials=d["amount"],
                cause=d["cause"],
                campaign=d.get("campaign"),
                office=d["office"],
                received_on=d["received_on"],
                benefactor=d.get("benefactor_code"),
                donor_name=d.get("donor_name", ""),
                donor_mobile=d.get("donor_mobile", ""),
                anonymous=d.get("anonymous", False),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Recorded. The tracking code is on the receipt."))
            return redirect("giving:office_donation", pk=donation.pk)
    return render(request, "giving/office/donation_form.html", {"form": form})


@record
def donation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    donation = office.in_person_get(user=request.user, pk=pk)
    return render(
        request, "giving/office/donation.html", {"donation": donation, "void_form": VoidForm()}
    )


@require_POST
@record
def donation_void(request: HttpRequest, pk: int) -> HttpResponse:
    donation = office.in_person_get(user=request.user, pk=pk)
    form = VoidForm(request.POST)
    if form.is_valid():
        try:
            office.in_person_void(
                actor=request.user, donation=donation, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The entry was voided."))
            return redirect("giving:office_donation", pk=pk)
    return render(
        request,
        "giving/office/donation.html",
        {"donation": donation, "void_form": form},
        status=400,
    )


# --- Goods ------------------------------------------------------------------------------------


@record
def goods(request: HttpRequest) -> HttpResponse:
    category = request.GET.get("category", "")
    category = category if category in ItemCategory.values else ""
    in_stock = request.GET.get("in_stock") == "1"
    rows = inkind.inkind_list(user=request.user, category=category, in_stock=in_stock)
    return render(
        request,
        "giving/office/goods.html",
        {
            "page": _page(request, rows),
            "stock": inkind.stock_by_office(user=request.user),
            "categories": ItemCategory.choices,
            "category": category,
            "in_stock": in_stock,
        },
    )


@record
def goods_new(request: HttpRequest) -> HttpResponse:
    form = InKindForm(request.POST or None, units=office.offices_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            gift = inkind.inkind_receive(
                actor=request.user,
                description=d["description"],
                category=d["category"],
                quantity=d["quantity"],
                measure=d["measure"],
                estimated_value_rials=d["estimated_value"],
                condition=d["condition"],
                warehouse_receipt=d["warehouse_receipt"],
                office=d["office"],
                received_on=d["received_on"],
                benefactor=d.get("benefactor_code"),
                donor_name=d.get("donor_name", ""),
                donor_mobile=d.get("donor_mobile", ""),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:office_gift", pk=gift.pk)
    return render(request, "giving/office/goods_form.html", {"form": form})


def _centres(request: HttpRequest) -> Any:
    return office.offices_for(user=request.user).filter(kind=UnitKind.CENTRE)


def _gift_page(request: HttpRequest, gift: Any, status: int = 200, **forms: Any) -> HttpResponse:
    context = {
        "gift": gift,
        "form": DistributionForm(units=_centres(request)),
        "cancel_form": ReasonForm(prefix="cancel"),
        "distributions": inkind.inkind_distributions(gift=gift),
        **forms,
    }
    return render(request, "giving/office/gift.html", context, status=status)


@record
def gift_detail(request: HttpRequest, pk: int) -> HttpResponse:
    gift = inkind.inkind_get(user=request.user, pk=pk)
    form = DistributionForm(request.POST or None, units=_centres(request))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            person = None
            if d.get("client_national_code"):
                person = person_by_national_code(
                    user=request.user, national_code=d["client_national_code"]
                )
            inkind.inkind_distribute(
                actor=request.user,
                gift=gift,
                quantity=d["quantity"],
                distributed_on=d["distributed_on"],
                to_centre=d.get("to_centre"),
                to_person=person,
                note=d.get("note", ""),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The handover was recorded."))
            return redirect("giving:office_gift", pk=pk)
    return _gift_page(request, gift, status=400 if form.errors else 200, form=form)


@require_POST
@record
def gift_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    gift = inkind.inkind_get(user=request.user, pk=pk)
    form = ReasonForm(request.POST, prefix="cancel")
    if form.is_valid():
        try:
            inkind.inkind_cancel(actor=request.user, gift=gift, reason=form.cleaned_data["reason"])
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The goods entry was cancelled. It stays on record."))
            return redirect("giving:office_gift", pk=pk)
    return _gift_page(request, gift, status=400, cancel_form=form)


@require_POST
@record
def distribution_reverse(request: HttpRequest, pk: int, handover: int) -> HttpResponse:
    distribution = inkind.distribution_get(user=request.user, gift_pk=pk, pk=handover)
    form = ReasonForm(request.POST, prefix="reverse")
    if form.is_valid():
        try:
            inkind.inkind_distribution_reverse(
                actor=request.user, distribution=distribution, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(
                request, _("The handover was reversed; its quantity is back in stock.")
            )
            return redirect("giving:office_gift", pk=pk)
    gift = inkind.inkind_get(user=request.user, pk=pk)
    return _gift_page(request, gift, status=400, reverse_form=form, reverse_pk=handover)


# --- Service pledges --------------------------------------------------------------------------


@record
def pledge_list(request: HttpRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    rows = pledges.pledge_list(user=request.user, open_only=open_only)
    return render(
        request,
        "giving/office/pledges.html",
        {"page": _page(request, rows), "open_only": open_only},
    )


@record
def pledge_new(request: HttpRequest) -> HttpResponse:
    form = PledgeForm(request.POST or None, units=office.offices_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pledge = pledges.pledge_create(
                actor=request.user,
                benefactor=d["benefactor_code"],
                profession=d["profession"],
                service=d["service"],
                hours_pledged=d["hours_pledged"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                unit=d["unit"],
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:office_pledge", pk=pledge.pk)
    return render(request, "giving/office/pledge_form.html", {"form": form})


def _pledge_centres(request: HttpRequest, pledge: Any) -> Any:
    # The pledge's own unit or a centre below it, among the units the user covers.
    return office.offices_for(user=request.user).filter(path__startswith=pledge.unit.path or "")


def _pledge_page(
    request: HttpRequest, pledge: Any, status: int = 200, **forms: Any
) -> HttpResponse:
    context = {
        "pledge": pledge,
        "form": PledgeDeliveryForm(units=_pledge_centres(request, pledge)),
        "withdraw_form": WithdrawForm(prefix="withdraw"),
        "deliveries": pledges.pledge_deliveries(pledge=pledge),
        **forms,
    }
    return render(request, "giving/office/pledge.html", context, status=status)


@record
def pledge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = pledges.pledge_get(user=request.user, pk=pk)
    form = PledgeDeliveryForm(request.POST or None, units=_pledge_centres(request, pledge))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            pledges.pledge_log_delivery(
                actor=request.user,
                pledge=pledge,
                delivered_on=d["delivered_on"],
                hours=d["hours"],
                centre=d["centre"],
                people_served=d["people_served"],
                note=d.get("note", ""),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The hours were logged."))
            return redirect("giving:office_pledge", pk=pk)
    return _pledge_page(request, pledge, status=400 if form.errors else 200, form=form)


@require_POST
@record
def pledge_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = pledges.pledge_get(user=request.user, pk=pk)
    form = WithdrawForm(request.POST, prefix="withdraw")
    if form.is_valid():
        try:
            pledges.pledge_withdraw(
                actor=request.user,
                pledge=pledge,
                ended_on=form.cleaned_data["ended_on"],
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The pledge was ended. The hours already given stay."))
            return redirect("giving:office_pledge", pk=pk)
    return _pledge_page(request, pledge, status=400, withdraw_form=form)


# --- Benefactors ------------------------------------------------------------------------------


@record
def benefactor_list(request: HttpRequest) -> HttpResponse:
    form = BenefactorSearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    rows = benefactors.benefactor_search(text=text)
    return render(
        request, "giving/office/benefactors.html", {"form": form, "rows": rows, "q": text}
    )


@record
def benefactor_new(request: HttpRequest) -> HttpResponse:
    form = BenefactorForm(request.POST or None, initial={"wants_sms": True})
    if request.method == "POST" and form.is_valid():
        try:
            benefactor = benefactors.benefactor_create(actor=request.user, data=form.to_data())
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:office_benefactor", pk=benefactor.pk)
    return render(request, "giving/office/benefactor_form.html", {"form": form})


@record
def benefactor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    benefactor = benefactors.benefactor_get(user=request.user, pk=pk)
    return render(
        request,
        "giving/office/benefactor.html",
        {
            "benefactor": benefactor,
            "donations": benefactors.benefactor_history(benefactor=benefactor)[:200],
        },
    )


@record
def benefactor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    benefactor = benefactors.benefactor_get(user=request.user, pk=pk)
    form = BenefactorForm(request.POST or None, initial=BenefactorForm.initial_from(benefactor))
    if request.method == "POST" and form.is_valid():
        try:
            benefactors.benefactor_update(
                actor=request.user,
                benefactor=benefactor,
                data=form.to_data(),
                expected_version=posted_version(request),
            )
        except ApplicationError as exc:
            add_errors(form, exc)
        else:
            return redirect("giving:office_benefactor", pk=pk)
    return render(
        request, "giving/office/benefactor_form.html", {"form": form, "benefactor": benefactor}
    )
