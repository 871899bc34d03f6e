"""The translation-quality score (CANONICAL.md §7): native German scores 1
with no reasons; what a reader would judge (fused words, mojibake, decoder
debris, loops, lost content) costs clearly more than house style; every
reason says what it cost; a document that is not German gets no score; and
with the English original the score also sees what only the source can
tell, saying so."""

from __future__ import annotations

import math
import re

import pytest

from pipeline import clean

SENTENCES = [
    "Die Regierung in Berlin hat im Jahr {n} neue Pläne für den Haushalt vorgestellt.",
    "Nach Angaben des Ministeriums sollen die Ausgaben um {n} Millionen Euro sinken.",
    "Die Opposition kritisierte den Entwurf Nummer {n} als unausgewogen.",
    "Der Bundestag wird sich in der Sitzung {n} mit dem Gesetz befassen.",
    "Wirtschaftsverbände begrüßten die Entlastung von {n} Unternehmen.",
    "Eine Einigung der Koalition bis zum Tag {n} gilt jedoch nicht als sicher.",
]
COST = re.compile(r" \(−(\d\.\d\d|<0\.01)\)$")


def native(paragraphs: int) -> str:
    """Distinct sentences (a repeated one would be flagged), three per paragraph."""
    return "\n\n".join(" ".join(SENTENCES[(3 * i + j) % len(SENTENCES)].format(n=3 * i + j + 1)
                                for j in range(3)) for i in range(paragraphs))


def cost(reason: str) -> float:
    m = COST.search(reason)
    assert m, f"reason without its cost: {reason!r}"
    return 0.0 if m.group(1) == "<0.01" else float(m.group(1))


def reason_for(doc, words: str) -> str | None:
    return next((r for r in doc.quality_reasons if words in r), None)


@pytest.fixture(scope="module")
def settings(rules):
    return rules.get("quality.score").settings


def test_native_text_scores_one_without_reasons(rules):
    doc = clean(native(4), rules)
    assert doc.quality == 1.0
    assert doc.quality_reasons == []


def test_link_fusions_score_far_below_native_and_say_what_they_cost(rules):
    fused = ("Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen. "
             "Die Gesprächeüber einen Waffenstillstandwurden am Dienstag in Genf fortgesetzt.")
    doc = clean(fused, rules)
    assert doc.quality < 0.5
    assert re.fullmatch(r"4 fused words repaired \(−0\.\d\d\)", doc.quality_reasons[0])


def test_reasons_are_heaviest_first_and_add_up_to_the_loss(rules):
    text = (native(2) + ' Die "Regierung" sagte - wie erwartet - nichts. Die Gesprächeüber '
            "den Haushalt mitDonald Trumpwurden vertagt.")
    doc = clean(text, rules)
    costs = [cost(r) for r in doc.quality_reasons]
    assert doc.quality_reasons[0].startswith("3 fused words repaired")
    assert any("house style" in r for r in doc.quality_reasons[1:])
    assert costs == sorted(costs, reverse=True)
    assert sum(costs) == pytest.approx(1 - doc.quality, abs=0.01 * len(costs))


def test_house_style_weighs_little_next_to_a_reader_error(rules):
    """Typewriter quotes and hyphens used as dashes throughout are one
    choice of the writer; one fused word is an error a reader trips over."""
    text = native(3)
    styled = text.replace("Die Opposition kritisierte", 'Die "Opposition" - wie immer - kritisierte', 1)
    fused = text.replace("den Haushalt", "denHaushalt", 1)
    style_q, fused_q = clean(styled, rules).quality, clean(fused, rules).quality
    assert style_q > 0.97
    assert 1 - fused_q > 3 * (1 - style_q)


@pytest.mark.parametrize("paragraphs", [3, 30])
def test_mojibake_weighs_the_same_in_a_long_article(rules, settings, paragraphs):
    text = native(paragraphs).replace("Pläne für", "PlÃ¤ne fÃ¼r", 1)
    doc = clean(text, rules)
    assert "Pläne für" in doc.text
    assert reason_for(doc, "mojibake lines repaired")
    assert doc.quality <= math.exp(-settings.steepness * settings.costs["mojibake"].once) + 1e-9


def test_decoder_tokens_are_flagged_and_cost(rules):
    text = native(2).replace("den Haushalt", "den <unk>Haushalt<unk>", 1)
    doc = clean(text, rules)
    assert [f.rule_id for f in doc.flags] == ["flags.decoder-token"] * 2
    assert reason_for(doc, "2 decoder tokens such as <unk>")
    assert doc.quality < 0.85


@pytest.mark.parametrize("text", [
    "This is an English article about the economy, and it has nothing German in it at all.",
    "Ceci est un article en français sur l'économie, et il ne contient rien d'allemand du tout.",
])
def test_a_document_that_is_not_german_gets_no_score_and_says_why(rules, text):
    doc = clean(text, rules)
    assert doc.lang != "de" and doc.quality is None
    assert doc.quality_reasons == [f"not German (lang={doc.lang}): no score"]


