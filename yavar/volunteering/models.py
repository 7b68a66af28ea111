"""Volunteers of service 19071058105: who applied, how they were vetted and cleared, where they
serve, and the hours they gave. Nothing here is deleted: rejections, ended assignments and
rejected hours keep their reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel
from yavar.core.validators import validate_mobile, validate_national_code

from .enums import (
    MAX_HOURS_PER_DAY,
    AssignmentStatus,
    Gender,
    HoursSource,
    HoursStatus,
    IdentityOutcome,
    Skill,
    VolunteerStatus,
)


class Volunteer(TimeStampedModel):
    reference = models.CharField(_("reference number"), max_length=12, unique=True)
    national_code = models.CharField(
        _("national code"), max_length=10, unique=True, validators=[validate_national_code]
    )
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    father_name = models.CharField(_("father's name"), max_length=80)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    mobile = models.CharField(_("mobile"), max_length=11, validators=[validate_mobile])
    province = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    # The county: scope (who may see and vet the volunteer) is answered through this unit.
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    # ",counselling,it," so one skill is found with a plain LIKE on both databases.
    skills = models.CharField(_("skills"), max_length=200, blank=True)
    skills_other = models.CharField(_("other skills"), max_length=200, blank=True)
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    willing_children = models.BooleanField(_("willing to work with children"), default=False)
    willing_safe_house = models.BooleanField(
        _("willing to work with women in safe houses"), default=False
    )
    motivation = models.TextField(_("motivation"))
    status = models.CharField(
        _("status"), max_length=20, choices=VolunteerStatus.choices, default=VolunteerStatus.APPLIED
    )
    identity_status = models.CharField(
        _("identity inquiry"),
        max_length=12,
        choices=IdentityOutcome.choices,
        default=IdentityOutcome.NOT_CHECKED,
    )
    identity_checked_at = models.DateTimeField(_("identity checked at"), null=True, blank=True)
    identity_mismatches = models.JSONField(default=list, blank=True)
    identity_override_reason = models.TextField(_("override reason"), blank=True)
    identity_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    interview_notes = models.TextField(_("interview notes"), blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "org_unit"], name="volunteer_status_unit")]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def skill_list(self) -> list[str]:
        return [s for s in self.skills.split(",") if s]

    def skill_labels(self) -> list[str]:
        return [str(Skill(s).label) for s in self.skill_list if s in Skill.values]

    @property
    def identity_clear(self) -> bool:
        """Matched, or a supervisor overrode the flag with a reason."""
        return self.identity_status == IdentityOutcome.MATCH or bool(self.identity_override_reason)

    @property
    def masked_national_code(self) -> str:
        return "*" * 6 + self.national_code[-4:]

    @property
    def initials(self) -> str:
        return f"{self.first_name[:1]}. {self.last_name[:1]}."


class Clearance(TimeStampedModel):
    """A record that the volunteer may work with children or in safe houses, such as the police
    certificate of no criminal record. Valid from issue to expiry; a new one is added when it
    lapses."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="clearances")
    reference = models.CharField(_("clearance reference"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-expires_on", "-id"]
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="clearance_expires_after_issue",
            )
        ]

    def __str__(self) -> str:
        return self.reference

    def valid_on(self, day: dt.date) -> bool:
        return self.issued_on <= day <= self.expires_on


class Assignment(TimeStampedModel):
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="assignments")
    centre = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("centre")
    )
    # A service card's ID from the catalog, or "general".
    programme = models.CharField(_("programme"), max_length=11)
    task = models.TextField(_("role and task"))
    with_children = models.BooleanField(_("works with children"), default=False)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=AssignmentStatus.choices,
        default=AssignmentStatus.ACTIVE,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.TextField(_("reason for ending"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} @ {self.centre_id} ({self.programme})"

    @property
    def last_day(self) -> dt.date:
        """The last day hours may be logged for: the planned end, or the day it was ended."""
        if self.ended_on is not None:
            return min(self.ends_on, self.ended_on)
        return self.ends_on


class HoursEntry(TimeStampedModel):
    assignment = models.ForeignKey(Assignment, on_delete=models.PROTECT, related_name="hours")
    # Repeated from the assignment so the per-day limit is one indexed sum.
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="hours")
    on = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(Decimal("0.5")),
            MaxValueValidator(Decimal(MAX_HOURS_PER_DAY)),
        ],
    )
    activity = models.CharField(_("activity"), max_length=300)
    source = models.CharField(max_length=10, choices=HoursSource.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=HoursStatus.choices, default=HoursStatus.PENDING
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)

    class Meta:
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["volunteer", "on"], name="hours_volunteer_day")]
        verbose_name = _("hours")
        verbose_name_plural = _("hours")

    def __str__(self) -> str:
        return f"{self.on} {self.hours}h"


class Certificate(TimeStampedModel):
    """A certificate of service as issued: a snapshot, so the public verification page shows
    what was printed even after more hours are confirmed."""

    code = models.CharField(_("verification code"), max_length=16, unique=True)
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="certificates")
    total_hours = models.DecimalField(max_digits=8, decimal_places=1)
    # [{"programme": title, "place": label, "from": iso, "to": iso, "hours": "12.5"}, ...]
    lines = models.JSONField(default=list)
    issuer = models.CharField(max_length=200)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("certificate of service")
        verbose_name_plural = _("certificates of service")

    def __str__(self) -> str:
        return self.code

    def dated_lines(self) -> list[dict[str, object]]:
        return [
            {
                **line,
                "from": dt.date.fromisoformat(line["from"]),
                "to": dt.date.fromisoformat(line["to"]),
                "hours": Decimal(line["hours"]),
            }
            for line in self.lines
        ]
