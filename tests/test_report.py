"""``report.html`` and the change alignment behind it (issues 4, 10 and
13): the page is self-contained and deterministic, places every change of
the seeds in the text, keeps a corpus of thousands of documents as inert
data until the page needs it, and is built in time and memory linear in
the changes."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import Document
from pipeline.engine import cleaner_for
from pipeline.io.writers import changes_from_record, record
from pipeline.tools import records as records_module
from pipeline.tools import report as report_module
from pipeline.tools.alignment import ForwardMap, hunks, segments
from pipeline.tools.charts import histogram
from pipeline.tools.records import RecordReader
from pipeline.tools.report import build_report, is_layout, read_records

from .conftest import ROOT

CORPUS = ROOT / "output" / "corpus.jsonl"
WORDS = ["Trump", "Und", "Putin", " -", "- ", "  ", "\n", "\n\n", '"', "inRunter", "vor",
         "Zelenskyywurde", "US", "-Basis", "25%", " ige", "Kyiv", ".", ",", " "]


def islands(html: str) -> dict[int, dict]:
    """The documents' JSON islands of a page, by index."""
    found = re.findall(r'<script type="application/json" class="doc" id="d(\d+)">(.*?)</script>',
                       html, re.S)
    return {int(i): json.loads(body.replace("<\\/", "</")) for i, body in found}


def index(html: str) -> dict:
    body = re.search(r'<script type="application/json" id="index">(.*?)</script>', html, re.S)
    assert body
    return json.loads(body.group(1).replace("<\\/", "</"))


def seed_records(rules, n: int) -> list[dict]:
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    docs = [cleaner_for(rules).run(Document(p.stem, p.read_text("utf-8"))) for p in seeds]
    recs = [json.loads(json.dumps(record(d))) for d in docs]
    return [dict(recs[i % len(recs)], id=f"doc-{i:04d}") for i in range(n)]


def test_every_seed_change_is_placed_in_the_text():
    for rec in read_records(CORPUS):
        original, hs = hunks(rec["text"], changes_from_record(rec))
        pieces = segments(original, rec["text"], hs)
        assert "".join(removed if h else kept for removed, kept, h in pieces) == original
        assert "".join(kept for _, kept, _ in pieces) == rec["text"]
        assert sum(len(h.changes) for h in hs) == len(rec["changes"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25))
def test_hunks_add_up_to_both_texts(rules, parts):
    doc = cleaner_for(rules).run(Document("h", "".join(parts)))
    original, hs = hunks(doc.text, doc.changes)
    pieces = segments(original, doc.text, hs)
    assert original == doc.original
    assert "".join(removed if h else kept for removed, kept, h in pieces) == doc.original
    assert "".join(kept for _, kept, _ in pieces) == doc.text


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25), st.data())
def test_forward_map_agrees_with_the_steps_of_the_document(rules, parts, data):
    """The bisecting map of the report gives what each step of the document
    itself gives (``core._Step.map_forward``), step after step."""
    doc = cleaner_for(rules).run(Document("m", "".join(parts)))
    fmap = ForwardMap(doc.changes)
    pos = data.draw(st.integers(0, len(doc.original)))
    for side in ("start", "end"):
        expected = pos
        for step in doc.steps:
            expected = step.map_forward(expected, side)
        assert fmap(pos, side) == expected


