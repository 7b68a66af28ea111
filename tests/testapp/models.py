"""A minimal domain-free model for testing the workflow engine and optimistic locking.
Installed only under tests (settings.TESTING)."""

from django.db import models

from yavar.core.models import VersionedModel


class Ticket(VersionedModel):
    title = models.CharField(max_length=100)
    status = models.CharField(max_length=20, default="draft")
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    ready = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.title
