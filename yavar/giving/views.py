from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import get_script_prefix, get_urlconf, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode
from yavar.integrations.errors import IntegrationError
from yavar.integrations.sms.verification import verified_mobile
from yavar.orgunits.selectors import public_counties

from . import services
from .allocations import allocation_decide, allocation_propose, balance, impact_of
from .benefactors import benefactors_of_mobile
from .campaigns import running_campaigns
from .donate_page import donate_page
from .donate_post import DonatePost
from .enums import DonationStatus, GivingErrorCode
from .forms import AllocationForm, DonateForm
from .models import Allocation, Cause
from .receipts import receipt_pdf
from .selectors import donation_for_receipt


def campaigns(request: HttpRequest) -> HttpResponse:
    rows = [(c, c.raised) for c in running_campaigns()]  # type: ignore[attr-defined]
    return render(request, "giving/campaigns.html", {"rows": rows})


@lru_cache(maxsize=32)  # hosts are few: ALLOWED_HOSTS has checked this one
def _callback_at(scheme_host: str, script_prefix: str, urlconf: str | None) -> str:
    return scheme_host + reverse("giving:callback", urlconf=urlconf)


def callback_url(request: HttpRequest) -> str:
    """Where the bank sends this donor back: reversed once per host (every donation asks)."""
    return _callback_at(
        f"{request.scheme}://{request.get_host()}", get_script_prefix(), get_urlconf()
    )


def donate(request: HttpRequest) -> HttpResponse:
    # A donor who proved their mobile gives under their profile, with its defaults.
    mobile = verified_mobile(request.session)
    benefactor = benefactors_of_mobile(mobile=mobile).first() if mobile else None
    initial: dict[str, Any] = {"campaign": request.GET.get("campaign"), "donor_mobile": mobile}
    if benefactor is not None:
        initial.update(donor_name=benefactor.name, anonymous=benefactor.anonymous)
    if request.method != "POST" or not request.POST:
        return donate_page(request, DonateForm(initial=initial), benefactor)
    # The post is checked without the shown form's setup; only one that fails is shown again.
    post = DonatePost(request.POST)
    if post.is_valid():
        d = post.cleaned_data
        given_by = benefactor if d.get("donor_mobile") == mobile else None
        try:
            donation = services.donation_start(
                cause=d["cause"],
                amount_rials=d["amount_rials"],
                callback_url=callback_url(request),
                campaign=d.get("campaign"),
                province=d.get("province"),
                county=d.get("county"),
                donor_name=d.get("donor_name", ""),
                donor_mobile=d.get("donor_mobile", ""),
                anonymous=d.get("anonymous", False),
                benefactor=given_by,
            )
        except IntegrationError:
            post.add_error(None, str(ApplicationError(GivingErrorCode.GATEWAY_DOWN).message))
        except ApplicationError as exc:
            post.add_error(None, str(exc.message))
        else:
            return redirect(services.bank_page_url(donation))
    form = DonateForm(request.POST, initial=initial, checked=post)
    return donate_page(request, form, benefactor)


def donate_counties(request: HttpRequest) -> HttpResponse:
    """The county list of the province a donor has just chosen (HTMX)."""
    counties = public_counties(province_id=request.GET.get("province", ""))
    return render(request, "orgunits/_county_options.html", {"counties": counties})


@csrf_exempt  # the bank posts here from its own site; the payload is verified server-side
@require_POST
def callback(request: HttpRequest) -> HttpResponse:
    order_id = request.POST.get("order_id", "")[:16]
    token = request.POST.get("token", "")[:100]
    try:
        settled = services.donation_settle(tracking_code=order_id, token=token)
    except ApplicationError as exc:
        raise ApplicationError(ErrorCode.NOT_FOUND) from exc
    if settled.donation.status == DonationStatus.PENDING:
        messages.info(request, GivingErrorCode.GATEWAY_DOWN.label)
    return redirect("giving:receipt", tracking_code=settled.donation.tracking_code)


def receipt(request: HttpRequest, tracking_code: str) -> HttpResponse:
    """Anyone holding the 12-digit tracking code may see its receipt (no personal data on it
    beyond the name the donor chose to give)."""
    donation = donation_for_receipt(tracking_code)
    return render(
        request, "giving/receipt.html", {"donation": donation, "impact": impact_of(donation)}
    )


def receipt_download(request: HttpRequest, tracking_code: str) -> HttpResponse:
    donation = donation_for_receipt(tracking_code)
    if donation.status != DonationStatus.PAID:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    response = HttpResponse(receipt_pdf(donation), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="receipt-{tracking_code}.pdf"'
    return response


def _can(request: HttpRequest, perm: str) -> bool:
    user: Any = request.user
    return bool(user.is_authenticated and user.has_yavar_perm(perm))


@login_required
def allocations(request: HttpRequest) -> HttpResponse:
    """The participation account: balances per cause, proposals, the head's decisions."""
    if not (_can(request, Perm.GIVING_ALLOCATE) or _can(request, Perm.GIVING_AUTHORISE)):
        raise ApplicationError(ErrorCode.PERMISSION_DENIED)
    form = AllocationForm(request.POST or None) if _can(request, Perm.GIVING_ALLOCATE) else None
    if form is not None and request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            allocation_propose(
                actor=request.user,
                cause=d["cause"],
                amount_rials=d["amount"],
                purpose=d["purpose"],
                province=d.get("province"),
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            return redirect("giving:allocations")
    causes = [(cause, balance(cause)) for cause in Cause.objects.order_by("title")]
    rows = Allocation.objects.select_related(
        "cause", "province", "proposed_by", "decided_by"
    ).order_by("-created_at")[:100]
    return render(
        request,
        "giving/allocations.html",
        {
            "form": form,
            "causes": causes,
            "rows": rows,
            "can_authorise": _can(request, Perm.GIVING_AUTHORISE),
        },
    )


@require_POST
@require_permission(Perm.GIVING_AUTHORISE)
def allocation_decision(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = Allocation.objects.filter(pk=pk).first()
    if allocation is None:
        raise ApplicationError(ErrorCode.NOT_FOUND)
    try:
        allocation_decide(
            actor=request.user, allocation=allocation, approve=request.POST.get("approve") == "1"
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
    return redirect("giving:allocations")