def test_clean_writes_a_self_contained_report(tmp_path):
    subprocess.run([sys.executable, "-m", "pipeline", "clean", "seeds", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)   # no network
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    docs = islands(html)
    assert sorted(docs) == list(range(5)) and all(d["placed"] == 1 for d in docs.values())
    rules = [r[0] for r in index(html)["rules"]]
    fused = docs[0]["c"]
    assert any(rules[c[0]] == "spacing.split-fused-words" and c[1] == "inRuntervor" for c in fused)


def test_islands_rebuild_both_texts_of_every_seed(rules):
    """The page draws a document from its island alone: the original with
    each hunk replaced must be the clean text, and every change is there."""
    recs = list(read_records(CORPUS))
    docs = islands(build_report(recs, rules))
    for i, rec in enumerate(recs):
        d = docs[i]
        clean, pos = [], 0
        for start, end, after, c0, c1 in d["h"]:
            clean += [d["o"][pos:start], after]
            pos = end
            assert c1 > c0
        clean.append(d["o"][pos:])
        assert "".join(clean) == rec["text"]
        assert len(d["c"]) == len(rec["changes"]) and len(d["f"]) == len(rec["flags"])


def test_report_links_rules_to_their_files(tmp_path, rules):
    out = tmp_path / "deep" / "out"
    subprocess.run([sys.executable, "-m", "pipeline", "clean", "seeds/000_7ae37cc3878cbd34.txt",
                    "--out", str(out)], cwd=ROOT, check=True, capture_output=True)
    html = (out / "report.html").read_text("utf-8")
    href = re.search(r'<body data-rules-href="([^"]*)"', html).group(1)
    assert (out / href / "spacing.toml").is_file()           # relative to the page
    row = re.search(r'<tr data-rule="spacing.split-fused-words".*?</tr>', html, re.S).group(0)
    line = rules.get("spacing.split-fused-words").line
    assert f'data-file="spacing.toml" data-line="{line}"' in row and f"spacing.toml:{line}" in row
    entry = next(r for r in index(html)["rules"] if r[0] == "spacing.split-fused-words")
    assert entry[3:5] == ["spacing.toml", line]


def test_layout_changes_are_told_apart(rules):
    assert is_layout("\n", "\n\n") and is_layout("", "\n") and is_layout(" \n", "\n")
    assert not is_layout(" ", "") and not is_layout(" -", " –") and not is_layout("\n", " x")
    html = build_report(list(read_records(CORPUS)), rules)
    layout = {r[0] for r in index(html)["rules"] if r[5]}
    assert "structure.block-separator" in layout and "spacing.dash" not in layout
    assert '<tr data-rule="structure.block-separator" data-stage="structure" class="layout">' in html


def test_no_stage_chart_bar_is_missing_and_the_histogram_has_axes(rules):
    records = list(read_records(CORPUS))
    html = build_report(records, rules)
    chart = html.split('aria-label="changes per stage"', 1)[1].split("</svg>", 1)[0]
    shown = dict(re.findall(r'<g class="st-([a-z]+)">.*?<title>[a-z]+: (\d+)</title>', chart))
    expected: dict[str, int] = {}
    for rec in records:
        for item in rec["changes"] + rec["flags"]:
            expected[item["stage"]] = expected.get(item["stage"], 0) + 1
    assert {k: int(v) for k, v in shown.items()} == expected
    svg = histogram([0.05, 0.15, 0.15, 0.95, 1.0])
    bars = re.findall(r'data-lo="([\d.]+)" data-hi="([\d.]+)".*?<title>quality [\d.–]+: (\d+) ', svg)
    assert len(bars) == 10 and [int(n) for *_, n in bars] == [1, 2, 0, 0, 0, 0, 0, 0, 0, 2]
    assert 'class="axis"' in svg and ">0.0</text>" in svg and ">1.0</text>" in svg
    assert ">documents</text>" in svg and ">2</text>" in svg     # y axis: counts up to 2


def test_thousand_documents_make_one_page_with_inert_bodies(rules):
    html = build_report(seed_records(rules, 1000), rules)
    idx = index(html)
    assert len(idx["docs"]) == 1000 and len(islands(html)) == 1000
    assert "<del>" not in html and "<tr class=\"docrow\"" not in html   # drawn by the page


def test_documents_beyond_the_detail_limit_are_listed_without_text(rules, monkeypatch):
    monkeypatch.setattr(report_module, "DETAIL_LIMIT", 3)
    html = build_report(seed_records(rules, 7), rules)
    assert len(index(html)["docs"]) == 7 and sorted(islands(html)) == [0, 1, 2]
    assert [d[8] for d in index(html)["docs"]] == [1, 1, 1, 0, 0, 0, 0]


def test_a_document_with_too_many_changes_is_counted_not_placed(rules, monkeypatch):
    """Beyond PLACE_LIMIT a document's changes are counted and never held
    (a million one-word lines): the page shows its clean text."""
    monkeypatch.setattr(report_module, "PLACE_LIMIT", 10)
    rec = seed_records(rules, 1)[0]
    assert len(rec["changes"]) > 10
    html = build_report([rec], rules)
    d = islands(html)[0]
    assert d["placed"] == 0 and d["o"] == rec["text"] and d["c"] == [] and "too many" in d["why"]
    assert index(html)["docs"][0][4] == len(rec["changes"])


@pytest.mark.parametrize("small, chunk", [(4 << 20, 1 << 20), (64, 7), (1, 1)])
def test_records_read_value_by_value_equal_whole_lines(monkeypatch, small, chunk):
    """The streaming reader (long records, chunk edges inside strings,
    numbers and multi-byte characters) reads what json.loads reads."""
    monkeypatch.setattr(records_module, "SMALL", small)
    monkeypatch.setattr(records_module, "CHUNK", chunk)
    recs = [{"id": f"ü{i}", "text": "Grüße – „x“ " * i, "quality": 0.125 * i, "ok": i % 2 == 0,
             "changes": [{"n": 10 ** j, "s": "€" * j} for j in range(i)], "blocks": [{"k": i}],
             "meta": {"removed": ["a"] * i, "none": None}} for i in range(12)]
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs).encode("utf-8")
    keep = lambda key, x: None if key == "blocks" else x   # noqa: E731
    got = [r for r, _ in RecordReader(io.BytesIO(data)).records(lambda: keep)]
    assert got == [dict(r, blocks=[]) for r in recs]
