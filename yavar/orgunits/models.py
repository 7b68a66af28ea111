"""The organisation tree: HQ → 31 provinces → counties → centres.

Each unit stores its materialised `path`: the 8-digit zero-padded ids of its ancestors and
itself, digits only. "Everything under X" is then one range scan on an ordinary b-tree index
(path >= X.path AND path < successor(X.path)), on SQLite and PostgreSQL alike, whatever the
collation, because the strings hold nothing but digits.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from yavar.core.models import TimeStampedModel

from .enums import CentreType, UnitKind

SEGMENT_WIDTH = 8


def path_successor(path: str) -> str:
    """The smallest digit string of the same length that sorts after every extension of path."""
    return str(int(path) + 1).zfill(len(path))


class OrgUnit(TimeStampedModel):
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    centre_type = models.CharField(
        _("centre type"), max_length=24, choices=CentreType.choices, blank=True
    )
    code = models.CharField(_("code"), max_length=32, unique=True)
    name_fa = models.CharField(_("Persian name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    # NULL only between the insert and the path write in the same transaction (the path needs
    # the new id); NULL rather than "" so the unique index tolerates that instant.
    path = models.CharField(max_length=64, unique=True, editable=False, null=True)  # noqa: DJ001
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # True for a confidential centre and anything under it; fixed when the unit is created.
    confidential = models.BooleanField(_("confidential"), default=False, editable=False)
    # Statistical Centre of Iran code (province / county), ISO 3166-2 and HASC, where known.
    sci_code = models.CharField(max_length=8, blank=True)
    iso_code = models.CharField(max_length=8, blank=True)
    hasc_code = models.CharField(max_length=8, blank=True)
    # Shown only to those allowed to see a confidential unit's whereabouts; see selectors.
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")
        indexes = [models.Index(fields=["kind", "path"], name="orgunit_kind_path")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind=UnitKind.CENTRE) | ~models.Q(centre_type=""),
                name="orgunit_centre_has_type",
            ),
        ]

    def __str__(self) -> str:
        return self.name_fa

    @property
    def subtree_bounds(self) -> tuple[str, str]:
        assert self.path, "unit has no path yet"
        return self.path, path_successor(self.path)

    def ancestor_paths(self) -> list[str]:
        """Paths of this unit and every ancestor, from HQ down."""
        assert self.path
        return [self.path[:i] for i in range(SEGMENT_WIDTH, len(self.path) + 1, SEGMENT_WIDTH)]

    def is_within(self, other: OrgUnit) -> bool:
        return bool(self.path and other.path and self.path.startswith(other.path))
