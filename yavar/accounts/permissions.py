"""Every permission Yavar checks, with what it lets a person do. Roles (roles.py) are sets
of these; a view or selector asks for one by its code."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Perm(models.TextChoices):
    ORGUNITS_VIEW = "orgunits.view", _("See the organisational units in your area")
    ORGUNITS_VIEW_CONFIDENTIAL = (
        "orgunits.view_confidential",
        _("See the whereabouts of the confidential centres you work in"),
    )
    ORGUNITS_MANAGE = "orgunits.manage", _("Create and edit centres")
    ACCOUNTS_MANAGE = "accounts.manage", _("Manage staff accounts, roles and API tokens")
    AUDIT_VIEW = "audit.view", _("Search the audit trail and the access log")
    API_DOCS = "api.docs", _("Read the API documentation")
    PEOPLE_VIEW = "people.view", _("Find and read people's records in your area")
    PEOPLE_CHANGE = "people.change", _("Register people and edit their records")
    CATALOG_EDIT = "catalog.edit", _("Edit the service identity cards")
    SERVICE_PLAN = "services.plan", _("Open annual cycles, set targets and budgets")
    SERVICE_APPROVE = "services.approve", _("Approve the work of the units under you")
    SERVICE_DELIVER = "services.deliver", _("Run intake, assessments, groups, meetings and cases")
    REPORTS_VIEW = "reports.view", _("See the dashboards and reports for your area")
    SAFEHOUSE_CASE_VIEW = "safehouse.case_view", _("Read safe-house case files")
    SAFEHOUSE_CASE_CHANGE = "safehouse.case_change", _("Admit, serve and discharge survivors")
    SAFEHOUSE_SUPERVISE = (
        "safehouse.supervise",
        _("Supervise safe houses: extensions, overdue referrals"),
    )
    GIVING_MANAGE = "giving.manage", _("Record and reconcile donations")
    GIVING_CAMPAIGNS = (
        "giving.campaigns",
        _("Run fundraising campaigns: choose the method, set goals and dates"),
    )
    GIVING_RECORD = (
        "giving.record",
        _("Record donations received in person: cash, goods and service pledges"),
    )
    VOLUNTEERS_MANAGE = (
        "volunteers.manage",
        _("Vet and assign volunteers and confirm their hours"),
    )
    VOLUNTEERS_CLEAR = (
        "volunteers.clear",
        _("Clear volunteers for work with children or in safe houses"),
    )
    GIVING_ALLOCATE = "giving.allocate", _("Propose spending from the participation account")
    GIVING_AUTHORISE = (
        "giving.authorise",
        _("Authorise spending from the people's-participation account"),
    )
    INSURANCE_EXCHANGE = (
        "childinsurance.exchange",
        _("Fetch the approved children batch and post policy numbers back"),
    )
