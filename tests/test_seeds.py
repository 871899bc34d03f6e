"""The foundation's acceptance list, checked on the cleaned seeds."""

from __future__ import annotations

import pytest

from pipeline import Document, cleaner_for, restore

from .conftest import ROOT

SEEDS = sorted((ROOT / "seeds").glob("*.txt"))

MUST_CONTAIN = [
    "versammeln sich in Anchorage vor", "Präsidenten Donald Trump und Wladimir Putin",
    "das Ende Russlands Krieg", "der Ukraine Wolodymyr Selenskyj wurde", "ohne Kiews Beteiligung",
    "Die Szene in Anchorage", "„Lower 48“-Staaten", "US-Militärbasis",
    "Wenige erwarteten Kiew und Moskau", "auf Indien über", "Trump-Putin-Treffen",
    "„Territory-Swaps“", "der Weißes Haus beschrieb", "Donezk, Luhansk, Cherson",
    "und Saporischschja", "„25-prozentige Chance“", "„innerhalb der ersten zwei Minuten“",
    "Anchorage, Alaska – Es ist", "Bingo-Karten", "Kirill Dmitrijew", "Tschukotka",
    "Die EU – mit Ausnahme Ungarns – machte", "„äußerst produktiv“",
    # left intact
    "JD Vance", "Elmendorf-Richardson", "G20-Gipfel", "Pro-Kreml-Propagandisten",
    "Staats- und Regierungschefs", "9.000 Quadratkilometer", "\nUnd ein Gipfel im",
    "Sanktionsuhr",
]
MUST_NOT_CONTAIN = ["Zelensk", "Kyiv", "Vladimir", "Volodymyr", "Kherson", "Zaporizhzhia",
                    "Donbas ", "”", '"', " date 2025", "Von: APA", "Haftungsausschluss"]


@pytest.fixture(scope="module")
def cleaned(rules):
    return {p.name: cleaner_for(rules).run(Document(p.stem, p.read_text("utf-8"), str(p)))
            for p in SEEDS}


def test_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("needle", MUST_CONTAIN)
def test_seed_output_contains(cleaned, needle):
    assert any(needle in d.text for d in cleaned.values()), needle


@pytest.mark.parametrize("needle", MUST_NOT_CONTAIN)
def test_seed_output_lacks(cleaned, needle):
    assert [n for n, d in cleaned.items() if needle in d.text] == []


def test_no_english_opening_quote(cleaned):
    """“ closes a German quotation; it must never open one."""
    import re
    for name, doc in cleaned.items():
        assert re.findall(r"(?:^|\s)“\w", doc.text, re.M) == [], name


def test_metadata_lifted(cleaned):
    meta = {n[:3]: d.metadata for n, d in cleaned.items()}
    assert meta["002"]["date"] == "2025-08-15"
    assert meta["004"] == {**meta["004"], "date": "2025-08-16", "byline": "APA/AFP/Reuters/dpa"}
    assert meta["001"]["title"] == "Folgendes will Putin von Trump und es ist kein Frieden in der Ukraine"
    assert meta["001"]["dateline"] == "Anchorage, Alaska"
    assert any("Haftungsausschluss" in r for r in meta["003"]["removed"])


def test_restore_and_idempotence(cleaned, rules):
    for path in SEEDS:
        doc = cleaned[path.name]
        assert restore(doc.text, doc.changes) == path.read_text("utf-8")
        again = cleaner_for(rules).run(Document("again", doc.text))
        assert again.changes == [], again.changes[:3]


def test_machine_translated_seeds_score_lower(cleaned):
    """Contract §7: native news clearly above MT with link-fusion artifacts
    (000: fused words, glossary mistranslations); the MT seed whose only
    artifacts are spaced compound hyphens (001) still below every native one."""
    q = {n[:3]: d.quality for n, d in cleaned.items()}
    natives = min(q["002"], q["003"], q["004"])
    assert q["000"] < natives - 0.3
    assert q["001"] < natives


def test_flags_on_seed_000(cleaned):
    rules_hit = {f.rule_id for f in cleaned["000_7ae37cc3878cbd34.txt"].flags}
    assert {"flags.article-agreement", "flags.doubled-phrase"} <= rules_hit
    # its English is quoted („Lower 48“, „Territory-Swaps“): a name and a term
    # in quotation marks are no untranslated run (issue 11: 3 % of those flags were right)
    assert "flags.untranslated-english" not in rules_hit
