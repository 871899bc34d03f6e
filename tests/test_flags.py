"""Flags must be right far more often than not (CANONICAL.md §7): each one is
a claim that a person should look.  Hand-written cases from native German
that must raise nothing, and from machine translation that must."""

from __future__ import annotations

import pytest

from pipeline import clean


def flags_of(doc, rule):
    return [f for f in doc.flags if f.rule_id == rule]


ENGLISH = "flags.untranslated-english"

UNTRANSLATED = [
    ("Er schrieb mir nur: see you later, und ging.", "see you later"),
    ("Am Ende sagte sie: I don't know, und lachte.", "I don't know"),
    ("Die Antwort war ein knappes we are done.", "we are done"),
]

NATIVE = [
    "Die Environmental Protection Agency warnte vor den Folgen.",
    "Die Serie „The Gilded Age“ startet im Januar.",
    "Joint Aid for Dogs ist ein Futterzusatz.",
    "Der Versand erfolgt per Royal Mail International Signed for.",
    "Unser Know-how und das Back-up der Daten.",
    "Der Aufbau des Texts folgt den Plans der Architekten.",
    "Die Cut-off-Zeit ist zwölf Uhr.",
    "Forscher sprechen von local sleep, wenn Teile des Gehirns ruhen.",
    "Übergangsscheiben (transitional discs) sind selten.",
    "Die Not-in-my-backyard-Mentalität ist verbreitet.",
    "Der Film Interview with the Vampire lief 1994 an.",
    "Er arbeitet als Senior Vice President in New York.",
    "Das Motto lautete „Make America Great Again“.",
]


@pytest.mark.parametrize(("text", "run"), UNTRANSLATED)
def test_untranslated_phrase_flagged_with_its_words(rules, text, run):
    flags = flags_of(clean(text, rules), ENGLISH)
    assert len(flags) == 1
    assert run is None or repr(run) in flags[0].message


@pytest.mark.parametrize("text", NATIVE)
def test_names_titles_loan_words_and_quotes_not_flagged(rules, text):
    assert flags_of(clean(text, rules), ENGLISH) == []


def test_with_a_source_only_what_the_source_has(rules):
    text = "He told LBC: „Die Lage ist ernst.“"
    assert flags_of(clean(text, rules, source="He told LBC: \"It is serious.\""), ENGLISH)
    # the same words, not copied from this source: a German text quoting English
    assert not flags_of(clean(text, rules, source="Speaking to LBC, he said it was serious."), ENGLISH)


AGREEMENT = "flags.article-agreement"


def test_article_before_strong_adjective_flagged(rules):
    for text, words in (("Sie standen vor der Weißes Haus.", "der Weißes"),
                        ("Er sprach mit dem Rotes Kreuz.", "dem Rotes")):
        flags = flags_of(clean(text, rules), AGREEMENT)
        assert len(flags) == 1 and words in flags[0].message


@pytest.mark.parametrize("text", [
    "Der Außenminister des Landes Thani sprach.",
    "Teile des Landkreises Maricopa wurden durchsucht.",
    "Eine Lawine im Skigebiet des Bundesstaates Washington.",
    "Gespräche mit den Ministern des Verbandes Südostasiatischer Nationen.",
    "Das erklärte Ziel des Krieges Ziel blieb unklar.",
])
def test_genitives_not_flagged(rules, text):
    assert flags_of(clean(text, rules), AGREEMENT) == []
