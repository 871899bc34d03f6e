"""Typography on real text (CANONICAL.md §4, §5), through the whole pipeline:
the hyphen used as a dash, quotes of every kind, percent adjectives, and the
Ergänzungsstrich that must never be touched.  Hand-written positive and
negative cases, so a rule change that loses generality fails here."""

from __future__ import annotations

import pytest

from pipeline import clean


def assert_clean(rules, text: str, expected: str) -> None:
    doc = clean(text, rules)
    assert doc.text.rstrip("\n") == expected
    again = clean(doc.text, rules)
    assert [(c.rule_id, c.before, c.after) for c in again.changes] == []


DASHES = [
    ("Die EU - mit Ausnahme Ungarns - machte klar.", "Die EU – mit Ausnahme Ungarns – machte klar."),
    ("Paris - Im Streit um den Sparplan kam es zu Protesten.",
     "Paris – Im Streit um den Sparplan kam es zu Protesten."),
    ("Es gab nur eine Lösung - den Rücktritt.", "Es gab nur eine Lösung – den Rücktritt."),
    ("Der Preis stieg um 3 - 4 Prozent.", "Der Preis stieg um 3–4 Prozent."),     # a range
    ("Er kam, sah - und siegte.", "Er kam, sah – und siegte."),
    ("Sie sagte: „Nein“ - und ging.", "Sie sagte: „Nein“ – und ging."),
    ("Ein Satz - der nächste - und noch einer.", "Ein Satz – der nächste – und noch einer."),
    ("Der Sprecher-ein wichtiger Mann - schwieg.", "Der Sprecher – ein wichtiger Mann – schwieg."),
    ('Die Frage ist, ob "wir" - oder "sie" - recht haben.',
     "Die Frage ist, ob „wir“ – oder „sie“ – recht haben."),
]

NOT_DASHES = [
    "Staats- und Regierungschefs trafen sich.",
    "Bus- und Bahnhaltestellen wurden geschlossen.",
    "Bushaltestellen und -linien wurden verlegt.",
    "Ein- und Ausfuhr, Vor- oder Nachteile.",
    "Die Hin- bzw. Rückfahrt kostet extra.",
    "Das Trump-Putin-Treffen fand statt.",
    "Die Ost-West-Achse bleibt.",
    "Ein Check-in und ein Make-up.",
    "Die Jahre 2014–2016 waren schwer.",
    "Die EU – mit Ausnahme Ungarns – machte klar.",
    "Der 36-Jährige und die US-Truppen.",
    "Er sagte „Nein“- und „Ja“-Stimmen voraus.",
    "Das Anti-„Terror“-Gesetz und die „Lower 48“-Staaten.",
]

QUOTES = [
    # typewriter and English quotes, at block start and end, inside the block
    ('"Wir bleiben", sagte er.', "„Wir bleiben“, sagte er."),
    ('Er sagte: "Wir bleiben."', "Er sagte: „Wir bleiben.“"),
    ('"Wir bleiben."', "„Wir bleiben.“"),
    ("“Wir bleiben”, sagte er.", "„Wir bleiben“, sagte er."),
    ("Er sprach von “Frieden” und “Freiheit”.", "Er sprach von „Frieden“ und „Freiheit“."),
    ('Er sprach von "Frieden" und "Freiheit".', "Er sprach von „Frieden“ und „Freiheit“."),
    # misplaced spaces around German quotes
    ("diese„ Wurzelursachen “, die", "diese „Wurzelursachen“, die"),
    ("Er nannte es „ einen Fehler “.", "Er nannte es „einen Fehler“."),
    # quotes inside quotes
    ("\"Er sagte: 'Nein.'\"", "„Er sagte: ‚Nein.‘“"),
    ("“Er nannte es ‘absurd’, wirklich.”", "„Er nannte es ‚absurd‘, wirklich.“"),
    # brackets and hyphenated compounds
    ('Ein Gespräch ("feel-out meeting") folgte.', "Ein Gespräch („feel-out meeting“) folgte."),
    ('Das Anti-"Terror"-Gesetz kam.', "Das Anti-„Terror“-Gesetz kam."),
    ('Die "Lower 48"-Staaten', "Die „Lower 48“-Staaten"),
    ('Er sagte:"Nein".', "Er sagte: „Nein“."),
    ('Sie nannte ihn einen "Verräter"!', "Sie nannte ihn einen „Verräter“!"),
    ('("Nein")', "(„Nein“)"),
    ('„Wir bleiben", sagte er.', "„Wir bleiben“, sagte er."),
    ('"Wir bleiben“, sagte er.', "„Wir bleiben“, sagte er."),
    ("Er sagte: \"Das ist 'falsch'\", und ging.", "Er sagte: „Das ist ‚falsch‘“, und ging."),
    # roles from local evidence, not parity: a quote inside a quote pairs with a stack
    ('Sie sagte "nein" und dann "ja, aber "vielleicht" später", dass er "kommt".',
     "Sie sagte „nein“ und dann „ja, aber ‚vielleicht‘ später“, dass er „kommt“."),
    # an opening quote the translation dropped: the closing one stays a closing one
    ('Das war ein Fehler", sagte sie.', "Das war ein Fehler“, sagte sie."),
    ('Er ging. Das war ein Fehler", sagte sie.', "Er ging. Das war ein Fehler“, sagte sie."),
    # inside out, also inside a quotation that is never closed
    ('Es gehe um diese" Grundprobleme ", sagte er.', "Es gehe um diese „Grundprobleme“, sagte er."),
    ("Er sagte, man müsse „die Lage klären – diese„ alten Fragen “, die seit Jahren offen sind.",
     "Er sagte, man müsse „die Lage klären – diese „alten Fragen“, die seit Jahren offen sind."),
    # the space before an ellipsis after a closing quote stays
    ('Sie nannte es "so ist das Leben" ... im Winter.', "Sie nannte es „so ist das Leben“ ... im Winter."),
    ('Sie nannte es "so ist das Leben" … im Winter.', "Sie nannte es „so ist das Leben“ … im Winter."),
    # a quotation over several paragraphs: closed in a later one, or each paragraph reopened
    ('"Erster Absatz.\n\nZweiter Absatz."', "„Erster Absatz.\n\nZweiter Absatz.“"),
    ('Er sagte: "Wir kommen.\n\nDas ist sicher", und ging.',
     "Er sagte: „Wir kommen.\n\nDas ist sicher“, und ging."),
    ('"Der erste Teil.\n\n"Der zweite Teil.\n\n"Der dritte Teil."',
     "„Der erste Teil.\n\n„Der zweite Teil.\n\n„Der dritte Teil.“"),
    # a quotation cut off at the end of an excerpt: the opening mark is still one
    ('Er sagte: "Eins" und "zwei', "Er sagte: „Eins“ und „zwei"),
    # a closing quote that looks like an inch mark, inside a quotation
    ('Die "Agenda 2030" und die "Top 10".', "Die „Agenda 2030“ und die „Top 10“."),
]

