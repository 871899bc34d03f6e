"""The committed output/ is what `make` produces for seeds/: every rule change
is a reviewable `git diff output/` (Black's golden files)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from .conftest import ROOT


def test_output_matches_a_fresh_run(tmp_path):
    subprocess.run([sys.executable, "-m", "pipeline", "clean", "seeds", "--out", str(tmp_path)],
                   cwd=ROOT, check=True, capture_output=True)
    committed = ROOT / "output"
    names = sorted(p.name for p in (committed / "text").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "text").iterdir())
    for name in names:
        assert (tmp_path / "text" / name).read_text("utf-8") == \
            (committed / "text" / name).read_text("utf-8"), name
    for name in ("corpus.jsonl", "summary.json"):
        assert (tmp_path / name).read_text("utf-8") == (committed / name).read_text("utf-8"), name
    assert same_page(tmp_path / "report.html") == same_page(committed / "report.html")


def same_page(path):
    """The report, its one link that depends on where it is written (to the
    rules folder, relative to the page) set aside."""
    html = path.read_text("utf-8")
    href = re.search(r'<body data-rules-href="([^"]*)">', html)
    assert href, "the report links its rules folder"
    return html.replace(href.group(0), '<body data-rules-href="">')


def test_output_is_stable_when_cleaned_again(tmp_path):
    """Cleaning the clean texts changes nothing (idempotence on the golden files)."""
    subprocess.run([sys.executable, "-m", "pipeline", "clean", str(ROOT / "output" / "text"),
                    "--out", str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    for line in (tmp_path / "corpus.jsonl").read_text("utf-8").splitlines():
        rec = json.loads(line)
        assert rec["changes"] == [], rec["id"]
