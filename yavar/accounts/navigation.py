"""The staff menu: each entry appears for those who hold its permission somewhere.
Apps add their pages here as they arrive."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .permissions import Perm


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    perm: str | None  # None: every signed-in staff member
    icon: str = ""


NAV_ITEMS: tuple[NavItem, ...] = (
    NavItem("accounts:home", _("Home"), None),
    NavItem("people:list", _("People"), Perm.PEOPLE_VIEW),
    NavItem("imports:batch_list", _("Imports"), Perm.PEOPLE_CHANGE),
    NavItem("safehouse:list", _("Safe houses"), Perm.SAFEHOUSE_CASE_VIEW),
    NavItem("safehouse:figures", _("Safe-house figures"), Perm.REPORTS_VIEW),
    NavItem("giving:campaign_admin", _("Campaigns"), Perm.GIVING_CAMPAIGNS),
    NavItem("giving:office", _("Donations received in person"), Perm.GIVING_RECORD),
    NavItem("reconciliation:statements", _("Bank statements"), Perm.GIVING_MANAGE),
    NavItem("giving:dashboard", _("Donation figures"), Perm.REPORTS_VIEW),
    NavItem("volunteering:list", _("Volunteers"), Perm.VOLUNTEERS_MANAGE),
    NavItem("giving:allocations", _("Participation account"), Perm.GIVING_ALLOCATE),
    NavItem("giving:allocations", _("Allocations to authorise"), Perm.GIVING_AUTHORISE),
    NavItem("orgunits:index", _("Organisational units"), Perm.ORGUNITS_VIEW),
    NavItem("audit:trail", _("Audit trail"), Perm.AUDIT_VIEW),
    NavItem("accounts:tokens", _("API tokens"), Perm.ACCOUNTS_MANAGE),
    NavItem("api:openapi-view", _("API documentation"), Perm.API_DOCS),
    NavItem("accounts:security", _("My security"), None),
)


def items_for(user: Any) -> list[NavItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    return [item for item in NAV_ITEMS if item.perm is None or user.has_yavar_perm(item.perm)]
