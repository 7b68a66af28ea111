"""Safe-house cases. Every row here is confidential: it belongs to a safe house (a confidential
org unit), so only that house's staff and the provincial focal point ever see it, through
scope. Lists show the case code, never a name."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel, VersionedModel

from .enums import (
    CaseStatus,
    ContactMethod,
    Decision,
    DischargeReason,
    Perpetrator,
    ReferralSource,
    ReferralStatus,
    ServiceKind,
)


class House(TimeStampedModel):
    """Capacity and stay rules of one safe house (the org unit holds its name and address)."""

    org_unit = models.OneToOneField(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="safe_house"
    )
    beds = models.PositiveSmallIntegerField(_("beds"))
    max_stay_days = models.PositiveSmallIntegerField(
        _("longest stay without extension (days)"), default=120
    )

    def __str__(self) -> str:
        return str(self.org_unit)


class Case(VersionedModel):
    code = models.CharField(_("case code"), max_length=20, unique=True)
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    # The house the case belongs to: its confidentiality and its scope.
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    referral_source = models.CharField(
        _("referred by"), max_length=16, choices=ReferralSource.choices
    )
    referring_body = models.CharField(_("referring body"), max_length=150, blank=True)
    referral_reference = models.CharField(_("their reference"), max_length=60, blank=True)
    opened_on = models.DateField(_("opened on"))
    request_note = models.TextField(_("her request, in her words"), blank=True)
    safe_contact = models.CharField(
        _("safe way to contact her"), max_length=16, choices=ContactMethod.choices
    )
    safe_contact_detail = models.CharField(_("contact detail"), max_length=150, blank=True)
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    admitted_on = models.DateField(_("admitted on"), null=True, blank=True)
    stay_until = models.DateField(_("stay approved until"), null=True, blank=True)
    children_with_her = models.PositiveSmallIntegerField(_("children staying with her"), default=0)
    safety_plan = models.TextField(_("safety plan"), blank=True)
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=16, choices=DischargeReason.choices, blank=True
    )
    discharge_destination = models.CharField(_("where she went"), max_length=150, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)

    class Meta:
        verbose_name = _("safe-house case")
        verbose_name_plural = _("safe-house cases")
        indexes = [models.Index(fields=["org_unit", "status"], name="case_unit_status")]

    def __str__(self) -> str:
        return self.code  # never her name: str() ends up in logs and audit lines


class Intake(TimeStampedModel):
    """The intake interview and admission form."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    violence_types = models.JSONField(_("types of violence"), default=list)
    perpetrator = models.CharField(
        _("relation to the perpetrator"), max_length=16, choices=Perpetrator.choices
    )
    risk_answers = models.JSONField(default=dict)  # item code → bool
    risk_score = models.PositiveSmallIntegerField(_("danger score"))
    children = models.PositiveSmallIntegerField(_("accompanying children"), default=0)
    health_needs = models.TextField(_("health needs"), blank=True)
    legal_needs = models.TextField(_("legal needs"), blank=True)
    interviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"intake {self.case.code}"


class Consent(TimeStampedModel):
    """Informed, time-limited consent to share with one body for one purpose. Never a
    condition of help: nothing in the case flow requires it except sharing itself."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    recipient = models.CharField(_("shared with"), max_length=150)
    purpose = models.CharField(_("for"), max_length=200)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("valid until"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=models.F("given_on")), name="consent_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"consent {self.case.code} → {self.recipient}"


class ServiceRecord(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(_("service"), max_length=16, choices=ServiceKind.choices)
    on = models.DateField(_("date"))
    topic = models.CharField(_("topic / curriculum unit"), max_length=150, blank=True)
    court = models.CharField(_("court"), max_length=150, blank=True)
    court_case_number = models.CharField(_("court case number"), max_length=60, blank=True)
    note = models.TextField(_("note"), blank=True)
    provided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.case.code} {self.kind} {self.on}"


class Referral(TimeStampedModel):
    """A closed-loop referral out: due date, and feedback from the receiving body."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals")
    to_body = models.CharField(_("referred to"), max_length=150)
    reason = models.TextField(_("why"))
    consent = models.ForeignKey(Consent, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(_("feedback due by"))
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    feedback = models.TextField(_("their feedback"), blank=True)
    feedback_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.case.code} → {self.to_body}"


class FollowUp(TimeStampedModel):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="follow_ups")
    on = models.DateField(_("date"))
    method = models.CharField(_("how"), max_length=16, choices=ContactMethod.choices)
    outcome = models.TextField(_("how she is"))

    class Meta:
        ordering = ["-on"]

    def __str__(self) -> str:
        return f"{self.case.code} follow-up {self.on}"


class BreakGlass(TimeStampedModel):
    """Emergency access to a case outside one's scope: a written reason, a time limit, and an
    alert to the provincial focal point."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    expires_at = models.DateTimeField()
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"break-glass {self.case.code}"
