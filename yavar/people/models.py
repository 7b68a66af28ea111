"""The people registry: a person is known once, whatever services she receives.

Names are stored as typed; `*_key` columns hold the normalised search keys
(yavar.core.persian.search_key) and are written only by the services in this app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yavar.core.fields import ByteOrderCharField
from yavar.core.models import TimeStampedModel, VersionedModel

from .enums import (
    CoverageEndReason,
    DocumentType,
    DuplicateStatus,
    Education,
    Gender,
    HeadshipReason,
    IdentityStatus,
    IdType,
    Literacy,
    Nationality,
    Relation,
)


class Person(VersionedModel):
    # Every index below is paid for by each of the 100,000 rows a bulk import writes, so the
    # table keeps only those a query uses: nothing lists people by creation time, the county
    # lookups are served by person_unit_last, the mobile is only ever matched exactly, and
    # almost no one is merged (see Meta.indexes).
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    id_type = models.CharField(
        _("identity document"), max_length=16, choices=IdType.choices, default=IdType.NATIONAL_CODE
    )
    # Iranian national code: unique when present. Foreign nationals carry foreign_id instead.
    national_code = ByteOrderCharField(_("national code"), max_length=10, null=True, blank=True)
    foreign_id = models.CharField(_("identity number"), max_length=20, blank=True)
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    father_name = models.CharField(_("father's name"), max_length=80, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices)
    nationality = models.CharField(
        _("nationality"), max_length=2, choices=Nationality.choices, default=Nationality.IRANIAN
    )
    literacy = models.CharField(_("literacy"), max_length=12, choices=Literacy.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    mobile = ByteOrderCharField(_("mobile"), max_length=11, blank=True)
    # The county (or, for a confidential case, the centre) the record belongs to: its scope.
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("county"),
        db_index=False,  # person_unit_last (org_unit, last_key) serves it
    )
    address = models.TextField(_("address"), blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    identity_status = models.CharField(
        _("identity check"),
        max_length=12,
        choices=IdentityStatus.choices,
        default=IdentityStatus.UNVERIFIED,
    )
    identity_checked_at = models.DateTimeField(_("identity checked at"), null=True, blank=True)
    identity_mismatches = models.JSONField(default=list, blank=True)
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_records",
        db_index=False,  # person_merged_into: only the few merged rows
    )
    # Set on people created by a bulk import: who uploaded and who approved them is on the
    # batch, and one audit event per batch lists the ids it created (people/importer.py).
    # No database constraint or index: batches are never deleted, the reference is read one
    # person at a time (the auditor's search), and each would cost every imported row.
    import_batch = models.ForeignKey(
        "imports.ImportBatch",
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("import batch"),
    )
    # Normalised search keys (service-maintained).
    # Compared byte-wise (core/fields.py): the list is ordered by last_key in code-point order.
    name_key = ByteOrderCharField(max_length=200, editable=False, default="")
    last_key = ByteOrderCharField(max_length=80, editable=False, default="")
    father_key = ByteOrderCharField(max_length=80, editable=False, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["national_code"],
                condition=Q(national_code__isnull=False),
                name="person_unique_national_code",
            ),
            models.UniqueConstraint(
                fields=["id_type", "nationality", "foreign_id"],
                condition=~Q(foreign_id=""),
                name="person_unique_foreign_id",
            ),
            models.CheckConstraint(
                condition=Q(id_type=IdType.NATIONAL_CODE, national_code__isnull=False)
                | (~Q(id_type=IdType.NATIONAL_CODE) & ~Q(foreign_id="")),
                name="person_has_an_identity_number",
            ),
        ]
        indexes = [
            models.Index(fields=["birth_date", "last_key"], name="person_birth_last"),
            models.Index(fields=["father_key", "last_key"], name="person_father_last"),
            models.Index(fields=["org_unit", "last_key"], name="person_unit_last"),
            # A plain b-tree: Django's db_index would add a second, LIKE-only copy on PostgreSQL.
            models.Index(fields=["mobile"], name="person_mobile"),
            models.Index(
                fields=["merged_into"],
                condition=Q(merged_into__isnull=False),
                name="person_merged_into",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def identifier(self) -> str:
        return self.national_code or self.foreign_id


class Household(VersionedModel):
    head = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="headed_households",
        verbose_name=_("head of household"),
    )
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("county")
    )
    female_headed = models.BooleanField(_("female-headed household"), default=False, db_index=True)
    headship_reason = models.CharField(
        _("why she heads the household"), max_length=20, choices=HeadshipReason.choices, blank=True
    )
    address = models.TextField(_("address"), blank=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(female_headed=True) | Q(headship_reason=""),
                name="household_reason_only_if_female_headed",
            )
        ]

    def __str__(self) -> str:
        return str(_("Household of %(name)s") % {"name": self.head})


class HouseholdMember(TimeStampedModel):
    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    relation = models.CharField(_("relation to the head"), max_length=12, choices=Relation.choices)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            # A person belongs to one household at a time.
            models.UniqueConstraint(fields=["person"], name="member_one_household"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()})"


class Coverage(TimeStampedModel):
    """A programme covers (تحت پوشش) a person or a household at a unit, from a date; it may end.

    A coverage at a confidential unit (a safe house) exists only for those whose scope covers
    that unit: selectors filter coverages by scope, never by a flag on the row.
    """

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="coverages"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="coverages"
    )
    programme = models.CharField(_("programme (service ID)"), max_length=32, db_index=True)
    org_unit = models.ForeignKey(
        "orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    start_date = models.DateField(_("coverage start"))
    end_date = models.DateField(_("coverage end"), null=True, blank=True)
    end_reason = models.CharField(
        _("why it ended"), max_length=12, choices=CoverageEndReason.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("coverage")
        verbose_name_plural = _("coverages")
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) ^ Q(household__isnull=False),
                name="coverage_person_xor_household",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="coverage_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["person", "programme"], name="coverage_person_prog")]

    def __str__(self) -> str:
        return f"{self.programme} · {self.person or self.household}"


def document_path(instance: Document, filename: str) -> str:
    # The stored name is not the uploaded one: names can identify a person.
    return f"people/{instance.person_id}/{instance.stored_name}"


class Document(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="documents")
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=150, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Documents of a confidential involvement carry that unit; scope decides who sees them.
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.PROTECT, related_name="+")
    stored_name = models.CharField(max_length=64, editable=False)
    file = models.FileField(upload_to=document_path, max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    original_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.number}".strip()


class DuplicateCandidate(TimeStampedModel):
    """A pair the nightly scan thinks may be one person; a person with scope decides."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField()
    reason = models.CharField(max_length=40)
    status = models.CharField(
        max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="duplicate_pair_once"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="pair_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"
