from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessReason(models.TextChoices):
    ROUTINE = "routine", _("Routine work")
    BREAK_GLASS = "break_glass", _("Emergency (break-glass) access")
