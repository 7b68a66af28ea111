from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectType(models.TextChoices):
    PERSON = "person", _("Person")
    HOUSEHOLD = "household", _("Household")
    GROUP = "group", _("Group")
    BODY = "body", _("Organisation or body")


class CatalogErrorCode(models.TextChoices):
    UNKNOWN_SERVICE = "unknown_service", _("There is no service with this ID.")
    INVALID_CARD = "invalid_card", _("The card is not complete or not valid.")
    STALE_VERSION = (
        "stale_card_version",
        _("Someone saved a newer version of this card while you were editing. Start again."),
    )
