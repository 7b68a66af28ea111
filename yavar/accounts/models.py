from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel
from yavar.orgunits.scope import Grant

from .roles import Role, spec


class User(AbstractUser):
    """A staff member. Public users (donors, applicants) have no account here by default."""

    national_code = models.CharField(_("national code"), max_length=10, blank=True)
    mobile = models.CharField(_("mobile"), max_length=11, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def active_memberships(self) -> list[Membership]:
        # Loaded once per request: every scope question of the request reuses it.
        return list(self.memberships.filter(active=True).select_related("org_unit"))

    def requires_second_factor(self) -> bool:
        return any(spec(m.role).sensitive for m in self.active_memberships)

    def _second_factor_missing(self) -> bool:
        # OTPMiddleware attaches is_verified to request users; outside a request (tasks,
        # shell) there is no session to verify, and the caller is trusted code.
        is_verified = getattr(self, "is_verified", None)
        return callable(is_verified) and not is_verified()

    def second_factor_pending(self) -> bool:
        """Signed in with a password, but a sensitive role still waits for the TOTP step."""
        return self.requires_second_factor() and self._second_factor_missing()

    def grants_for(self, perm: str) -> list[Grant]:
        if not self.is_active:
            return []
        unverified = self._second_factor_missing()
        return [
            Grant(m.org_unit_id, m.org_unit.path or "", spec(m.role).covers_confidential)
            for m in self.active_memberships
            if perm in spec(m.role).permissions and not (unverified and spec(m.role).sensitive)
        ]

    def has_yavar_perm(self, perm: str) -> bool:
        return bool(self.grants_for(perm))

    def roles(self) -> list[str]:
        return sorted({m.role for m in self.active_memberships})


class Membership(TimeStampedModel):
    """A user holds a role at an org unit; the role's permissions reach that unit's subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="memberships"
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"], name="membership_unique_role_at_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.org_unit}"


class ApiToken(TimeStampedModel):
    """A revocable credential for a system client (the insurer, another body).

    Only a SHA-256 hash of the secret is stored; the secret is shown once, at issue time.
    The token acts with its own role at its own unit, never as the person who issued it.
    """

    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    # The token is a principal like a user: the same scope questions work on both.
    is_authenticated = True

    def get_username(self) -> str:
        return f"token:{self.prefix}"

    def grants_for(self, perm: str) -> list[Grant]:
        role = spec(self.role)
        if self.revoked_at is not None or perm not in role.permissions:
            return []
        return [Grant(self.org_unit_id, self.org_unit.path or "", role.covers_confidential)]

    def has_yavar_perm(self, perm: str) -> bool:
        return bool(self.grants_for(perm))

    def roles(self) -> list[Any]:
        return [self.role]
