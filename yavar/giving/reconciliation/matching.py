"""Which donation each credit line of a statement is.

Certain (matched at once): the bank reference of an online payment (RRN), or the reference of
a deposit slip / ATM / POS payment recorded on the donation, or the donation's tracking code
written in the line's description — always with the same amount. Likely (suggested, a person
confirms): the same amount within two days, when exactly one donation fits and it fits no other
line. Anything else stays unmatched for the finance officer.

Candidates are found with a handful of queries for all open lines together; the chosen donations
are then locked and checked again to be free, so two imports or an import and a person matching
by hand can never give one donation to two lines (the unique key would refuse it anyway)."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from yavar.audit.services import audit_record
from yavar.core.persian import search_key, to_ascii_digits

from ..enums import Channel, DonationStatus
from ..models import Donation
from .enums import AUTOMATIC_RULES, SUGGEST_WINDOW_DAYS, Direction, LineStatus, MatchRule
from .models import StatementLine

# Tracking codes are 12 digits (giving.services.new_tracking_code); a longer run of digits is a
# card or account number, not a tracking code.
_TRACKING_CODE = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
# Words banks print in the description of each kind of payment (compared as search keys).
_CHANNEL_WORDS = (
    (Channel.ATM, ("خودپرداز", "atm")),
    (Channel.POS, ("کارتخوان", "پوز", "pos", "پایانه فروش")),
    (Channel.BANK_DEPOSIT, ("فیش", "واریز نقدی", "نقدی")),
)


@dataclass(frozen=True)
class Proposal:
    line_id: int
    donation_id: int
    rule: MatchRule


def free_donations() -> QuerySet[Donation]:
    """Paid donations on no line, neither matched nor suggested."""
    suggested = StatementLine.objects.filter(suggested_donation__isnull=False).values(
        "suggested_donation_id"
    )
    return Donation.objects.filter(status=DonationStatus.PAID, statement_line__isnull=True).exclude(
        pk__in=suggested
    )


def channel_hint(description: str) -> str | None:
    key = search_key(description)
    for channel, words in _CHANNEL_WORDS:
        if any(search_key(word) in key for word in words):
            return channel
    return None


def tracking_codes(description: str) -> set[str]:
    return set(_TRACKING_CODE.findall(to_ascii_digits(description)))


def _references(line: StatementLine) -> list[str]:
    return [ref for ref in (line.bank_reference, line.deposit_id) if ref]


def propose(lines: Iterable[StatementLine]) -> list[Proposal]:
    """What the rules say about these lines. Reads only."""
    open_lines = [
        line
        for line in lines
        if line.status == LineStatus.UNMATCHED
        and line.direction == Direction.CREDIT
        and not line.manual_only
    ]
    if not open_lines:
        return []
    free = free_donations()
    refs = {ref for line in open_lines for ref in _references(line)}
    codes = {code for line in open_lines for code in tracking_codes(line.description)}
    by_rrn: dict[str, Donation] = {}
    by_external: dict[str, list[Donation]] = defaultdict(list)
    if refs:
        by_rrn = {d.bank_reference or "": d for d in free.filter(bank_reference__in=refs)}
        for donation in free.filter(external_reference__in=refs).exclude(channel=Channel.WEB):
            by_external[donation.external_reference].append(donation)
    by_code = {d.tracking_code: d for d in free.filter(tracking_code__in=codes)} if codes else {}

    taken: set[int] = set()
    proposals: list[Proposal] = []
    rest: list[StatementLine] = []
    for line in open_lines:
        found = _by_reference(line, by_rrn, by_external) or _by_tracking_code(line, by_code)
        if found is not None and found[0].pk not in taken:
            taken.add(found[0].pk)
            proposals.append(Proposal(line.pk, found[0].pk, found[1]))
        else:
            rest.append(line)
    return proposals + _suggestions(rest, free, taken)


def _by_reference(
    line: StatementLine, by_rrn: dict[str, Donation], by_external: dict[str, list[Donation]]
) -> tuple[Donation, MatchRule] | None:
    refs = _references(line)
    for ref in refs:
        donation = by_rrn.get(ref)
        if donation is not None and donation.amount_rials == line.amount_rials:
            return donation, MatchRule.BANK_REFERENCE
    # A reference is unique per channel only: the same slip number may exist on two channels.
    # The description may say which; if more than one donation is left, nothing is certain.
    hint = channel_hint(line.description)
    found = {
        d.pk: d
        for ref in refs
        for d in by_external.get(ref, [])
        if d.amount_rials == line.amount_rials and (hint is None or d.channel == hint)
    }
    if len(found) == 1:
        return next(iter(found.values())), MatchRule.EXTERNAL_REFERENCE
    return None


def _by_tracking_code(
    line: StatementLine, by_code: dict[str, Donation]
) -> tuple[Donation, MatchRule] | None:
    found = [by_code[code] for code in tracking_codes(line.description) if code in by_code]
    if len(found) == 1 and found[0].amount_rials == line.amount_rials:
        return found[0], MatchRule.TRACKING_CODE
    return None


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _suggestions(
    lines: list[StatementLine], free: QuerySet[Donation], taken: set[int]
) -> list[Proposal]:
    if not lines:
        return []
    window = dt.timedelta(days=SUGGEST_WINDOW_DAYS)
    start = min(line.value_date for line in lines) - window
    end = max(line.value_date for line in lines) + window + dt.timedelta(days=1)
    tz = timezone.get_current_timezone()
    candidates = (
        free.filter(
            amount_rials__in={line.amount_rials for line in lines},
            paid_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            paid_at__lt=dt.datetime.combine(end, dt.time.min, tzinfo=tz),
        )
        .exclude(pk__in=taken)
        .values_list("pk", "amount_rials", "paid_at")
    )
    by_amount: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
    for pk, amount, paid_at in candidates:
        if paid_at is not None:  # always set on a paid donation; the filter above ensures it
            by_amount[amount].append((pk, _local_day(paid_at)))
    fitting = {
        line.pk: [
            pk
            for pk, day in by_amount.get(line.amount_rials, [])
            if abs((day - line.value_date).days) <= SUGGEST_WINDOW_DAYS
        ]
        for line in lines
    }
    # A donation that fits two lines is a guess for both: suggest it for neither.
    lines_per_donation = Counter(pk for pks in fitting.values() for pk in pks)
    return [
        Proposal(line_id, pks[0], MatchRule.DATE_AMOUNT)
        for line_id, pks in fitting.items()
        if len(pks) == 1 and lines_per_donation[pks[0]] == 1
    ]


@transaction.atomic
def match_open_lines(*, actor: Any, lines: QuerySet[StatementLine] | None = None) -> dict[str, int]:
    """Run the rules over the open lines (all of them unless given) and record the result."""
    queryset = StatementLine.objects.all() if lines is None else lines
    candidates = queryset.filter(status=LineStatus.UNMATCHED, direction=Direction.CREDIT)
    return _record(propose(candidates.order_by("value_date", "pk")), actor)


def _record(proposals: list[Proposal], actor: Any) -> dict[str, int]:
    counts = {"matched": 0, "suggested": 0}
    if not proposals:
        return counts
    donation_ids = [p.donation_id for p in proposals]
    # Donations first, then lines: the same order as the finance officer's actions.
    locked = set(
        Donation.objects.select_for_update()
        .filter(pk__in=donation_ids, status=DonationStatus.PAID)
        .values_list("pk", flat=True)
    )
    busy = set(
        StatementLine.objects.filter(
            Q(donation_id__in=donation_ids) | Q(suggested_donation_id__in=donation_ids)
        ).values_list("donation_id", "suggested_donation_id")
    )
    busy_ids = {pk for pair in busy for pk in pair if pk is not None}
    lines = {
        line.pk: line
        for line in StatementLine.objects.select_for_update().filter(
            pk__in=[p.line_id for p in proposals], status=LineStatus.UNMATCHED
        )
    }
    codes = dict(Donation.objects.filter(pk__in=donation_ids).values_list("pk", "tracking_code"))
    now = timezone.now()
    changed: list[StatementLine] = []
    for proposal in proposals:
        line = lines.get(proposal.line_id)
        if line is None or proposal.donation_id not in locked or proposal.donation_id in busy_ids:
            continue
        certain = proposal.rule in AUTOMATIC_RULES
        if certain:
            line.status, line.donation_id, line.resolved_at = (
                LineStatus.MATCHED,
                proposal.donation_id,
                now,
            )
        else:
            line.status, line.suggested_donation_id = LineStatus.SUGGESTED, proposal.donation_id
        line.match_rule = proposal.rule
        changed.append(line)
        counts["matched" if certain else "suggested"] += 1
        audit_record(
            actor=actor,
            action="statement_line.match" if certain else "statement_line.suggest",
            obj=line,
            changes={"status": (LineStatus.UNMATCHED, line.status)},
            data={"donation": codes[proposal.donation_id], "rule": proposal.rule},
        )
    StatementLine.objects.bulk_update(
        changed, ["status", "donation", "suggested_donation", "match_rule", "resolved_at"]
    )
    return counts
