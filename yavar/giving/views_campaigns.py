"""Staff pages for campaigns: list with results, create, edit, close early."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError

from . import campaigns as svc
from .forms_campaigns import CampaignForm, CloseForm


@require_permission(Perm.GIVING_CAMPAIGNS)
def campaign_admin(request: HttpRequest) -> HttpResponse:
    rows = list(svc.campaigns_for(request.user))
    for c in rows:
        c.percent = min(100, round(100 * c.raised / c.goal_rials)) if c.goal_rials else 0  # type: ignore[attr-defined]
        c.average = c.raised // c.gifts if c.gifts else 0  # type: ignore[attr-defined]
    today = timezone.localdate()
    return render(request, "giving/campaign_admin/list.html", {"rows": rows, "today": today})


@require_permission(Perm.GIVING_CAMPAIGNS)
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            svc.campaign_create(actor=request.user, **form.campaign_fields())
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The campaign was created."))
            return redirect("giving:campaign_admin")
    return render(request, "giving/campaign_admin/form.html", {"form": form, "campaign": None})


@require_permission(Perm.GIVING_CAMPAIGNS)
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = svc.campaign_for_edit(request.user, pk)
    initial = {
        "title": campaign.title,
        "cause": campaign.cause_id,
        "method": campaign.method,
        "province": campaign.province_id,
        "goal": str(campaign.goal_rials),
        "starts_on": campaign.starts_on,
        "ends_on": campaign.ends_on,
    }
    form = CampaignForm(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            svc.campaign_update(actor=request.user, campaign=campaign, **form.campaign_fields())
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
        else:
            messages.success(request, _("The campaign was saved."))
            return redirect("giving:campaign_admin")
    return render(
        request,
        "giving/campaign_admin/form.html",
        {"form": form, "campaign": campaign, "close_form": CloseForm()},
    )


@require_POST
@require_permission(Perm.GIVING_CAMPAIGNS)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = svc.campaign_for_edit(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the campaign is closed early."))
        return redirect("giving:campaign_edit", pk=pk)
    try:
        svc.campaign_close(
            actor=request.user, campaign=campaign, reason=form.cleaned_data["reason"]
        )
    except ApplicationError as exc:
        messages.error(request, str(exc.message))
        return redirect("giving:campaign_edit", pk=pk)
    messages.success(request, _("The campaign was closed."))
    return redirect("giving:campaign_admin")
