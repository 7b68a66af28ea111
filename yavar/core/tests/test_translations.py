"""Every string the Persian UI shows is translated: no empty or fuzzy entry in fa, and every
{% translate %} literal in the templates is in the catalogue."""

import re
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[3]
FA = ROOT / "locale" / "fa" / "LC_MESSAGES" / "django.po"
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+"([^"]+)"\s*%}""")


def test_persian_catalogue_is_complete():
    catalogue = polib.pofile(str(FA))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []


def test_every_template_string_is_in_the_persian_catalogue():
    known = {entry.msgid for entry in polib.pofile(str(FA))}
    missing = set()
    for template in (ROOT / "yavar").rglob("templates/**/*.html"):
        for literal in TRANSLATE_TAG.findall(template.read_text(encoding="utf-8")):
            if literal not in known:
                missing.add((template.name, literal))
    assert not missing
