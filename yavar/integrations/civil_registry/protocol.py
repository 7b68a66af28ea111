"""What Yavar asks the civil registry (ثبت احوال) and what it gets back, in plain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentityStatus(models.TextChoices):
    MATCH = "match", _("Matches the civil registry")
    MISMATCH = "mismatch", _("Differs from the civil registry")
    NOT_FOUND = "not_found", _("Not in the civil registry")
    DECEASED = "deceased", _("Deceased according to the civil registry")


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


@dataclass(frozen=True)
class IdentityResult:
    """The registry's answer. Names are as the registry holds them; `mismatched_fields` names
    the given fields that differ (`first_name`, `last_name`, `birth_date`). A deceased person
    is DECEASED whether or not the details also differ."""

    status: IdentityStatus
    national_code: str
    first_name: str = ""
    last_name: str = ""
    father_name: str = ""
    birth_date: date | None = None
    gender: Gender | None = None
    alive: bool | None = None
    mismatched_fields: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.status != IdentityStatus.NOT_FOUND


class CivilRegistry(Protocol):
    def inquire(
        self,
        *,
        national_code: str,
        birth_date: date | None,
        first_name: str,
        last_name: str,
        actor_label: str = "",
        object_ref: tuple[str, str] | None = None,
    ) -> IdentityResult:
        """Ask the registry about one person. An empty name or a None birth date is not
        compared. Raises ApplicationError(INVALID_INPUT) for a malformed national code (nothing
        is sent) and IntegrationError when the registry cannot be asked."""
        ...
