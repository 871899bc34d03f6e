"""The mojibake repair asks ftfy only about the lines a scan of the whole
text suspects.  That is only sound if ftfy never changes a line the scan
passed over: checked on every text we know and on generated mojibake."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import ftfy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline import load_rules
from pipeline.stages.mojibakescan import Scan

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
RULES = load_rules(ROOT / "rules")
SETTINGS = RULES.get("unicode.fix-mojibake").settings
CONFIG = SETTINGS.config()
SCANS = [Scan.of(SETTINGS.plain_chars), Scan.of(""), Scan.of("äöüß„“”‚‘’–—…€°«»é·ﬁ")]


def suspect_lines(text: str, scan: Scan = SCANS[0]) -> list[int]:
    return [start for start, _ in scan.suspect_lines(text)]


def _known_texts() -> list[str]:
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    texts += [t for r in RULES.rules for e in r.examples for t in (e.input, *r.keep)]
    for path in [*sorted((SHARED / "eval" / "data").glob("*.jsonl")),
                 *sorted((SHARED / "realmt").glob("*.jsonl"))]:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts += [v for k in ("text", "source") if isinstance(v := record.get(k), str)]
    return texts


def missed(text: str, scan: Scan = SCANS[0]) -> list[str]:
    """Lines ftfy changes that the scan did not suspect."""
    suspects = set(suspect_lines(text, scan))
    out, start = [], 0
    for line in text.split("\n"):
        if start not in suspects and ftfy.fix_and_explain(line, config=CONFIG).text != line:
            out.append(line)
        start += len(line) + 1
    return out


@pytest.mark.parametrize("scan", SCANS, ids=["rules", "no-plain", "more-plain"])
def test_the_scan_misses_no_line_of_any_known_text(scan):
    texts = _known_texts()     # ../shared only where this clone has it beside it
    assert len(texts) > 500
    assert [line for t in texts for line in missed(t, scan)] == []


def test_most_german_lines_are_not_suspected():
    lines = [line for t in _known_texts()[:3000] for line in t.split("\n") if line]
    suspected = sum(len(set(suspect_lines(line))) for line in lines)
    assert suspected < 0.1 * len(lines)


def test_the_scan_passes_over_plain_german():
    text = "Grüße aus Köln – „Zitat“ … Straße\nÄrger über Öl, ß – „ja“"
    assert list(suspect_lines(text)) == []


#: German text with every character the rules call plain, and a few more
GERMAN = st.text(st.sampled_from("".join(sorted(set("aeinrstuäöüßÄÖÜ „“‚‘–—…€°éàç\n")
                                                | set(SETTINGS.plain_chars)))), max_size=30)
ENCODINGS = ["latin-1", "windows-1252", "macroman", "windows-1251", "windows-1253",
             "windows-1257", "cp437"]


def _mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, "replace")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.lists(st.tuples(GERMAN, st.sampled_from(ENCODINGS), st.booleans()), max_size=6),
       st.text(st.sampled_from("Ã Â\xa0\x81\u2028ﬁＡ&amp;\x1b[0m\n"), max_size=12))
def test_the_scan_misses_no_line_of_generated_mojibake(parts, noise):
    text = "".join(_mojibake(t, enc) if broken else t for t, enc, broken in parts) + noise
    assert [missed(text, scan) for scan in SCANS] == [[], [], []]


@pytest.mark.parametrize("line", ["Ã¼ber alles", "xÃ© und mehr", "Â trotzdem", "ﬁnal",
                                  "ＡＢＣ", "&amp; Co", "\x1b[31mrot\x1b[0m ä"])
def test_a_line_at_any_position_is_suspected(line):
    text = f"Erste Zeile für alle.\n{line}\nLetzte Zeile."
    assert text.index(line) in set(suspect_lines(text))


def test_only_the_patterns_a_plain_line_can_match_are_searched():
    from ftfy.badness import BADNESS_RE
    reachable = SCANS[0].reachable
    assert reachable is not None and reachable is not BADNESS_RE
    assert BADNESS_RE.search("fÃ¼r") and not reachable.search("fÃ¼r")   # Ã: the character scan
    assert SCANS[0].outside.search("fÃ¼r")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(["\n", "e", "\u0301", "\u0327", "\u0323", "A", "\u1100",
                                           "\u1161", "\u11a8", "\uac00", "\u0344", "\u212b", " "]),
                          st.characters()), max_size=30).map("".join))
def test_a_text_normalised_as_a_whole_has_every_line_normalised(text):
    # what lets unicode.nfc skip its lines in such a text (most texts)
    if unicodedata.is_normalized("NFC", text):
        assert all(unicodedata.is_normalized("NFC", line) for line in text.split("\n"))
    nfc = unicodedata.normalize("NFC", text)
    assert "\n".join(unicodedata.normalize("NFC", line) for line in text.split("\n")) == nfc
