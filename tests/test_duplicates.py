"""Repeated blocks and sentences (CANONICAL.md §3): a copy of a paragraph
goes, a short line said twice on purpose stays, and a repeat the English
source makes too is the translation being faithful.  Hand-written cases."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import clean, restore
from pipeline.stages.structure import block_key

LONG = ("Wir schließen diesen Chat nun, da wir keine Antwort erhalten haben; bitte kontaktieren "
        "Sie uns jederzeit wieder, wenn Sie weitere Fragen zu Ihrer Bestellung haben.")
LONG_EN = ("We will close this chat now since we have not received a response; please contact "
           "us again anytime if you have further questions about your order.")


def rules_fired(doc):
    return sorted({c.rule_id for c in doc.changes if c.stage == "structure"
                   and c.rule_id.startswith("structure.d")} |
                  {f.rule_id for f in doc.flags})


def test_long_copy_removed_and_restorable(rules):
    text = f"{LONG}\nDanke für Ihre Geduld.\n{LONG}"
    doc = clean(text, rules)
    assert doc.text == f"{LONG}\n\nDanke für Ihre Geduld.\n"
    assert restore(doc.text, doc.changes) == text
    assert doc.metadata["removed"] == [LONG]


def test_short_repeats_said_on_purpose_stay_unflagged(rules):
    for text in ("Weiß nicht.\nUnd du?\nWeiß nicht.",
                 "Weiß nicht.\nWeiß nicht.",
                 "Drücken und halten Sie die Power-Taste.\nLassen Sie die Power-Taste los.\n"
                 "Warten Sie zehn Sekunden.\nLassen Sie die Power-Taste los."):
        doc = clean(text, rules)
        assert doc.text == text.replace("\n", "\n\n") + "\n"
        assert rules_fired(doc) == []


def test_short_block_repeated_right_after_itself_is_flagged(rules):
    doc = clean("Die Sitzung wurde auf Dienstag vertagt.\nDie Sitzung wurde auf Dienstag vertagt.\n"
                "Dann ging es weiter.", rules)
    assert "vertagt.\n\nDie Sitzung" in doc.text
    flags = [f for f in doc.flags if f.rule_id == "structure.repeated-block"]
    assert len(flags) == 1 and "Die Sitzung wurde auf Dienstag vertagt." in flags[0].message


def test_repeated_run_of_short_blocks_removed(rules):
    run = ("Der Minister trat am Montag überraschend zurück.\n"
           "Die Opposition forderte noch am selben Abend Neuwahlen.")
    doc = clean(f"{run}\nDanach wurde es still.\n{run}", rules)
    assert doc.text.count("Der Minister") == 1 and doc.text.count("Neuwahlen") == 1


def test_runs_of_copies_are_told_apart_by_where_they_stand(rules):
    """Two separate short repeats are no run; a long list said twice is one."""
    words = ["Regierung", "Parlament", "Gericht", "Ministerium", "Opposition", "Kanzleramt",
             "Verfassung", "Haushalt", "Wahlkreis", "Landtag", "Bundesrat", "Senat"]
    doc = clean("\n".join(words + words), rules)
    assert doc.text.split() == words
    apart = clean("Ja.\nEin Satz dazwischen, lang genug.\nJa.\nNein.\nNoch einer.\nNein.", rules)
    assert apart.text.count("Ja.") == 2 and apart.text.count("Nein.") == 2


def test_repeat_the_source_makes_is_kept(rules):
    text = f"{LONG}\nDanke für Ihre Geduld.\n{LONG}"
    source = f"{LONG_EN}\nThanks for your patience.\n{LONG_EN}"
    doc = clean(text, rules, source=source)
    assert doc.text.count("Wir schließen diesen Chat") == 2
    assert rules_fired(doc) == []          # neither removed nor flagged as a repeated sentence


def test_repeat_the_source_does_not_make_is_removed(rules):
    text = f"{LONG}\nDanke für Ihre Geduld.\n{LONG}"
    source = f"{LONG_EN}\nThanks for your patience.\nGoodbye, and have a nice day."
    doc = clean(text, rules, source=source)
    assert doc.text.count("Wir schließen diesen Chat") == 1


def test_source_compared_loosely_and_without_alignment(rules):
    step = "Tippen Sie auf Einstellungen und dann auf Konto, um Ihre Angaben zu prüfen und zu ändern."
    text = f"{step}\nWählen Sie ein Gerät.\n{step}"
    aligned = "Tap Settings, then Account, to check and change your details.\nChoose a device.\n" \
              "Tap Settings then Account to check and change your details"
    assert clean(text, rules, source=aligned).text.count("Tippen Sie") == 2
    unaligned = "Tap Settings.\nChoose a device.\nTap Settings.\nDone.\nBye."
    assert clean(text, rules, source=unaligned).text.count("Tippen Sie") == 2


def test_repeated_sentences_inside_other_text(rules):
    said = "Das Treffen könnte neue Impulse geben. Die Lage bleibt aber sehr angespannt."
    text = f"{said} Mehr wurde nicht bekannt.\nAm Abend hieß es erneut. {said}"
    doc = clean(text, rules)
    assert [f.rule_id for f in doc.flags] == ["flags.repeated-sentence"] * 2
    assert "Das Treffen könnte neue Impulse geben." in doc.flags[0].message
    source = ("The meeting could give new impetus. But the situation remains very tense. Nothing more.\n"
              "In the evening it was said again. The meeting could give new impetus. "
              "But the situation remains very tense.")
    assert clean(text, rules, source=source).flags == []


def test_one_sentence_repeated_on_purpose_is_not_flagged(rules):
    quote = "Wir könnten unseren Wohlstand und unsere Zukunft verlieren."
    text = f"Die Rektorin warnt. {quote} Mehr dazu im Interview.\nFrage: Warum? {quote} So weit sie."
    assert clean(text, rules).flags == []


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="aBß ẞİK\n\t\u00a0-–—\"„“”‚‘’'«»xY", max_size=30))
def test_block_key_replaces_marks_as_one_translation_would(rules, text):
    s = rules.get("structure.duplicate-block").settings
    table = str.maketrans({c: mark for mark, chars in s.same_marks.items() for c in chars})
    assert block_key(text, s.marks) == "".join(text.split()).casefold().translate(table)

