"""How the official form names each box and section, for pages and the printed card."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _

SERVICE_TYPES = [
    ("G2C", _("Service to citizens (G2C)")),
    ("G2B", _("Service to businesses (G2B)")),
    ("G2G", _("Service to other government bodies (G2G)")),
]
NATURES = [("sovereign", _("Sovereign")), ("enterprise", _("Enterprise (tasaddi)"))]
LEVELS = [
    ("national", _("National")),
    ("regional", _("Regional")),
    ("provincial", _("Provincial")),
    ("city", _("City")),
    ("rural", _("Rural")),
]
LIFE_EVENTS = [
    ("birth", _("Birth")),
    ("education", _("Education")),
    ("health", _("Health")),
    ("tax", _("Tax")),
    ("business", _("Business")),
    ("property_registration", _("Property registration")),
    ("urban_utilities", _("Urban utilities")),
    ("insurance", _("Insurance")),
    ("marriage", _("Marriage")),
    ("retirement", _("Retirement")),
    ("certificates", _("Documents and certificates")),
    ("death", _("Death")),
    ("other", _("Other")),
]
START_TRIGGERS = [
    ("recipient_request", _("The recipient's request")),
    ("fixed_time", _("A fixed time")),
    ("event", _("A given event")),
    ("organization_finding", _("The organisation's own finding")),
    ("other", _("Other")),
]
PERIODS = [("month", _("Month")), ("season", _("Season")), ("year", _("Year"))]
CHANNELS = [
    ("web", _("Website")),
    ("mobile_app", _("Mobile app")),
    ("email", _("E-mail")),
    ("post", _("Post")),
    ("phone", _("Phone / call centre")),
    ("sms", _("SMS")),
    ("counter_offices", _("Government counter offices (pishkhan)")),
    ("other", _("Other")),
]
IN_PERSON_REASONS = [
    ("identity", _("Identity check")),
    ("document_authenticity", _("Checking documents are authentic")),
    ("no_infrastructure", _("No infrastructure")),
    ("other", _("Other")),
]
MODES = [("online", _("Online")), ("batch", _("Batch")), ("paper", _("Paper"))]
STAGES = [
    ("informing", _("Informing")),
    ("request", _("Request")),
    ("production", _("Production")),
    ("follow_up", _("Follow-up")),
]
SEASONS = [_("Spring"), _("Summer"), _("Autumn"), _("Winter")]


def boxes(
    choices: Sequence[tuple[str, Any]], ticked: Iterable[str] | str | None
) -> list[tuple[Any, bool]]:
    """The form's boxes in order, each with whether it is ticked."""
    chosen = {ticked} if isinstance(ticked, str) else set(ticked or [])
    return [(label, code in chosen) for code, label in choices]
