"""``report.html`` and the change alignment behind it (issue 4): the page is
self-contained, deterministic, places every change of the seeds in the text,
and stays one file for a corpus of a thousand documents."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.core import Document
from pipeline.engine import cleaner_for
from pipeline.io.writers import changes_from_record, record
from pipeline.tools.alignment import hunks, segments
from pipeline.tools.report import build_report, read_records

from .conftest import ROOT

CORPUS = ROOT / "output" / "corpus.jsonl"


def test_every_seed_change_is_placed_in_the_text():
    for rec in read_records(CORPUS):
        original, hs = hunks(rec["text"], changes_from_record(rec))
        pieces = segments(original, rec["text"], hs)
        assert "".join(removed if h else kept for removed, kept, h in pieces) == original
        assert "".join(kept for _, kept, _ in pieces) == rec["text"]
        assert sum(len(h.changes) for h in hs) == len(rec["changes"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["Trump", "Und", "Putin", " -", "- ", "  ", "\n", "\n\n",
                                 '"', "inRunter", "vor", "Zelenskyywurde", "US", "-Basis",
                                 "25%", " ige", "Kyiv", ".", ",", " "]), max_size=25))
def test_hunks_add_up_to_both_texts(rules, parts):
    doc = cleaner_for(rules).run(Document("h", "".join(parts)))
    original, hs = hunks(doc.text, doc.changes)
    pieces = segments(original, doc.text, hs)
    assert original == doc.original
    assert "".join(removed if h else kept for removed, kept, h in pieces) == doc.original
    assert "".join(kept for _, kept, _ in pieces) == doc.text


def test_clean_writes_a_self_contained_report(tmp_path):
    subprocess.run([sys.executable, "-m", "pipeline", "clean", "seeds", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    html = (tmp_path / "report.html").read_text("utf-8")
    assert html.startswith("<!doctype html>")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)   # no network
    assert "<link" not in html and "<script src" not in html and "@import" not in html
    assert html.count("<template id=\"doc-") == 5
    assert 'data-rules="spacing.split-fused-words"' in html
    assert "<del>inRuntervor</del>" in html
    assert 'class="plain"' not in html        # no document fell back to unplaced text


def test_no_report_flag(tmp_path):
    subprocess.run([sys.executable, "-m", "pipeline", "clean", "seeds", "--out", str(tmp_path),
                    "--no-report"], cwd=ROOT, check=True, capture_output=True)
    assert not (tmp_path / "report.html").exists()


def test_stage_chart_counts_every_change_and_flag(rules):
    records = list(read_records(CORPUS))
    html = build_report(records, rules)
    chart = html.split('aria-label="changes per stage"', 1)[1].split("</svg>", 1)[0]
    shown = dict(re.findall(r'<g class="st-([a-z]+)">.*?</text>.*?>(\d+)</text></g>', chart))
    expected: dict[str, int] = {}
    for rec in records:
        for item in rec["changes"] + rec["flags"]:
            expected[item["stage"]] = expected.get(item["stage"], 0) + 1
    assert {k: int(v) for k, v in shown.items()} == expected


def test_thousand_documents_make_one_page_with_lazy_bodies(rules):
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    docs = [cleaner_for(rules).run(Document(p.stem, p.read_text("utf-8"))) for p in seeds]
    recs = [json.loads(json.dumps(record(d))) for d in docs]
    corpus = [dict(recs[i % len(recs)], id=f"doc-{i:04d}") for i in range(1000)]
    html = build_report(corpus, rules)
    assert html.count('<tr class="docrow"') == 1000
    assert html.count('<template id="doc-') == 1000     # bodies inert until opened
    body = html.split("<template", 1)[0]
    assert "<del>" not in body                          # nothing rendered up front