def test_a_decoder_loop_costs_but_emphasis_does_not(rules):
    looped = native(2) + " Die Regierung sagt, die Regierung sagt, die Regierung sagt, die Regierung sagt es."
    assert reason_for(clean(looped, rules), "phrase repeats in a row")
    for said in ("Er sagte: sehr, sehr gut.", "Jerry: bla bla bla, immer dasselbe.",
                 "Ihr halbes Leben – ihr halbes Leben! – von der Pandemie geprägt."):
        doc = clean(native(2) + " " + said, rules)
        assert not reason_for(doc, "phrase repeats"), said


def test_an_english_line_costs_without_the_source(rules):
    text = native(2) + "\n\nThank you for contacting our team, we will get back to you within a day."
    assert reason_for(clean(text, rules), "1 lines that read as English")
    assert not reason_for(clean(native(2) + "\n\nDas Team von „Good Morning America“ kam.", rules),
                          "read as English")


# --- with the English original -------------------------------------------------

SOURCE = ("The ministry reported 1,686 new infections on Saturday.\n"
          "Health minister Bahram Einollahi said 58 patients had died.\n"
          "More details are available at #URL# and from #PRS_ORG#.\n"
          "The vaccination campaign will continue until the end of January.")
TRANSLATION = ("Das Ministerium meldete am Samstag 1.686 neue Infektionen.\n"
               "Gesundheitsminister Bahram Einollahi sagte, 58 Patienten seien gestorben.\n"
               "Weitere Informationen gibt es unter #URL# und bei #PRS_ORG#.\n"
               "Die Impfkampagne wird bis Ende Januar fortgesetzt.")


def test_a_faithful_translation_with_its_source_scores_one(rules):
    doc = clean(TRANSLATION, rules, source=SOURCE)
    assert doc.quality == 1.0, doc.quality_reasons


@pytest.mark.parametrize(("old", "new", "says"), [
    ("58 Patienten", "viele Patienten", "source: 1 numbers missing or changed: 58"),
    ("1.686 neue", "1.868 neue", "source: 1 numbers missing or changed: 1686"),
    (" und bei #PRS_ORG#", "", "source: 1 placeholders, URLs or e-mails missing: #PRS_ORG#"),
    ("#URL#", "#URL #", "source: 1 placeholders with a space inside"),
    ("Bahram Einollahi", "der Minister", "source: 2 names of the source missing: Bahram, Einollahi"),
    ("Die Impfkampagne wird bis Ende Januar fortgesetzt.", "Die Impfkampagne wird",
     "source: 1 lines cut off"),
    ("Die Impfkampagne wird bis Ende Januar fortgesetzt.",
     "The vaccination campaign will continue until the end of January.",
     "source: 1 lines copied untranslated"),
    ("Das Ministerium meldete am Samstag 1.686 neue Infektionen.", "1.686 Infektionen.",
     "source: 1 lines much shorter than their source"),
])
def test_source_signals_say_they_used_the_source(rules, old, new, says):
    assert old in TRANSLATION
    doc = clean(TRANSLATION.replace(old, new), rules, source=SOURCE)
    assert any(r.startswith(says) for r in doc.quality_reasons), doc.quality_reasons
    assert doc.quality < 1.0
    without = clean(TRANSLATION.replace(old, new), rules)
    assert not any(r.startswith("source:") for r in without.quality_reasons)


@pytest.mark.parametrize(("source", "translation"), [
    ("Twelve people and 12 dogs were rescued.", "Zwölf Menschen und zwölf Hunde wurden gerettet."),
    ("The meeting starts at 5.30pm in Kyiv.", "Das Treffen beginnt um 17:30 Uhr in Kiew."),
    ("President Zelensky met Olaf Scholz in Kyiv.", "Präsident Selenskyj traf Olaf Scholz in Kiew."),
    ("The chat window is open 24/7 for you.", "Das Chatfenster ist rund um die Uhr für Sie geöffnet."),
    ("Your Non-Refundable ticket from the Thief's Guild and the DSRs arrived.",
     "Ihr nicht erstattbares Ticket von der Diebesgilde und die Berichte sind angekommen."),
])
def test_what_translation_rightly_rewrites_costs_nothing(rules, source, translation):
    doc = clean(translation, rules, source=source)
    assert not any(r.startswith("source:") for r in doc.quality_reasons), doc.quality_reasons


def test_a_loop_the_source_does_not_have_costs_only_with_the_source(rules):
    source = "I told her that I was sorry about the project."
    looped = "Ich sagte ihr, dass es mir leid tue, dass es mir leid tue, wegen des Projekts."
    assert any(r.startswith("source: 1 phrases repeated") for r in
               clean(looped, rules, source=source).quality_reasons)
    assert not clean(looped, rules).quality_reasons


def test_every_cost_says_how_it_was_chosen(settings):
    for name, c in settings.costs.items():
        assert c.why.strip() and c.points > 0 and 0 < c.precision <= 1, name