NOT_QUOTES = [
    "„Das ist gut“, sagte er.",
    "„Er sagte: ‚Nein.‘“",
    "McDonald's und geht's, Rock 'n' Roll.",
    "Die 90er-Jahre und Ma'alot.",
    "„Deal-Maker“-Instinkte",
    "Er sagte: »Nein«.",                 # guillemets are German typography too
    "Er sagte: «Nein».",
    # inch marks are no quotes
    'Fotos im Format 20x16" und 24x20" kosten mehr.',
    'Ein 27"-Monitor und ein 6x4" (10x15 cm) Abzug.',
    "„so ist das Leben“ ... im Winter",
]

# marks whose evidence disagrees: the block is flagged and none of its marks touched
DISAGREE = [
    'Er fand es gut" und dann schlecht".',
    'Sie nannte es "gut". Dann sagte er, es sei schlecht", und ging.',
    'Erster Absatz mit "Zitat".\n\nZweiter Absatz, der schließt", sagte er.',
]

PERCENT = [
    ("eine 25% ige Chance", "eine 25-prozentige Chance"),
    ("eine 99% igen Wahrscheinlichkeit", "eine 99-prozentigen Wahrscheinlichkeit"),
    ("ein 100%iger Erfolg", "ein 100-prozentiger Erfolg"),
    ("ein 50 %iges Risiko", "ein 50-prozentiges Risiko"),
    ("mit 10% igem Zuschlag", "mit 10-prozentigem Zuschlag"),
    ("die 100%ige Tochter", "die 100-prozentige Tochter"),
    ("eine 2,5% ige Steigerung", "eine 2,5-prozentige Steigerung"),
    ("eine 2,5 %ige Steigerung", "eine 2,5-prozentige Steigerung"),
    ("„25% ige Chance“", "„25-prozentige Chance“"),
    ("eine 3,5-%ige Steigerung", "eine 3,5-prozentige Steigerung"),
    ("eine 20 %-ige Steigerung", "eine 20-prozentige Steigerung"),
    ("Er war sich 100%ig sicher.", "Er war sich 100-prozentig sicher."),
]

NOT_PERCENT = [
    "25 % der Stimmen",
    "um 3 % gestiegen",
    "25-prozentige Chance",
    "Der Anteil lag bei 25%, ignoriert wurde das.",
    "Es waren 40 % – immerhin.",
    "die 100-prozentige Tochter",
]


@pytest.mark.parametrize(("text", "expected"), DASHES + QUOTES + PERCENT)
def test_repaired(rules, text, expected):
    assert_clean(rules, text, expected)


@pytest.mark.parametrize("text", NOT_DASHES + NOT_QUOTES + NOT_PERCENT)
def test_left_alone(rules, text):
    assert_clean(rules, text, text)
    assert [f.rule_id for f in clean(text, rules).flags if f.stage == "typography"] == []


@pytest.mark.parametrize("text", DISAGREE)
def test_disagreeing_quotes_flagged_not_touched(rules, text):
    doc = clean(text, rules)
    flags = [f for f in doc.flags if f.rule_id == "typography.german-quotes"]
    assert len(flags) == 1
    assert '"' in flags[0].message                  # it names the mark and its word
    bad_block = text.split("\n\n")[-1] if "\n\n" in text else text
    assert bad_block in doc.text


def test_quotes_the_source_leaves_open_are_not_flagged(rules):
    """A translation that mirrors a stray quote of its source is faithful."""
    text = 'Er sagte "ja".\nBitte versuchen Sie es erneut"'
    assert [f.rule_id for f in clean(text, rules).flags] == ["typography.german-quotes"]
    source = 'He said "yes".\nPlease try again"'
    assert clean(text, rules, source=source).flags == []
