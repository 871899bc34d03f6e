"""``requires``: a rule whose pattern can only match where one of a few
strings occurs skips the regular expression when none does.  That is only
sound if the pattern really never matches without them: checked here on
every text the rules know (examples, keep texts, seeds) and on random text
built from the characters that matter."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import load_rules
from pipeline.patterns import matches

ROOT = Path(__file__).resolve().parent.parent
RULES = load_rules(ROOT / "rules")
GUARDED = [r for r in RULES.rules if r.requires]
KNOWN = [t for r in (*RULES.rules, *RULES.entity_rules)
         for t in (*(e.input for e in r.examples), *r.keep)] + \
    [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
ALPHABET = "".join(sorted({c for r in GUARDED for s in r.requires for ch in s
                           for c in (ch, ch.upper())} |
                          set("aZä1 \n.,;:!?()[]-–—„“\"'/")))


def _sound(rule, text: str) -> bool:
    return not any(True for _ in rule.pattern.finditer(text)) or rule.may_match(text)


def test_some_rules_are_guarded():
    assert len(GUARDED) >= 5


@pytest.mark.parametrize("rule", GUARDED, ids=[r.id for r in GUARDED])
def test_no_known_text_matches_without_the_required_strings(rule):
    assert all(_sound(rule, text) for text in KNOWN)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(ALPHABET, max_size=40))
def test_no_random_text_matches_without_the_required_strings(text):
    assert [r.id for r in GUARDED if not _sound(r, text)] == []


def test_requires_skips_the_pattern_but_not_a_match():
    rule = RULES.get("spacing.compound-hyphen")
    assert matches(rule, "Die US-Truppen") == []
    assert [m.group() for m in matches(rule, "Die US -Truppen")] == [" -"]


def test_requires_of_a_case_insensitive_rule_ignore_case_too():
    rule = RULES.get("spacing.url-after-word")
    assert [m.group() for m in matches(rule, "aufHTTPS://EXAMPLE.ORG")] == [""]
    assert not rule.may_match("auf der Seite")


PREFILTERED = [r for r in RULES.rules if r.prefilter is not None]
CLASS_CHARS = "".join(sorted({chr(c) for c in [*range(0, 0x250), *range(0x1680, 0x1681),
                                               *range(0x2000, 0x2070), 0x202f, 0x205f, 0x3000,
                                               0xfeff, 0xfffd]}))


def test_the_plain_character_classes_are_prefiltered():
    assert {r.id for r in PREFILTERED} >= {"unicode.remove-control", "unicode.plain-space",
                                           "unicode.remove-invisible"}
    assert RULES.get("spacing.compound-hyphen").prefilter is None   # not one class


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(CLASS_CHARS, max_size=20))
def test_a_prefilter_finds_a_character_where_the_pattern_does(text):
    for rule in PREFILTERED:
        assert (rule.prefilter.search(text) is None) == (rule.pattern.search(text) is None), rule.id
