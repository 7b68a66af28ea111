from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountErrorCode(models.TextChoices):
    ROLE_NOT_ALLOWED_AT_UNIT = (
        "role_not_allowed_at_unit",
        _("This role cannot be held at this kind of unit."),
    )
    MEMBERSHIP_EXISTS = "membership_exists", _("This person already holds this role here.")
    BAD_TOTP = "bad_totp", _("The code is not correct or has expired. Try the current code.")
    ROLE_NOT_INTERACTIVE = (
        "role_not_interactive",
        _("This role is for system clients and is held through API tokens only."),
    )
    API_ROLE_NOT_ALLOWED = (
        "api_role_not_allowed",
        _("API tokens can only be issued for system-client roles."),
    )
