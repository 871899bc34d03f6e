"""Name spellings per profile (CANONICAL.md §6): variants are rewritten to the
profile's spelling, ``accepted`` spellings (correct German the press writes
both ways) are never rewritten, and a profile is a rules setting."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline import clean, cleaner_for, load_rules
from pipeline.rules import RuleError

from .conftest import ROOT


@pytest.fixture(scope="module")
def profiles():
    return {p: load_rules(ROOT / "rules", p) for p in ("de-press", "de-official", "en")}


def names_text(text: str, rules) -> str:
    return clean(text, rules).text.rstrip("\n")


# (input, de-press, de-official, en)
CASES = [
    ("Präsident Zelenskyy sprach in Kyiv.",
     "Präsident Selenskyj sprach in Kiew.",
     "Präsident Selenskyj sprach in Kyjiw.",
     "Präsident Zelensky sprach in Kyiv."),
    ("Präsident Erdogan sprach.", "Präsident Erdogan sprach.",
     "Präsident Erdoğan sprach.", "Präsident Erdogan sprach."),
    ("Präsident Erdoğan sprach.", "Präsident Erdoğan sprach.",          # accepted everywhere
     "Präsident Erdoğan sprach.", "Präsident Erdoğan sprach."),
    ("Erdogans Angebot kam.", "Erdogans Angebot kam.", "Erdoğans Angebot kam.",
     "Erdogans Angebot kam."),
    ("Der G-20-Gipfel und der G20-Gipfel.", "Der G-20-Gipfel und der G20-Gipfel.",
     "Der G-20-Gipfel und der G20-Gipfel.", "Der G-20-Gipfel und der G20-Gipfel."),
    ("Angriff auf die Krimbrücke.", "Angriff auf die Krimbrücke.",
     "Angriff auf die Krimbrücke.", "Angriff auf die Krimbrücke."),
    ("Angriff auf die Kerch Bridge.", "Angriff auf die Krim-Brücke.",
     "Angriff auf die Krim-Brücke.", "Angriff auf die Crimean Bridge."),
    ("Präsident Aleksandar Vucic reiste.", "Präsident Aleksandar Vucic reiste.",
     "Präsident Aleksandar Vučić reiste.", "Präsident Aleksandar Vucic reiste."),
    ("Die Straße von Hormuz ist gesperrt.", "Die Straße von Hormuz ist gesperrt.",   # accepted
     "Die Straße von Hormuz ist gesperrt.", "Die Straße von Hormuz ist gesperrt."),
    ("Die Straße von Hormus ist gesperrt.", "Die Straße von Hormus ist gesperrt.",
     "Die Straße von Hormus ist gesperrt.", "Die Straße von Hormuz ist gesperrt."),
    ("Die Nato und Kyiv.", "Die Nato und Kiew.", "Die Nato und Kyjiw.", "Die Nato und Kyiv."),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c[0][:30])
@pytest.mark.parametrize("profile", ["de-press", "de-official", "en"])
def test_spelling_per_profile(profiles, case, profile):
    expected = case[1 + ("de-press", "de-official", "en").index(profile)]
    assert names_text(case[0], profiles[profile]) == expected


def test_accepted_spelling_is_known_but_never_the_target(profiles):
    gaz = cleaner_for(profiles["de-press"]).resources.gazetteer
    assert gaz.knows("Erdoğan") and gaz.knows("G-20")
    assert gaz.canonical("Erdoğan") == "Erdoğan"
    assert gaz.canonical("Erdogan") == "Erdogan"
    assert cleaner_for(profiles["de-official"]).resources.gazetteer.canonical("Erdogan") == "Erdoğan"


def test_accepted_spelling_clash_is_a_rules_error(tmp_path):
    (tmp_path / "names.toml").write_text(
        '[profiles]\navailable = ["de-press"]\ndefault = "de-press"\n\n'
        '[[entity]]\nid = "a"\nkind = "place"\nde-press = "Aa"\naccepted = ["Bb"]\n\n'
        '[[entity]]\nid = "b"\nkind = "place"\nde-press = "Bb"\n', encoding="utf-8")
    with pytest.raises(RuleError, match="'Bb' also belongs to names.a"):
        load_rules(tmp_path)


# --- klartext names: the gazetteer count and the profiles, one command each ---------


def klartext(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def test_names_counts_entities_by_kind(profiles):
    proc = klartext("names")
    assert proc.returncode == 0, proc.stderr
    first, *rest = proc.stdout.splitlines()
    entities = profiles["de-press"].entities
    assert first.startswith(f"{len(entities)} name entities: ")
    counts = dict(reversed(part.split(" ", 1)) for part in first.split(": ", 1)[1].split(", "))
    assert {k: int(n) for k, n in counts.items()} == {
        k: sum(e["kind"] == k for e in entities) for k in {e["kind"] for e in entities}}
    assert [line.split()[0] for line in rest if line.startswith("  ")] == \
        ["de-press", "de-official", "en"]


@pytest.mark.parametrize("profile", ["de-press", "de-official", "en"])
def test_names_lists_every_spelling_of_a_profile(profiles, profile):
    proc = klartext("names", "--profile", profile)
    assert proc.returncode == 0, proc.stderr
    rows = [line.split(None, 1) for line in proc.stdout.splitlines()]
    entities = profiles[profile].entities
    assert sorted(rows) == sorted([e["kind"], e[profile]] for e in entities)
    spelled = {s for _, s in rows}
    assert {"de-press": "Kiew", "de-official": "Kyjiw", "en": "Kyiv"}[profile] in spelled


def test_names_kind_and_variants(profiles):
    proc = klartext("--profile", "de-official", "names", "--kind", "place", "--variants")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert all(line.startswith("place ") for line in lines)
    assert len(lines) == sum(e["kind"] == "place" for e in profiles["de-official"].entities)
    kyjiw = next(line for line in lines if line.split()[1] == "Kyjiw")
    assert "Kiew" in kyjiw and "Kyiv" in kyjiw
    g20 = klartext("names", "--kind", "organisation", "--variants").stdout
    assert "G-20" not in g20     # accepted: never rewritten, so not listed as a variant


def test_names_unknown_profile_is_a_usage_error():
    proc = klartext("names", "--profile", "de-xx")
    assert proc.returncode == 2
    assert "unknown profile 'de-xx'" in proc.stderr and "Traceback" not in proc.stderr
