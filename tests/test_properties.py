"""Properties of the whole pipeline (CANONICAL.md §1, §2): restore gives the
original back, change spans stay inside the original, the output is NFC with
one final newline, and cleaning a clean text changes nothing."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from pipeline import clean, load_rules, restore
from pipeline.io.inputs import read_text

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")  # RuleSet

PROPERTY = settings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow,
                                           HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# --- German-like text with the artifacts of machine-translated news --------------

WORDS = ("der die das und mit für über nicht wurde hatte eine einen heute sagte erklärte "
         "Regierung Präsident Präsidenten Treffen Gipfel Krieg Frieden Woche Sanktionen "
         "Berlin Gespräche Waffenstillstand Beamte Soldaten Front Angriff Verhandlungen "
         "Bundeskanzler Straße Öl Übung Märkte russische ukrainische großen schließlich").split()
NAMES = ["Zelenskyy", "Kyiv", "Kyivs", "Vladimir Putin", "Kherson", "Donald Trump",
         "Zaporizhzhia", "Moskau"]
ARTIFACTS = ("fuse", "hyphen", "dash", "quote", "percent", "double", "mojibake")


def mojibake(word: str) -> str:
    return word.encode("utf-8").decode("cp1252", errors="replace")


def _inject(kind: str, tokens: list[str], i: int, quote: str) -> None:
    w = tokens[i]
    if kind == "fuse" and i + 1 < len(tokens):
        tokens[i:i + 2] = [w + tokens[i + 1]]          # PräsidentenDonald
    elif kind == "hyphen":
        tokens[i] = "US -" + w[:1].upper() + w[1:]     # US -Militärbasis
    elif kind == "dash":
        tokens[i] = w + " -"                           # Die EU - mit
    elif kind == "quote":
        tokens[i] = quote[0] + w + quote[1]
    elif kind == "percent":
        tokens[i] = "25% ige " + w
    elif kind == "double":
        tokens[i] = w + " "
    elif kind == "mojibake":
        tokens[i] = mojibake(w)


@st.composite
def sentences(draw) -> str:
    tokens = draw(st.lists(st.sampled_from(WORDS + NAMES), min_size=3, max_size=12))
    picks = draw(st.lists(st.tuples(st.integers(0, len(tokens) - 1), st.sampled_from(ARTIFACTS),
                                    st.sampled_from(['""', "“”"])), max_size=4))
    for i, kind, quote in sorted(picks, reverse=True):   # several may hit one word
        if i < len(tokens):
            _inject(kind, tokens, i, quote)
    text = " ".join(tokens)
    return text[:1].upper() + text[1:] + draw(st.sampled_from([".", ".", "!", "?", ":", ""]))


@st.composite
def german_like(draw) -> str:
    paras = draw(st.lists(st.lists(sentences(), min_size=1, max_size=3).map(" ".join),
                          min_size=1, max_size=4))
    if draw(st.booleans()):
        paras.append(draw(st.sampled_from(paras)))     # a duplicated paragraph
    text = draw(st.sampled_from(["\n", "\n\n"])).join(paras)
    if draw(st.booleans()):
        text = "Von: APA/dpa\n" + text
    if draw(st.booleans()):
        text = " date 2025-08-15\n" + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return text


# --- arbitrary unicode -------------------------------------------------------------

NO_SURROGATES = st.characters(exclude_categories=("Cs",))
PIECES = ["\u0308", "e\u0301", "\u200f", "\u202e", "שלום עולם", "مرحبا", "😀👍🏽🇩🇪", "\x00",
          "\x1b", "\x85", "\r\n", "\r", "\u00ad", "\ufeff", "\u200b", "\u00a0", "Ã¼", " - ",
          '"', "“", "„", "\n\n", "Kyiv", "ﬁ", "İ", "ß"]
LONG_TOKENS = st.builds(lambda s, n: s * n, st.sampled_from(["x", "ä", "Kyivund", "\u0308", "-"]),
                        st.integers(100, 2000))
ANY_TEXT = st.lists(st.one_of(st.text(NO_SURROGATES, max_size=60), st.sampled_from(PIECES),
                              st.text("aäB -\n\"“.", max_size=30), LONG_TOKENS),
                    max_size=12).map("".join)


# --- the properties ------------------------------------------------------------------


def assert_change_log_fits(doc, original: str) -> None:
    assert restore(doc.text, doc.changes) == original
    steps: dict[int, list] = {}
    for c in doc.changes:
        assert 0 <= c.start <= c.end <= len(original), c
        steps.setdefault(c.step, []).append(c)
    for changes in steps.values():
        for a, b in zip(changes, changes[1:]):
            assert a.at + len(a.before) <= b.at, (a, b)


@PROPERTY
@given(text=german_like())
def test_german_like_restore_and_spans(rules, text):
    assert_change_log_fits(clean(text, rules), text)


@PROPERTY
@given(text=german_like())
def test_german_like_output_is_nfc_with_one_final_newline(rules, text):
    doc = clean(text, rules)
    assert unicodedata.is_normalized("NFC", doc.text)
    if doc.passthrough:   # §7: judged not German, untouched except for encoding repair
        assert {c.stage for c in doc.changes} <= {"unicode"}
        return
    assert "\r" not in doc.text
    if doc.text:
        assert doc.text.endswith("\n") and not doc.text.endswith("\n\n")


@PROPERTY
@given(text=german_like())
def test_german_like_metadata_lines_leave_the_body(rules, text):
    doc = clean(text, rules)
    if doc.passthrough:   # see test_short_german_text_is_german
        assert {c.stage for c in doc.changes} <= {"unicode"}
        return
    assert "date 2025-08-15" not in doc.text
    assert "Von: APA/dpa" not in doc.text
    if text.startswith(" date 2025-08-15"):
        assert doc.metadata.get("date") == "2025-08-15"


@pytest.mark.parametrize("text", ["Sanktionen Zelenskyy der.\nSanktionen Zelenskyy der.",
                                  "Öl Öl Öl Waffenstillstand Waffenstillstand das."])
def test_short_german_text_is_german(rules, text):
    doc = clean(text, rules)
    assert not doc.passthrough
    assert doc.text.endswith("\n")


@settings(PROPERTY, derandomize=True, database=None, report_multiple_bugs=False,
          phases=[Phase.explicit, Phase.generate])
@given(text=german_like())
def test_german_like_is_idempotent(rules, text):
    """Derandomized (the seed follows this function's source), so a failure
    here is reproducible; the shrunk cases it found are pinned below."""
    doc = clean(text, rules)
    again = clean(doc.text, rules)
    assert [(c.rule_id, c.before, c.after) for c in again.changes] == []
    assert again.text == doc.text


@pytest.mark.parametrize("text", [
    "Die EU -  mit Ausnahme Ungarns machte klar.",
    'Er sagte US -"Nein" dazu.',
    'Das Anti-"Terror"-Gesetz kam.',
    "Der der. Der Regierung der.\nDer der. DerRegierung der.",
    "Sie kamen - - und gingen.",
    "Eins.\n\nZwei.\n\nEins.\n\nZwei.",
    "Die Gesprächedienicht gut.",
    "Sagte  Kyivs sagte 25% ige Kherson eine.\nSagte  Kyivs sagte 25% ige Kherson eine.",
    "Die EU - mit Ausnahme Ungarns - machte klar, dass US -Truppen bleiben.",
    "Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen.",
    "Erster Absatz hier.\n\nZweiter Absatz.\n\nErster Absatz hier.",
])
def test_idempotence_counterexamples(rules, text):
    """Shrunk counterexamples of the idempotence property, plus controls."""
    doc = clean(text, rules)
    again = clean(doc.text, rules)
    assert [(c.rule_id, c.before, c.after) for c in again.changes] == []
    assert restore(doc.text, doc.changes) == text


@PROPERTY
@given(text=ANY_TEXT)
def test_arbitrary_unicode_restore_and_spans(rules, text):
    doc = clean(text, rules)
    assert_change_log_fits(doc, text)
    again = clean(doc.text, rules)   # no crash on a second run, and it restores too
    assert_change_log_fits(again, doc.text)


# --- the seeds -----------------------------------------------------------------------


def test_there_are_five_seeds():
    assert len(SEEDS) == 5


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_restores_and_is_idempotent(rules, path):
    text, _ = read_text(path)
    doc = clean(text, rules)
    assert_change_log_fits(doc, text)
    again = clean(doc.text, rules)
    assert [(c.rule_id, c.before, c.after) for c in again.changes] == []
    assert again.text == doc.text
