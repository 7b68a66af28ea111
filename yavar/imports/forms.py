from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from yavar.core.forms import StyledForm
from yavar.orgunits.models import OrgUnit


class UploadForm(StyledForm):
    org_unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=OrgUnit.objects.none(),
        help_text=_("The file belongs to this unit: a colleague with access to it approves it."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Excel (.xlsx, .xls), OpenDocument (.ods) or CSV; the first row holds the column "
            "titles."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.ods,.csv"}),
    )

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["org_unit"]
        field.queryset = units  # type: ignore[attr-defined]
        # A province and its capital county share a name: say which is which.
        field.label_from_instance = lambda u: f"{u.name_fa} ({u.get_kind_display()})"  # type: ignore[attr-defined]
        if len(units) == 1:
            field.initial = units[0].pk


class RejectForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
