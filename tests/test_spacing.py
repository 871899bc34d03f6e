"""Spacing on text nobody here wrote (issue 11): emoticons and shortcodes keep
their spacing, a URL glued to a word is split off before it and never inside
it, and a number inside a spaced compound joins the compound.  Hand-written
sentences, through the whole pipeline."""

from __future__ import annotations

import pytest

from pipeline import clean, restore

# (input, expected output)
FIXED = [
    ("Mehr dazu aufhttps://example.org/a-b lesen.", "Mehr dazu auf https://example.org/a-b lesen."),
    ("Tickets gibt es unterwww.example.at oder an der Kasse.",
     "Tickets gibt es unter www.example.at oder an der Kasse."),
    ("Die Fotos stehen aufHTTPS://EXAMPLE.ORG bereit.", "Die Fotos stehen auf HTTPS://EXAMPLE.ORG bereit."),
    ("Die Sojus -2 -Rakete hob ab.", "Die Sojus-2-Rakete hob ab."),
    ("Die Sojus -2-Rakete und die Ariane -5 -Rakete.", "Die Sojus-2-Rakete und die Ariane-5-Rakete."),
    ("Das Modell Boeing -737 -Max bleibt am Boden.", "Das Modell Boeing-737-Max bleibt am Boden."),
    # punctuation spacing still works next to (not inside) protected text
    ("Er kam zu spät :( . Morgen kommt er , sagt er.", "Er kam zu spät :( . Morgen kommt er, sagt er."),
]

KEPT = [
    "Ich komme zu spät :( Morgen dann.",
    "Bis bald :thumbsup: und danke für alles.",
    "Was ist das, fragt er :P) und lacht.",
    "Das war schön :-) Bis morgen ;) sagte sie.",
    "Wir sehen uns :D und dann :+1: für alle.",
    "Bei -2 Grad fror der See zu, bei -5 Grad auch der Fluss.",
    "Das Archiv unter https://web.archive.org/web/2020/https://example.org/wie-ein Text.",
    "Die Datei https://example.org/pfadwww.html ist weg.",
]


@pytest.mark.parametrize(("text", "expected"), FIXED)
def test_spacing_is_repaired(rules, text, expected):
    doc = clean(text, rules)
    assert doc.text.rstrip("\n") == expected
    assert restore(doc.text, doc.changes) == text
    assert clean(doc.text, rules).changes == []


@pytest.mark.parametrize("text", KEPT)
def test_protected_text_keeps_its_spacing(rules, text):
    doc = clean(text, rules)
    assert [c for c in doc.changes if c.stage == "spacing"] == []
    assert doc.text.rstrip("\n") == text
