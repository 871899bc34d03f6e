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
from pipeline.core import Document
from pipeline.engine import Cleaner
from pipeline.patterns import Gate, matches
from pipeline.stages import STAGE_NAMES

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


# --- the stage gate: one set of scans for all the guarded pattern rules of a stage

GATES = {stage: Gate.of(stage, RULES.for_stage(stage)) for stage in STAGE_NAMES}
GATE_CHARS = ALPHABET + "\r\t\u00a0\u200b\x07\x85\u2009"


def test_the_gates_cover_the_guarded_pattern_rules_and_no_mechanism():
    covered = {rule_id for gate in GATES.values() if gate for rule_id in gate.ids}
    assert {"unicode.remove-control", "unicode.line-endings", "spacing.dash",
            "spacing.one-space"} <= covered
    assert all(RULES.get(rule_id).mechanism is None for rule_id in covered)
    assert "spacing.url-after-word" not in covered      # its strings are sought case-folded


@settings(max_examples=600, deadline=None, derandomize=True)
@given(st.text(GATE_CHARS, max_size=40))
def test_a_shut_gate_shuts_out_only_rules_that_could_not_match(text):
    for gate in GATES.values():
        if gate is None or gate.opens(text):
            continue
        for rule_id in gate.ids:
            rule = RULES.get(rule_id)
            assert not rule.may_match(text), rule_id
            assert list(rule.pattern.finditer(text)) == [], rule_id


def test_a_gate_scans_again_after_an_edit_and_leaves_other_rules_alone():
    gate = GATES["spacing"]
    doc = Document("d", "Ein Text ohne Bindestrich.", "t")
    assert not doc.memo(gate.key, gate.opens)
    doc.text = "Ein Text - mit Strich."                       # an edit: a new text, scanned
    assert doc.memo(gate.key, gate.opens)
    assert "spacing.split-fused-words" not in gate.ids and "spacing.dash" in gate.ids


def test_cleaning_with_and_without_the_gates_is_the_same():
    texts = KNOWN + ["Ein Satz\u00a0mit Raum ,und  zwei - Strichen.\r\n", "Nichts zu tun hier.\n"]
    gated, plain = Cleaner(RULES), Cleaner(RULES)
    plain._gates = {}
    for text in texts:
        a, b = gated.run(Document("d", text, "t")), plain.run(Document("d", text, "t"))
        assert (a.text, a.changes, a.flags) == (b.text, b.changes, b.flags)
