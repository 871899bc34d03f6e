"""Regression guard for fused-word repair (issue 3): hand-written sentences,
none taken from the evaluation set.  Each runs through the whole pipeline, so
names are rewritten too (Zelenskyy -> Selenskyj)."""

from __future__ import annotations

import pytest

from pipeline import clean, restore

SPLIT_RULE = "spacing.split-fused-words"

# (input, a text the output must contain)
SPLITS = [
    ("Gestern trafen sichTrumpUndPutin in Alaska.", "sich Trump und Putin in"),
    ("Die Reaktion vonZelenskyywurde mit Spannung erwartet.", "von Selenskyj wurde mit"),
    ("Am Montag hat derWeißes Hausbeschrieb die Lage.", "der Weißes Haus beschrieb die"),
    ("Der Bürgermeister vonNew Yorkwurde gewählt.", "von New York wurde gewählt"),
    ("Viele erwartetenKyivund Washington zu einer Einigung.", "erwarteten Kiew und Washington"),
    ("Die Agentur berichtete überMoskauund Berlin.", "über Moskau und Berlin"),
    ("Die Stadt Kherson, UndZaporizhzhia liegen am Fluss.", ", und Saporischschja liegen"),
    ("Der Sprecher derEZBsagte am Montag, die Zinsen blieben.", "der EZB sagte am"),
    ("Die Tagung derOSZEbeginnt am Montag.", "der OSZE beginnt am"),
    ("Die neue Studie vonGfK zeigt einen Rückgang.", "von GfK zeigt"),
    ("Das Geld für dieSPÖIn Linz kam zu spät.", "die SPÖ in Linz"),
    ("Der Bericht derUNO warnte vor Hunger.", "der UNO warnte"),
    ("Das Spiel endete mit einem Sieg fürBayernMünchen.", "für Bayern München."),
    # doubtful cuts, believed because the same document has a certain fusion
    ("Das meldete dieZeitung am Montag. Anwalt Karl Wendrichsagte dazu nichts.",
     "Karl Wendrich sagte dazu"),
    ("Der Verband derHändlernahm die Zahlen zur Kenntnis.", "der Händler nahm die"),
    ("Laut derPolizei blieb Fuchsskeptisch.", "blieb Fuchs skeptisch."),
]

# native text: nothing may be split
KEEPS = [
    "Das neue iPhone, die GmbH, die AfD, PwC, der EuGH, die GfK und iOS.",
    "McCarthys Rede an die LehrerInnen und SchülerInnen.",
    "Die Sanktionsuhr tickt. Und dann kam der Winter.",
    "Die Firma BioNTech, der Sender ProSiebenSat.1 und DiCaprio.",
    "Die Passagiersitzen waren leer, der Möbelkauf teuer, der Partyschreck müde.",
    "Ohne Adminrechten geht nichts, das Kampagnenversprechen hält.",
    "Die WeAreDevelopers-Konferenz zeigte das FileVault-System.",
    "Die Datei C:\\Windows\\SoftwareDistribution\\Download ist groß.",
    "Die Regierungssitze liegen in der Hauptstadt.",
    "Er blieb Fuchsskeptisch.",
    "Der Extraleicht-Rahmen wiegt wenig.",
]

# a document with link fusions: its real compounds still stay whole
KEEPS_IN_FUSED = [
    ("Laut derPolizei war das Kampagnenversprechen gebrochen.", "das Kampagnenversprechen gebrochen"),
    ("Laut derPolizei tickt die Sanktionsuhr.", "die Sanktionsuhr."),
    ("Laut derPolizei kosten Passagiersitzen viel.", "kosten Passagiersitzen viel."),
    ("Im Bericht derUNO zum Schachtürken steht nichts.", "zum Schachtürken steht"),
    ("Laut derPolizei ist die GfK und die EuGH-Klage betroffen.", "die GfK und die EuGH-Klage"),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_fusion_is_split(rules, text, expected):
    doc = clean(text, rules)
    assert expected in doc.text
    assert restore(doc.text, doc.changes) == text
    assert clean(doc.text, rules).changes == []


@pytest.mark.parametrize("text", KEEPS)
def test_native_text_is_not_split(rules, text):
    doc = clean(text, rules)
    assert [c for c in doc.changes if c.rule_id == SPLIT_RULE] == []
    assert doc.text.strip() == text


@pytest.mark.parametrize(("text", "expected"), KEEPS_IN_FUSED)
def test_compounds_stay_whole_in_fused_documents(rules, text, expected):
    doc = clean(text, rules)
    assert [c for c in doc.changes if c.rule_id == SPLIT_RULE]    # the certain fusion
    assert expected in doc.text


def test_doubtful_cut_needs_evidence_in_the_document(rules):
    """The same lone fusion stays in native text and is split in a document
    that shows a certain fusion; the change log says why."""
    lone = "Er blieb Fuchsskeptisch."
    assert clean(lone, rules).text.strip() == lone
    doc = clean("Laut derPolizei blieb Fuchsskeptisch.", rules)
    (change,) = [c for c in doc.changes if c.before == "Fuchsskeptisch"]
    assert change.after == "Fuchs skeptisch"
    assert "certain fusion" in change.detail


def test_certain_cut_is_made_without_other_evidence(rules):
    doc = clean("Das sagte derTrainer gestern.", rules)
    (change,) = [c for c in doc.changes if c.rule_id == SPLIT_RULE]
    assert (change.before, change.after) == ("derTrainer", "der Trainer")
    assert "certain fusion" not in change.detail
