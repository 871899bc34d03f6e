"""Controlled degradations (pipeline/tools/quality_degrade.py) on hand-written
translations: one known error in one line must lower the score, without the
source where the text alone shows it and with the source always; house style
must cost less than every real error.  Deterministic: no random choice."""

from __future__ import annotations

import pytest

from pipeline import clean
from pipeline.tools.quality_degrade import KINDS, SOURCE_ONLY, degrade

DOCS = [
    ("Die Stadtverwaltung von Graz hat am Montag einen neuen Radweg eröffnet.\n"
     "Er verbindet den Hauptbahnhof mit der Universität und ist 14 Kilometer lang.\n"
     "Bürgermeisterin Elke Kahr sprach von einem wichtigen Schritt für die Verkehrswende.\n"
     "Die Bauarbeiten hatten fast zwei Jahre gedauert und kosteten rund 23 Millionen Euro.\n"
     "Anwohner hatten sich über den Lärm der Baustelle beschwert, loben aber das Ergebnis.\n"
     "Im Frühjahr sollen entlang der Strecke zusätzlich 300 Bäume gepflanzt werden.",
     "The city administration of Graz opened a new cycle path on Monday.\n"
     "It connects the main station with the university and is 14 kilometres long.\n"
     "Mayor Elke Kahr spoke of an important step for the transport transition.\n"
     "The construction work had taken almost two years and cost around 23 million euros.\n"
     "Residents had complained about the noise of the building site but praise the result.\n"
     "In spring, an additional 300 trees are to be planted along the route."),
    ("Der Hersteller ruft weltweit mehr als 40.000 Kaffeemaschinen zurück.\n"
     "Bei einigen Geräten kann sich der Wassertank überhitzen und verformen.\n"
     "Betroffen sind Modelle, die zwischen März und Oktober verkauft wurden.\n"
     "Kundinnen und Kunden sollen die Maschinen nicht mehr benutzen und sich beim Händler melden.\n"
     "Das Unternehmen erstattet den vollen Kaufpreis oder tauscht das Gerät kostenlos um.\n"
     "Verletzte seien bisher nicht bekannt, teilte eine Sprecherin mit.",
     "The manufacturer is recalling more than 40,000 coffee machines worldwide.\n"
     "In some devices the water tank can overheat and deform.\n"
     "Affected are models that were sold between March and October.\n"
     "Customers should stop using the machines and contact their dealer.\n"
     "The company will refund the full purchase price or replace the device free of charge.\n"
     "No injuries are known so far, a spokeswoman said."),
    ("Forscher haben im Nordatlantik eine bisher unbekannte Tiefseekoralle entdeckt.\n"
     "Die Kolonie wächst in mehr als 2.000 Metern Tiefe an einem unterseeischen Berg.\n"
     "Nach Angaben des Teams ist sie vermutlich mehrere hundert Jahre alt.\n"
     "Die Proben wurden mit einem ferngesteuerten Tauchroboter an Bord gebracht.\n"
     "Die Ergebnisse erscheinen in der kommenden Ausgabe einer Fachzeitschrift.\n"
     "Weitere Expeditionen in das Gebiet sind für den Sommer 2026 geplant.",
     "Researchers have discovered a previously unknown deep-sea coral in the North Atlantic.\n"
     "The colony grows at a depth of more than 2,000 metres on an underwater mountain.\n"
     "According to the team, it is probably several hundred years old.\n"
     "The samples were brought on board with a remotely operated diving robot.\n"
     "The results will appear in the next issue of a scientific journal.\n"
     "Further expeditions to the area are planned for the summer of 2026."),
]
REAL = [k for k in KINDS if k != "style"]


def score(rules, text: str, source: str) -> float:
    q = clean(text, rules, source=source).quality
    assert q is not None
    return q


@pytest.mark.parametrize(("kind", "with_source"), [
    pytest.param(kind, with_source, id=f"{kind}-{'with source' if with_source else 'text only'}")
    for kind in KINDS for with_source in (False, True)
    if with_source or kind not in SOURCE_ONLY])   # a cut or a changed number needs the source
def test_one_error_lowers_the_score(rules, kind, with_source):
    for text, source in DOCS:
        src = source if with_source else ""
        worse = degrade(text, source, kind)
        assert worse is not None, kind
        assert score(rules, worse, src) < score(rules, text, src), (kind, worse)


@pytest.mark.parametrize("with_source", [False, True], ids=["text only", "with source"])
def test_house_style_costs_less_than_any_real_error(rules, with_source):
    for text, source in DOCS:
        src = source if with_source else ""
        style = score(rules, degrade(text, source, "style") or "", src)
        for kind in REAL:
            if kind in SOURCE_ONLY and not with_source:
                continue
            worse = degrade(text, source, kind)
            assert worse is not None
            assert score(rules, worse, src) < style, (kind, with_source)


def test_the_originals_score_one(rules):
    for text, source in DOCS:
        assert clean(text, rules, source=source).quality == 1.0
        assert clean(text, rules).quality == 1.0
