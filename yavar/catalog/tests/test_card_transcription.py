"""The five shipped cards (data/cards/*.json) checked against the official text they came from.

The seeds are the text extractions of the paper cards, kept beside the clone in shared/seeds.
Each check reads the seed itself, so a figure, a ticked box or a word transcribed wrongly
fails here. No database: only the pydantic schema is imported.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from yavar.catalog.schema import Card

CARDS_DIR = Path(__file__).resolve().parents[1] / "data" / "cards"
SEEDS_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"

SEED_PREFIX = {
    "19071059105": "000_",
    "19071059100": "001_",
    "19071059101": "002_",
    "19071058105": "003_",
    "19041060106": "004_",
}
PROCESS_COUNT = {
    "19071059105": 9,
    "19071059100": 6,
    "19071059101": 3,
    "19071058105": 1,
    "19041060106": 4,
}
DIAGRAM_COUNT = {
    "19071059105": 8,
    "19071059100": 0,
    "19071059101": 0,  # the flowchart's boxes did not survive the extraction
    "19071058105": 0,
    "19041060106": 6,
}
# (what the figure is, how to read it from the card, the figure on the paper)
KEY_FIGURES = {
    "19071059105": [("in-person visits", lambda c: c.in_person_visits, 1)],
    "19071059100": [
        ("recipients", lambda c: c.statistics.recipients, 7000),
        ("self-help groups", lambda c: c.statistics.groups, 1200),
        ("funding cap per group", lambda c: c.fees.cap_rials, 300000000),
    ],
    "19071059101": [
        ("recipients", lambda c: c.statistics.recipients, 1313),
        ("reference year", lambda c: c.statistics.reference_year, 1393),
        ("in-person visits", lambda c: c.in_person_visits, 1),
    ],
    "19071058105": [
        ("people's participation account", lambda c: _number_in(c.fees.bank_accounts), 90190),
    ],
    "19041060106": [
        ("recipients", lambda c: c.statistics.recipients, 9920),
        ("per-capita cost", lambda c: c.fees.per_capita_rials, 3600000),
    ],
}
# Words the transcription corrected because the extraction damaged them (004's RTL PDF lost
# the lam-alef of «ابلاغ»); anything else in a card must be found in its seed.
CORRECTED_WORDS = {"19041060106": {"ابلاغ"}}

SERVICE_IDS = list(SEED_PREFIX)
RTL_SEEDS = {"19041060106"}
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
ZWNJ = "\u200c"
TICKED, EMPTY = "[x]", "[ ]"


# --- reading the seed ---------------------------------------------------------------------


@cache
def card(service_id: str) -> Card:
    return Card.model_validate_json((CARDS_DIR / f"{service_id}.json").read_text("utf-8"))


@cache
def seed(service_id: str) -> str:
    """The seed with Persian digits as ASCII and every kind of box as [x] or [ ].

    004 came from a right-to-left PDF whose boxes are Wingdings glyphs (U+F0A2 ticked,
    U+F0A3 empty); its lines are put back in reading order by `logical_order`.
    """
    (path,) = SEEDS_DIR.glob(f"{SEED_PREFIX[service_id]}*.txt")
    text = path.read_text("utf-8").translate(PERSIAN_DIGITS)
    for ticked in ('<input checked="" type="checkbox"/>', "■", "\uf0a2"):
        text = text.replace(ticked, f" {TICKED} ")
    for empty in ('<input type="checkbox"/>', "□", "\uf0a3"):
        text = text.replace(empty, f" {EMPTY} ")
    if service_id in RTL_SEEDS:
        text = "\n".join(logical_order(line) for line in text.splitlines())
    return text


def logical_order(line: str) -> str:
    """One line of the RTL PDF in reading order, each box before its label.

    A line that starts with a box is already in reading order. A line that starts with a
    label came out left to right: «تصدی گری [x] حاکمیتی [ ] خدمتماهیت», each box just right
    of (so before) its label; reversed it reads «خدمتماهیت [ ] حاکمیتی [x] تصدی گری».
    """
    if "[" not in line or line.lstrip().startswith(("[x]", "[ ]")):
        return line
    pairs = re.findall(r"([^\[]*?)\s*(\[[ x]\])", line)
    tail = line[line.rindex("]") + 1 :]
    return " ".join([tail.strip(), *(f"{box} {label.strip()}" for label, box in reversed(pairs))])


def compact(text: str) -> str:
    """No spaces, line breaks or ZWNJ: the extraction moves all three about."""
    return re.sub(r"[\s\u200c]+", "", text.translate(PERSIAN_DIGITS))


def numbers(text: str) -> set[int]:
    """Every whole number in the text (thousands separators removed)."""
    return {int(n) for n in re.findall(r"\d+", re.sub(r"(?<=\d),(?=\d)", "", text))}


def _number_in(text: str) -> int | None:
    found = re.findall(r"\d+", text.translate(PERSIAN_DIGITS))
    return int(found[0]) if found else None


def persian_words(text: str) -> list[str]:
    words = re.findall(r"[\u0621-\u06d5\u200c]+", text)
    return [w.replace(ZWNJ, "") for w in words if len(w.replace(ZWNJ, "")) >= 2]


def section(text: str, start: str, stop: str) -> str:
    """The text from the first `start` up to the next `stop` (or the end)."""
    head = text.index(start) + len(start)
    end = text.find(stop, head)
    return text[head : end if end >= 0 else None]


def ticked_labels(text: str) -> list[str]:
    """The label after each ticked box (the form puts the box before its label)."""
    return [m.strip() for m in re.findall(r"\[x\]([^\[]*)", text)]


def pick(labels: list[str], codes: dict[str, str]) -> set[str]:
    """Codes for the labels, matched by how each label begins."""
    picked = set()
    for label in labels:
        hits = [code for start, code in codes.items() if label.startswith(start)]
        assert hits, f"a ticked box the test cannot name: {label!r}"
        picked.add(hits[0])
    return picked


def ticked_periods(text: str) -> set[str]:
    """Ticked ماه / فصل / سال boxes.

    Most cards print «ماه □ فصل □ سال □», the box after its label (a box trails «سال»);
    some print «□ ماه □ فصل □ سال», the box first. The trailing box tells which.
    """
    codes = {"ماه": "month", "فصل": "season", "سال": "year"}
    if re.search(r"سال\s*\[[ x]\]", text):
        found = re.findall(r"(ماه|فصل|سال)\s*\[x\]", text)
    else:
        found = re.findall(r"\[x\]\s*(ماه|فصل|سال)", text)
    return {codes[f] for f in found}


def rotations(word: str) -> set[str]:
    return {word[i:] + word[:i] for i in range(len(word))}


def title_line(service_id: str) -> str:
    return next(line for line in seed(service_id).splitlines() if "عنوان خدمت" in line)


# --- the checks -----------------------------------------------------------------------------

each_card = pytest.mark.parametrize("service_id", SERVICE_IDS)


def test_there_is_one_card_file_per_service_and_no_other():
    assert sorted(p.stem for p in CARDS_DIR.glob("*.json")) == sorted(SERVICE_IDS)


@each_card
def test_the_card_validates_and_is_named_by_its_service_id(service_id):
    assert card(service_id).service_id == service_id


@each_card
def test_the_service_id_is_the_one_printed_on_the_card(service_id):
    assert int(service_id) in numbers(seed(service_id))


@each_card
def test_the_provider_and_parent_body_are_as_on_the_card(service_id):
    text = compact(seed(service_id)).replace("،", "")
    assert card(service_id).provider == "سازمان بهزیستی کشور"
    assert compact(card(service_id).provider) in text
    assert compact(card(service_id).parent_body).replace("،", "") in text


@each_card
def test_every_title_word_is_in_the_title_line_even_where_the_pdf_reversed_it(service_id):
    line = compact(title_line(service_id))
    for word in persian_words(card(service_id).title):
        candidates = rotations(word) | {word[::-1]}
        assert any(c in line for c in candidates), word


@each_card
def test_every_persian_word_of_the_card_occurs_in_its_seed(service_id):
    data = card(service_id).model_dump(exclude={"service_id", "title", "notes"})
    text = compact(seed(service_id))
    allowed = CORRECTED_WORDS.get(service_id, set())
    missing = [w for w in persian_words(_all_strings(data)) if w not in text]
    assert [w for w in missing if w not in allowed] == []


def _all_strings(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return " ".join(_all_strings(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_all_strings(v) for v in value)
    return ""


@pytest.mark.parametrize(
    ("service_id", "what", "read", "figure"),
    [(sid, what, read, figure) for sid, rows in KEY_FIGURES.items() for what, read, figure in rows],
    ids=[f"{sid}-{what}" for sid, rows in KEY_FIGURES.items() for what, _, _ in rows],
)
def test_each_key_figure_is_transcribed_and_printed_on_the_card(service_id, what, read, figure):
    assert read(card(service_id)) == figure, what
    if figure > 1:
        assert figure in numbers(seed(service_id)), what


def test_the_figures_are_also_kept_in_the_sentences_the_cards_wrote():
    assert "۷۰۰۰" in card("19071059100").statistics.text
    assert "۱۲۰۰" in card("19071059100").statistics.text
    assert "۳۰۰۰۰۰۰۰۰" in card("19071059100").fees.bank_accounts
    assert "۱۳۱۳" in card("19071059101").statistics.text
    assert "بانک ملت" in card("19071058105").fees.bank_accounts


@each_card
def test_the_process_titles_are_all_there_and_each_is_worded_as_on_the_card(service_id):
    titles = card(service_id).process_titles
    assert len(titles) == PROCESS_COUNT[service_id]
    text = compact(seed(service_id))
    for title in titles:
        assert title.strip() and not re.match(r"^[\d۰-۹]", title), title
        for word in persian_words(title):
            assert word in text, (title, word)


@each_card
def test_the_flowchart_boxes_are_those_of_the_card(service_id):
    boxes = card(service_id).process_diagram
    assert len(boxes) == DIAGRAM_COUNT[service_id]
    text = compact(seed(service_id))
    allowed = CORRECTED_WORDS.get(service_id, set())
    for box in boxes:
        assert [w for w in persian_words(box) if w not in text and w not in allowed] == []


def test_the_first_and_last_steps_of_the_004_flowchart_are_in_order():
    boxes = card("19041060106").process_diagram
    assert boxes[0].startswith("مکاتبه با استانها")
    assert boxes[-1] == "ارزیابی عملکرد طرح"


@each_card
def test_the_service_types_are_the_ticked_g2c_g2b_g2g_boxes(service_id):
    labels = ticked_labels(section(seed(service_id), "نوع خدمت", "ماهیت"))
    from_seed = {m for label in labels for m in re.findall(r"G2[CBG]", label)}
    assert set(card(service_id).service_types) == from_seed


@each_card
def test_the_nature_is_the_ticked_box(service_id):
    labels = ticked_labels(section(seed(service_id), "ماهیت", "سطح خدمت"))
    from_seed = pick(labels, {"حاکمیتی": "sovereign", "تصدی گری": "enterprise"})
    assert {card(service_id).nature} - {None} == from_seed


@each_card
def test_the_levels_are_the_ticked_boxes(service_id):
    labels = ticked_labels(section(seed(service_id), "سطح خدمت", "رویداد"))
    codes = {
        "ملی": "national",
        "منطقه ای": "regional",
        "استانی": "provincial",
        "شهری": "city",
        "روستایی": "rural",
    }
    assert set(card(service_id).levels) == pick(labels, codes)


@each_card
def test_the_life_events_are_the_ticked_boxes(service_id):
    labels = ticked_labels(section(seed(service_id), "رویداد مرتبط با", "نحوه آغاز خدمت"))
    codes = {
        "تولد": "birth",
        "آموزش": "education",
        "سلامت": "health",
        "مالیات": "tax",
        "کسب و کار": "business",
        "ثبت مالکیت": "property_registration",
        "تاسیسات شهری": "urban_utilities",
        "تأسیسات شهری": "urban_utilities",
        "بیمه": "insurance",
        "ازدواج": "marriage",
        "بازنشستگی": "retirement",
        "مدارک و گواهینامه": "certificates",
        "وفات": "death",
        "سایر": "other",
    }
    assert set(card(service_id).life_events) == pick(labels, codes)


@each_card
def test_the_ways_the_service_starts_are_the_ticked_boxes(service_id):
    labels = ticked_labels(section(seed(service_id), "نحوه آغاز خدمت", "مدارک لازم"))
    codes = {
        "تقاضای گیرنده خدمت": "recipient_request",
        "فرارسیدن زمانی مشخص": "fixed_time",
        "رخداد": "event",
        "انجام یک رویداد": "event",
        "تشخیص دستگاه": "organization_finding",
        "سایر": "other",
    }
    assert set(card(service_id).start_triggers) == pick(labels, codes)


@each_card
def test_the_statistics_periods_are_the_ticked_boxes(service_id):
    text = section(seed(service_id), "آمار تعداد خدمت", "مدت زمان")
    assert set(card(service_id).statistics.periods) == ticked_periods(text)


@each_card
def test_the_frequency_is_the_ticked_boxes(service_id):
    text = section(seed(service_id), "تواتر", "مراجعه حضوری")
    frequency = card(service_id).frequency
    assert set(frequency.periods) == ticked_periods(text)
    once = re.search(r"همیشه\s*\[x\]|\[x\]\s*(1|یک)?\s*(بار|یکبار) برای همیشه", text)
    assert frequency.once_forever == bool(once)


@each_card
def test_required_documents_and_laws_are_one_item_per_item_on_the_card(service_id):
    c = card(service_id)
    for item in [*c.required_documents, *c.laws]:
        assert item == item.strip() and not item.startswith(("-", "•")), item
    expected = {
        "19071059105": (2, 1),
        "19071059100": (5, 4),
        "19071059101": (1, 3),
        "19071058105": (0, 1),  # the card says «مدرکی لازم نیست.»
        "19041060106": (2, 3),
    }
    assert (len(c.required_documents), len(c.laws)) == expected[service_id]


def test_links_to_other_systems_are_those_the_cards_name():
    (internal,) = card("19071059105").internal_links
    assert internal.system in seed("19071059105") and internal.mode == "online"
    bodies = {sid: [x.body for x in card(sid).external_links] for sid in SERVICE_IDS}
    assert bodies["19071059100"] == ["وزارت تعاون کار و رفاه اجتماعی", "اداره ثبت شرکتها"]
    assert bodies["19071059101"] == ["قوه قضاییه"]
    for sid, names in bodies.items():
        assert all(name in seed(sid) for name in names)


def test_the_004_paper_inquiry_is_the_ticked_by_the_organization_itself_box():
    (link,) = card("19041060106").external_links
    assert (link.body, link.mode, link.by_whom) == ("", "paper", "خود دستگاه")
    text = compact(seed("19041060106"))  # boxes read "[x]" / "[]" once spaces are gone
    assert "[x]استعلامتوسط" + compact(link.by_whom) in text
    assert "[]استعلامتوسطخودمراجعهکننده" in text


def test_every_stage_of_004_is_ticked_non_electronic():
    text = seed("19041060106")
    assert len(re.findall(r"\[x\]\s*(?:ت|ذکر)?\s*غیرالکترونیکی", text)) == 5  # request twice
    assert not re.search(r"\[x\]\s*الکترونیکی", text)
    stages = card("19041060106").stages
    assert [s.electronic for s in (stages.informing, stages.request)] == [False, False]
    assert [s.electronic for s in (stages.production, stages.follow_up)] == [False, False]


def test_who_filled_the_form_is_read_from_its_foot_where_given():
    assert card("19071059105").filled_by.unit == "معاونت پیشگیری از آسیب های اجتماعی"
    assert "66728423" in compact(card("19071059105").filled_by.phone)
    assert card("19041060106").filled_by.unit.startswith("دفتر امور کودکان و نوجوانان")
    assert card("19071059100").filled_by.unit == ""


@each_card
def test_no_arabic_yeh_or_kaf_and_no_ascii_digits_in_persian_prose(service_id):
    c = card(service_id)
    prose = _all_strings(c.model_dump(exclude={"service_id", "web_address", "notes"}))
    assert not re.search("[يك]", prose)
    assert not re.search(r"[0-9]", re.sub(r"G2[CBG]", "", prose))
