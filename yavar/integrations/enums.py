from django.db import models
from django.utils.translation import gettext_lazy as _


class InquiryMode(models.TextChoices):
    ONLINE = "online", _("Online")
    BATCH = "batch", _("Batch")


class InquiryOutcome(models.TextChoices):
    OK = "ok", _("Answered")
    MISMATCH = "mismatch", _("Answered, details differ")
    NOT_FOUND = "not_found", _("Not found")
    ERROR = "error", _("Failed")
