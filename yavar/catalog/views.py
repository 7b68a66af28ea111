from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yavar.accounts.permissions import Perm
from yavar.core.auth import require_permission
from yavar.core.errors import ApplicationError, ErrorCode

from . import selectors, services
from .forms import CardForm, flatten
from .models import ServiceCard
from .pdf import card_pdf


def _card_or_404(service_id: str) -> ServiceCard:
    try:
        return selectors.card_get(service_id=service_id)
    except ApplicationError as exc:
        raise ApplicationError(ErrorCode.NOT_FOUND) from exc


def card_print(request: HttpRequest, service_id: str) -> HttpResponse:
    """Public: the card as a PDF laid out like the official form."""
    card = _card_or_404(service_id)
    version, data = selectors.card_version(card=card)
    response = HttpResponse(card_pdf(data, version=version.number), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="service-card-{service_id}.pdf"'
    return response


@require_permission(Perm.CATALOG_EDIT)
def card_edit(request: HttpRequest, service_id: str) -> HttpResponse:
    card = _card_or_404(service_id)
    _version, data = selectors.card_version(card=card)
    form = CardForm(request.POST or None, card=data, based_on=card.current_version)
    if request.method == "POST" and form.is_valid():
        try:
            services.card_save_version(
                actor=request.user,
                card=card,
                data=form.card_data(),
                based_on=form.cleaned_data["based_on"],
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            form.add_error(None, str(exc.message))
            for field, errors in exc.fields.items():
                form.add_error(None, f"{field}: {'; '.join(errors)}")
        else:
            messages.success(request, _("A new version of the card was saved."))
            return redirect("catalog:compare", service_id=service_id)
    return render(request, "catalog/edit.html", {"card": card, "form": form})


@require_permission(Perm.CATALOG_EDIT)
def card_compare(request: HttpRequest, service_id: str) -> HttpResponse:
    card = _card_or_404(service_id)
    versions = list(selectors.card_versions(card=card))
    newest = versions[0].number
    right_no = int(request.GET.get("b") or newest)
    left_no = int(request.GET.get("a") or max(1, right_no - 1))
    left, _l = selectors.card_version(card=card, number=left_no)
    right, _r = selectors.card_version(card=card, number=right_no)
    a, b = flatten(left.data), flatten(right.data)
    keys = [*a, *(k for k in b if k not in a)]
    rows = [(k, a.get(k, ""), b.get(k, ""), a.get(k) != b.get(k)) for k in keys]
    return render(
        request,
        "catalog/compare.html",
        {"card": card, "versions": versions, "left": left, "right": right, "rows": rows},
    )
