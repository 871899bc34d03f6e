"""The translation-quality score (CANONICAL.md §7): native German scores 1
with no reasons, link-fused machine translation scores far below it, the
reasons are listed heaviest first, and evidence of a broken pipeline
(mojibake) weighs the same in a short and a long article."""

from __future__ import annotations

import math

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


def native(paragraphs: int) -> str:
    """Distinct sentences (a repeated one would be flagged), three per paragraph."""
    return "\n\n".join(" ".join(SENTENCES[(3 * i + j) % len(SENTENCES)].format(n=3 * i + j + 1)
                                for j in range(3)) for i in range(paragraphs))


@pytest.fixture(scope="module")
def steepness(rules):
    return float(rules.get("quality.score").params["steepness"])


def test_native_text_scores_one_without_reasons(rules):
    doc = clean(native(4), rules)
    assert doc.quality == 1.0
    assert doc.quality_reasons == []


def test_link_fusions_score_far_below_native(rules):
    fused = ("Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen. "
             "Die Gesprächeüber einen Waffenstillstandwurden am Dienstag in Genf fortgesetzt.")
    doc = clean(fused, rules)
    assert doc.quality < 0.2
    assert doc.quality_reasons[0].endswith("spacing.split-fused-words (repaired)")


def test_reasons_are_heaviest_first(rules):
    text = ('Die "Regierung" sagte - wie erwartet - nichts. Die Gesprächeüber '
            "den Haushalt mitDonald Trumpwurden vertagt.")
    reasons = clean(text, rules).quality_reasons
    assert reasons[0].endswith("spacing.split-fused-words (repaired)")
    assert any("typography.german-quotes" in r for r in reasons[1:])


@pytest.mark.parametrize("paragraphs", [3, 30])
def test_mojibake_weighs_the_same_in_a_long_article(rules, steepness, paragraphs):
    text = native(paragraphs).replace("Pläne für", "PlÃ¤ne fÃ¼r", 1)
    doc = clean(text, rules)
    assert "Pläne für" in doc.text
    assert any("unicode.fix-mojibake" in r for r in doc.quality_reasons)
    presence = rules.get("quality.score").params["presence"]["unicode.fix-mojibake"]
    assert doc.quality <= math.exp(-steepness * presence) + 1e-9
