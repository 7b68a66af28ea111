"""The service identity card (فرم شناسنامه خدمت دستگاه اجرایی، ضمیمه ۱) as typed data.

Every section of the official form has a field here; a card version stores one validated
`Card` as JSON. Choice fields hold the codes below; the Persian labels are in `labels.py`.
A field the paper form leaves empty is empty here ("" / [] / None), never guessed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ServiceType = Literal["G2C", "G2B", "G2G"]
Nature = Literal["sovereign", "enterprise"]
Level = Literal["national", "regional", "provincial", "city", "rural"]
LifeEvent = Literal[
    "birth",
    "education",
    "health",
    "tax",
    "business",
    "property_registration",
    "urban_utilities",
    "insurance",
    "marriage",
    "retirement",
    "certificates",
    "death",
    "other",
]
StartTrigger = Literal["recipient_request", "fixed_time", "event", "organization_finding", "other"]
Period = Literal["month", "season", "year"]
Channel = Literal[
    "web",
    "mobile_app",
    "email",
    "post",
    "phone",
    "sms",
    "counter_offices",
    "other",
]
InPersonReason = Literal["identity", "document_authenticity", "no_infrastructure", "other"]
ExchangeMode = Literal["online", "batch", "paper", ""]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Statistics(Strict):
    """Section 5: recipients, as the paper states them."""

    periods: list[Period] = []  # the ticked boxes (ماه / فصل / سال)
    recipients: int | None = None  # the number, where one is given
    groups: int | None = None  # e.g. 1,200 self-help groups
    reference_year: int | None = None  # Jalali year the figure refers to, e.g. 1393
    text: str = ""  # the sentence as written on the card


class Frequency(Strict):
    once_forever: bool = False
    times: str = ""  # "... بار" when filled in
    periods: list[Period] = []


class Fees(Strict):
    amounts: str = ""
    bank_accounts: str = ""
    electronic_payment: bool | None = None
    per_capita_rials: int | None = None
    cap_rials: int | None = None


class Stage(Strict):
    """Section 6, one of: informing, request, production, follow-up."""

    electronic: bool | None = None
    channels: list[Channel] = []
    channels_other: str = ""
    in_person_reasons: list[InPersonReason] = []
    in_person_other: str = ""
    # Production only: done inside the organization, or with other bodies too.
    with_other_bodies: bool | None = None
    description: str = ""


class Stages(Strict):
    informing: Stage = Stage()
    request: Stage = Stage()
    production: Stage = Stage()
    follow_up: Stage = Stage()


class InternalLink(Strict):
    """Section 7: a link to another system of the organization."""

    system: str
    fields: str = ""
    mode: ExchangeMode = ""


class ExternalLink(Strict):
    """Section 8: a link to another body's system."""

    body: str
    system: str = ""
    fields: str = ""
    fee: str = ""
    mode: ExchangeMode = ""
    by_whom: str = ""


class FilledBy(Strict):
    unit: str = ""
    person: str = ""
    phone: str = ""


class Card(Strict):
    service_id: str = Field(pattern=r"^\d{11}$")
    title: str
    provider: str
    parent_body: str
    description: str
    service_types: list[ServiceType]
    audience: str = ""
    nature: Nature | None = None
    levels: list[Level] = []
    life_events: list[LifeEvent] = []
    life_events_other: str = ""
    start_triggers: list[StartTrigger] = []
    start_other: str = ""
    required_documents: list[str] = []
    laws: list[str] = []
    statistics: Statistics = Statistics()
    average_duration: str = ""
    frequency: Frequency = Frequency()
    in_person_visits: int | None = None
    fees: Fees = Fees()
    web_address: str = ""
    system_name: str = ""
    stages: Stages = Stages()
    internal_links: list[InternalLink] = []
    external_links: list[ExternalLink] = []
    process_titles: list[str]
    process_diagram: list[str] = []  # the flowchart's boxes in order, where the card has one
    filled_by: FilledBy = FilledBy()
    notes: str = ""
