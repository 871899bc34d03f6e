"""The engine is the one writer of a document: what a proposal asks for ends
up in the document with the id of the rule that proposed it, and blocks move
with the text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import Block, Document, cleaner_for
from pipeline.core import Edit, Language, Mark, Note, Proposal, Quality, apply_edits
from pipeline.engine import Cleaner
from pipeline.spec import Rule, Stage

RULE = Rule("structure.test", "a rule of the test", Path("test.toml"), 1)
STAGE = Stage("structure", {})


def test_marks_become_flags_with_original_spans():
    doc = Document("d", "a  b c")
    apply_edits(doc, [Edit(1, 3, " ", "spacing.one-space")], "spacing")
    Cleaner.apply(doc, RULE, STAGE, Proposal(marks=[Mark(4, 5, "look")]))
    (flag,) = doc.flags
    assert (flag.rule_id, flag.stage, flag.start, flag.end, flag.text, flag.message) == \
        ("structure.test", "structure", 5, 6, "c", "look")
    assert doc.counters["structure.test"] == 1


def test_flags_are_placed_before_the_same_proposals_edits():
    """A proposal's marks and edits both refer to the text the rule saw."""
    doc = Document("d", "xx yy")
    Cleaner.apply(doc, RULE, STAGE, Proposal([Edit(0, 2, "", RULE.id)], [Mark(3, 5, "yy")]))
    assert doc.text == " yy" and doc.flags[0].text == "yy" and doc.flags[0].start == 3


def test_notes_set_keep_first_append_and_drop():
    doc = Document("d", "Text.")
    notes = [Note("date", "1"), Note("date", "2"), Note("dateline", "Wien", "first"),
             Note("dateline", "Graz", "first"), Note("removed", "a", "append"),
             Note("removed", "b", "append"), Note("title", "T"), Note("title", None, "drop"),
             Note("absent", None, "drop")]
    Cleaner.apply(doc, RULE, STAGE, Proposal(notes=notes))
    assert doc.metadata == {"date": "2", "dateline": "Wien", "removed": ["a", "b"]}
    assert all(rule_id == RULE.id for rule_id, _ in doc.trail)


def test_language_and_quality_are_written_by_the_engine():
    doc = Document("d", "Hello world.")
    Cleaner.apply(doc, RULE, STAGE, Proposal(language=Language("en", 0.99, True)))
    Cleaner.apply(doc, RULE, STAGE, Proposal(quality=Quality(0.5, ("1 × x",))))
    assert (doc.lang, doc.lang_confidence, doc.passthrough) == ("en", 0.99, True)
    assert (doc.quality, doc.quality_reasons) == (0.5, ["1 × x"])
    assert [what for _, what in doc.trail] == ["language en (0.99)", "quality 0.5"]


def test_blocks_move_with_the_text():
    doc = Document("d", "Eins  zwei.\n\nDrei vier.\n\nFünf.")
    doc.blocks = [Block(s, e, "paragraph") for s, e in doc.block_spans()]
    apply_edits(doc, [Edit(4, 6, " ", "x"), Edit(13, 13, "Null ", "x"), Edit(23, 23, "!", "x")],
                "spacing")
    assert doc.text == "Eins zwei.\n\nNull Drei vier.!\n\nFünf."
    assert [(b.start, b.end) for b in doc.blocks] == doc.block_spans()


def test_a_block_removed_by_an_edit_is_gone():
    doc = Document("d", "Eins.\n\nZwei.\n\nDrei.")
    doc.blocks = [Block(s, e) for s, e in doc.block_spans()]
    apply_edits(doc, [Edit(7, 14, "", "x")], "structure")
    assert doc.text == "Eins.\n\nDrei."
    assert [(b.start, b.end) for b in doc.blocks] == doc.block_spans()


WORD = st.sampled_from(["Der", "Gipfel", "in", "Anchorage", "US", "-Truppen", "sagte",
                        "Zelenskyywurde", '"Ja"', "Hallo", "–", "-", "Kyiv", "  "])
PARAGRAPH = st.lists(WORD, min_size=1, max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(PARAGRAPH, min_size=1, max_size=5), st.sampled_from(["\n", "\n\n", "\n \n"]))
def test_blocks_of_a_cleaned_document_are_its_paragraphs(rules, paragraphs, sep):
    """However the stages edit the text, the block list the engine keeps is
    the paragraphs of the clean text, one per block, in order."""
    doc = cleaner_for(rules).run(Document("d", sep.join(paragraphs)))
    assert [(b.start, b.end) for b in doc.blocks] == doc.block_spans()
    assert all(b.kind in {"title", "heading", "paragraph", "caption"} for b in doc.blocks)


def test_every_effect_names_a_rule_of_the_rule_set(rules):
    doc = cleaner_for(rules).run(Document("d", "Titel\n\nVon: APA/dpa\n\nDer Text in Kyiv."))
    for rule_id, _ in doc.trail:
        assert rules.get(rule_id)
    for c in doc.changes:
        assert rules.get(c.rule_id)
