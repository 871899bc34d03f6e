"""Unit tests of pipeline/core.py: the one function that edits a document,
offset mapping back to the original, block spans and restore."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import Block, Change, Document, Edit, RestoreError, apply_edits, restore


def make(text: str) -> Document:
    return Document("d", text)


# --- apply_edits: splicing and what is recorded ---------------------------------


def test_single_edit_splices_and_records_change():
    doc = make("Hallo  Welt")
    n = apply_edits(doc, [Edit(5, 7, " ", "spacing.one-space", "two spaces")], "spacing")
    assert n == 1
    assert doc.text == "Hallo Welt"
    assert doc.original == "Hallo  Welt"
    assert doc.changes == [Change("spacing.one-space", "spacing", 5, 7, "  ", " ",
                                  "two spaces", 0, 5)]
    assert doc.counters["spacing.one-space"] == 1


def test_edits_are_applied_in_text_order_whatever_order_they_come_in():
    doc = make("a b c d")
    edits = [Edit(6, 7, "D", "x.four"), Edit(0, 1, "A", "x.one"), Edit(4, 5, "CC", "x.three")]
    assert apply_edits(doc, edits, "x") == 3
    assert doc.text == "A b CC D"
    assert [c.rule_id for c in doc.changes] == ["x.one", "x.three", "x.four"]
    assert [(c.start, c.end, c.at) for c in doc.changes] == [(0, 1, 0), (4, 5, 4), (6, 7, 6)]
    assert {c.step for c in doc.changes} == {0}


def test_change_spans_refer_to_original_across_steps():
    doc = make("ab cd ef")
    apply_edits(doc, [Edit(0, 0, ">>> ", "s.prefix")], "s")          # step 0
    assert doc.text == ">>> ab cd ef"
    apply_edits(doc, [Edit(7, 9, "CDCD", "s.upper")], "s")           # step 1: "cd"
    assert doc.text == ">>> ab CDCD ef"
    apply_edits(doc, [Edit(12, 14, "", "s.drop"), Edit(4, 6, "x", "s.ab")], "s")  # step 2
    assert doc.text == ">>> x CDCD "
    by_rule = {c.rule_id: c for c in doc.changes}
    assert (by_rule["s.prefix"].start, by_rule["s.prefix"].end) == (0, 0)
    assert (by_rule["s.upper"].start, by_rule["s.upper"].end) == (3, 5)
    assert doc.original[3:5] == by_rule["s.upper"].before == "cd"
    assert (by_rule["s.drop"].start, by_rule["s.drop"].end) == (6, 8)
    assert (by_rule["s.ab"].start, by_rule["s.ab"].end) == (0, 2)
    assert [c.step for c in doc.changes] == [0, 1, 2, 2]
    assert by_rule["s.upper"].at == 7 and by_rule["s.drop"].at == 12
    assert restore(doc.text, doc.changes) == "ab cd ef"


@pytest.mark.parametrize("edits, kept, text", [
    # the earlier edit wins, whatever the order of the list
    ([Edit(0, 4, "X", "a.first"), Edit(2, 6, "Y", "a.second")], ["a.first"], "Xefgh"),
    ([Edit(2, 6, "Y", "a.second"), Edit(0, 4, "X", "a.first")], ["a.first"], "Xefgh"),
    # same start: the shorter span sorts first
    ([Edit(1, 5, "Y", "a.long"), Edit(1, 3, "X", "a.short")], ["a.short"], "aXdefgh"),
    # one inside another
    ([Edit(0, 8, "Z", "a.outer"), Edit(3, 4, "q", "a.inner")], ["a.outer"], "Z"),
    # touching spans do not overlap
    ([Edit(0, 2, "X", "a.left"), Edit(2, 4, "Y", "a.right")], ["a.left", "a.right"], "XYefgh"),
    # two insertions at one point: the second is dropped
    ([Edit(3, 3, "1", "a.one"), Edit(3, 3, "2", "a.two")], ["a.one"], "abc1defgh"),
    # an insertion right after a replacement, or right before one, is kept
    ([Edit(0, 3, "X", "a.rep"), Edit(3, 3, "+", "a.ins")], ["a.rep", "a.ins"], "X+defgh"),
    ([Edit(3, 5, "X", "a.rep"), Edit(3, 3, "+", "a.ins")], ["a.ins", "a.rep"], "abc+Xfgh"),
])
def test_overlapping_edits_lose_to_the_earlier_one(edits, kept, text):
    doc = make("abcdefgh")
    assert apply_edits(doc, edits, "a") == len(kept)
    assert [c.rule_id for c in doc.changes] == kept
    assert doc.text == text
    assert restore(doc.text, doc.changes) == "abcdefgh"


def test_noop_edits_vanish():
    doc = make("abc def")
    assert apply_edits(doc, [Edit(0, 3, "abc", "n.same"), Edit(3, 3, "", "n.empty")], "n") == 0
    assert doc.text == "abc def"
    assert doc.changes == [] and doc.steps == []
    assert doc.counters["n.same"] == 0


def test_noop_edit_does_not_block_a_real_one():
    doc = make("abc def")
    assert apply_edits(doc, [Edit(0, 3, "abc", "n.same"), Edit(1, 2, "B", "n.real")], "n") == 1
    assert doc.text == "aBc def"


def test_empty_edit_list_records_no_step():
    doc = make("abc")
    assert apply_edits(doc, [], "n") == 0
    assert doc.steps == [] and doc.text == "abc"


@pytest.mark.parametrize("pos", [0, 2, 5])
def test_zero_length_insertion(pos):
    doc = make("abcde")
    assert apply_edits(doc, [Edit(pos, pos, "XY", "i.insert")], "i") == 1
    assert doc.text == "abcde"[:pos] + "XY" + "abcde"[pos:]
    (c,) = doc.changes
    assert (c.start, c.end, c.before, c.after, c.at) == (pos, pos, "", "XY", pos)
    assert restore(doc.text, doc.changes) == "abcde"


@pytest.mark.parametrize("span", [(-1, 0), (2, 1), (0, 6), (6, 6)])
def test_edit_outside_text_is_an_error(span):
    doc = make("abcde")
    with pytest.raises(ValueError):
        apply_edits(doc, [Edit(*span, "x", "e.bad")], "e")
    assert doc.text == "abcde" and doc.changes == []


# --- foreign blocks -------------------------------------------------------------

FOREIGN = "Erster Absatz hier.\n\nThis is English text.\n\nDritter Absatz hier."


def _edits_in_every_block() -> list[Edit]:
    return [Edit(0, 6, "ERSTER", "f.one"), Edit(21, 25, "THIS", "f.two"),
            Edit(44, 51, "DRITTER", "f.three")]


def tag(doc: Document, langs: list[str]) -> None:
    """The blocks of the current text with these languages (as the structure
    stage would propose them)."""
    doc.blocks = [Block(s, e, lang=lang) for (s, e), lang in zip(doc.block_spans(), langs)]


def test_edits_in_foreign_blocks_are_dropped():
    doc = make(FOREIGN)
    tag(doc, ["de", "en", "de"])
    assert apply_edits(doc, _edits_in_every_block(), "f") == 2
    assert doc.text == "ERSTER Absatz hier.\n\nThis is English text.\n\nDRITTER Absatz hier."
    assert [c.rule_id for c in doc.changes] == ["f.one", "f.three"]


def test_edits_in_foreign_blocks_are_kept_without_skip_foreign():
    doc = make(FOREIGN)
    tag(doc, ["de", "en", "de"])
    assert apply_edits(doc, _edits_in_every_block(), "f", skip_foreign=False) == 3
    assert doc.text == "ERSTER Absatz hier.\n\nTHIS is English text.\n\nDRITTER Absatz hier."


@pytest.mark.parametrize("langs", [[], ["de", "de", "de"]])
def test_all_german_or_untagged_blocks_keep_every_edit(langs):
    doc = make(FOREIGN)
    tag(doc, langs)
    assert apply_edits(doc, _edits_in_every_block(), "f") == 3


# --- to_original and block_spans -------------------------------------------------


def test_to_original_maps_through_several_steps():
    doc = make("a  b  c")
    apply_edits(doc, [Edit(1, 3, " ", "m.space"), Edit(4, 6, " ", "m.space")], "m")
    assert doc.text == "a b c"
    apply_edits(doc, [Edit(0, 0, "XYZ", "m.ins")], "m")
    assert doc.text == "XYZa b c"
    # unchanged characters map to where they were
    assert [doc.to_original(p) for p in (3, 5, 7, 8)] == [0, 3, 6, 7]
    # inside an insertion: its position, on either side
    assert doc.to_original(1) == 0
    assert doc.to_original(1, "end") == 0
    # inside a replacement: the start of its original span, or the end
    doc2 = make("abcdef")
    apply_edits(doc2, [Edit(1, 4, "XY", "m.rep")], "m")
    assert doc2.text == "aXYef"
    assert doc2.to_original(2, "start") == 1
    assert doc2.to_original(2, "end") == 4
    assert doc2.to_original(3) == 4


def test_to_original_without_steps_is_identity():
    doc = make("abc")
    assert [doc.to_original(p) for p in range(4)] == [0, 1, 2, 3]


@pytest.mark.parametrize("text, spans", [
    ("", []),
    ("abc", [(0, 3)]),
    ("abc\n", [(0, 3)]),
    ("a\n\nb\n", [(0, 1), (3, 4)]),
    ("a\nb\n\nc", [(0, 3), (5, 6)]),
    ("\n\na\n\n\n\nb", [(2, 3), (7, 8)]),
    ("\n\n", []),
])
def test_block_spans(text, spans):
    assert make(text).block_spans() == spans


def test_block_spans_follow_the_current_text():
    doc = make("a b")
    apply_edits(doc, [Edit(1, 2, "\n\n", "b.split")], "b")
    assert doc.block_spans() == [(0, 1), (3, 4)]


# --- restore ----------------------------------------------------------------------


def test_restore_round_trip_across_steps():
    doc = make("Die EU - mit  Ausnahme\r\nUngarns")
    apply_edits(doc, [Edit(22, 24, "\n", "r.crlf")], "r")
    apply_edits(doc, [Edit(12, 14, " ", "r.space"), Edit(6, 9, " – ", "r.dash")], "r")
    apply_edits(doc, [Edit(0, 0, "", "r.nothing"), Edit(len(doc.text), len(doc.text), "\n",
                                                         "r.final")], "r")
    assert doc.text == "Die EU – mit Ausnahme\nUngarns\n"
    assert len({c.step for c in doc.changes}) == 3
    assert restore(doc.text, doc.changes) == doc.original


def test_restore_ignores_the_order_of_the_change_log():
    doc = make("a  b  c")
    apply_edits(doc, [Edit(1, 3, " ", "r.s"), Edit(4, 6, " ", "r.s")], "r")
    apply_edits(doc, [Edit(0, 1, "A", "r.a")], "r")
    assert restore(doc.text, list(reversed(doc.changes))) == "a  b  c"


def test_restore_without_changes_is_identity():
    assert restore("abc", []) == "abc"


def _doc_with_changes() -> Document:
    doc = make("Hallo  Welt")
    apply_edits(doc, [Edit(5, 7, " ", "r.space")], "r")
    apply_edits(doc, [Edit(0, 5, "Servus", "r.word")], "r")
    return doc


@pytest.mark.parametrize("mangle", [
    lambda text, changes: ("Hallo Welt", changes),                      # step 1 not in text
    lambda text, changes: ("Servus", changes),                          # text too short
    lambda text, changes: ("XServus Welt", changes),                    # shifted
    lambda text, changes: (text, changes + [Change("r.x", "r", 0, 1, "a", "Q", None, 2, 0)]),
    lambda text, changes: (text, changes + [Change("r.x", "r", 0, 3, "a", "Ser", None, 1, 2)]),
])
def test_restore_error_when_text_does_not_fit_the_log(mangle):
    doc = _doc_with_changes()
    assert doc.text == "Servus Welt"
    text, changes = mangle(doc.text, list(doc.changes))
    with pytest.raises(RestoreError):
        restore(text, changes)


# --- property: random edit batches over several steps --------------------------

ALPHABET = "ab \n-ä"


@st.composite
def edit_batch(draw, length: int) -> list[Edit]:
    edits = []
    for i in range(draw(st.integers(0, 4))):
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, min(length, start + 4)))
        edits.append(Edit(start, end, draw(st.text(ALPHABET, max_size=3)), f"p.e{i}"))
    return edits


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=20), st.data())
def test_random_edits_restore_and_map_into_the_original(original, data):
    doc = make(original)
    for _ in range(data.draw(st.integers(1, 4), label="steps")):
        skip = data.draw(st.booleans(), label="skip_foreign")
        tag(doc, data.draw(st.lists(st.sampled_from(["de", "en"]), max_size=4),
                           label="block_langs"))
        edits = data.draw(edit_batch(len(doc.text)), label="edits")
        apply_edits(doc, edits, "p", skip_foreign=skip)
        assert restore(doc.text, doc.changes) == original
    for c in doc.changes:
        assert 0 <= c.start <= c.end <= len(original), c
        if c.step == 0:
            assert original[c.start:c.end] == c.before
    for step in {c.step for c in doc.changes}:
        ats = [(c.at, c.at + len(c.before)) for c in doc.changes if c.step == step]
        assert all(a[1] <= b[0] for a, b in zip(ats, ats[1:]))


def test_answers_outlive_an_edit_but_not_the_document():
    from pipeline.core import Document, Edit, apply_edits
    doc = Document("d", "eins zwei")
    doc.answers("t.x")["zwei"] = True
    apply_edits(doc, [Edit(0, 4, "vier", "t.x")], "t")
    assert doc.answers("t.x") == {"zwei": True} and doc.answers("t.y") == {}
    doc.forget()
    assert doc.answers("t.x") == {}


def test_the_recheck_asks_ftfy_only_about_changed_lines(monkeypatch):
    import ftfy

    from pipeline import clean
    from pipeline.stages import unicode
    asked, ask = [], ftfy.fix_and_explain

    def fix(line, config=None):
        asked.append(line)
        return ask(line, config=config)
    monkeypatch.setattr(unicode.ftfy, "fix_and_explain", fix)
    # the spacing stage edits the second line after the unicode stage ran
    # (an "&" makes a line one that ftfy is asked about)
    doc = clean("Die Firma Müller & Co. hat gebaut.\n\nDer Präsident sagte , dass Müller & Co. bleibt.")
    assert "sagte, dass" in doc.text
    assert asked.count("Die Firma Müller & Co. hat gebaut.") == 1
    assert asked.count("Der Präsident sagte , dass Müller & Co. bleibt.") == 1
    assert asked.count("Der Präsident sagte, dass Müller & Co. bleibt.") == 1


def test_the_memo_works_a_fact_out_once_per_text():
    from pipeline.core import Document, Edit, apply_edits
    doc = Document("d", "eins zwei\n\ndrei")
    calls = []
    count = lambda text: calls.append(text) or len(text.split())   # noqa: E731
    assert doc.memo("words", count) == 3 and doc.memo("words", count) == 3
    assert len(calls) == 1
    apply_edits(doc, [Edit(0, 4, "vier fünf", "t.x")], "t")
    assert doc.memo("words", count) == 4 and len(calls) == 2     # a new text, a new memo
    assert doc.block_spans() == [(0, 14), (16, 20)]
    doc.forget()
    assert doc.memo("words", count) == 4 and len(calls) == 3
