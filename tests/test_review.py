"""``klartext review``: a rule change reports exactly the documents and rules
it affects, and nothing else (issue 4)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core import Document
from pipeline.engine import cleaner_for
from pipeline.tools.review import compare, word_diff
from pipeline.tools.review_output import render_text

from .conftest import ROOT

DOCS = {
    "hyphen.txt": "Das Treffen fand auf einer US -Militärbasis statt. Niemand kam.\n",
    "quotes.txt": 'Er sagte "Nein" und ging. Das war alles.\n',
    "plain.txt": "Die Sitzung dauerte drei Stunden.\n",
}


def run(cwd: Path, *args: object) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=cwd, check=True, capture_output=True)


def drop_rule(rules_dir: Path, rule_id: str) -> None:
    """Delete one [[rule]] table from its file, as a maintainer would."""
    for path in rules_dir.glob("*.toml"):
        text = path.read_text("utf-8")
        head = f'[[rule]]\nid = "{rule_id}"'
        if head in text:
            start = text.index(head)
            nxt = text.find("[[rule]]", start + 1)
            path.write_text(text[:start] + (text[nxt:] if nxt >= 0 else ""), "utf-8")
            return
    raise AssertionError(f"{rule_id} not found")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    (tmp_path / "corpus").mkdir()
    for name, text in DOCS.items():
        (tmp_path / "corpus" / name).write_text(text, "utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "rules")
    return tmp_path


def test_unchanged_rules_report_no_difference(repo):
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines() == [
        "review: 0 of 3 document(s) differ; changes −0 +0, flags −0 +0; "
        "0 rule(s) edited, 0 added, 0 removed"]


def test_one_dropped_rule_reports_exactly_its_document_and_rule(repo, tmp_path):
    drop_rule(repo / "rules", "spacing.compound-hyphen")
    page = tmp_path / "review.html"
    proc = run(repo, "--rules", repo / "rules", "review", "corpus", "--html", page)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "\x1b[" not in proc.stdout                      # piped: plain text
    assert [ln for ln in lines if ln.startswith("== ")] == [
        f"== {Path('corpus') / 'hyphen.txt'}", "== hits per rule (before → after)"]
    assert "-Das Treffen fand auf einer US-Militärbasis statt. Niemand kam." in lines
    assert "+Das Treffen fand auf einer US -Militärbasis statt. Niemand kam." in lines
    gone = [ln for ln in lines if "change spacing.compound-hyphen" in ln]
    assert len(gone) == 1 and gone[0].lstrip().startswith("−") and "hyphen.txt:1:30" in gone[0]
    moved = [ln.split() for ln in lines if ln.startswith("  spacing.")]
    assert moved == [["spacing.compound-hyphen", "1", "→", "0", "-1", "(rule", "removed)"]]
    assert lines[-1] == ("review: 1 of 3 document(s) differ; changes −1 +0, flags −0 +0; "
                         "0 rule(s) edited, 0 added, 1 removed")
    html = page.read_text("utf-8")
    assert "hyphen.txt" in html and "spacing.compound-hyphen" in html
    assert "quotes.txt" not in html and "plain.txt" not in html
    assert "US<ins> </ins>-Militärbasis" in html


def test_dropped_quote_rule_touches_only_the_quoted_document(repo):
    git(repo, "mv", "corpus/plain.txt", "corpus/zz-plain.txt")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    assert "0 of 3 document(s) differ" in proc.stdout   # a moved input is not a rule change
    drop_rule(repo / "rules", "typography.german-quotes")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    heads = [ln for ln in proc.stdout.splitlines() if ln.startswith("== ")]
    assert heads[0].endswith("quotes.txt") and len(heads) == 2
    assert "hyphen.txt" not in proc.stdout


def test_edited_rule_is_named_and_its_hits_move(repo):
    path = repo / "rules" / "spacing.toml"
    text = path.read_text("utf-8")
    narrowed = text.replace('  { input = "ein 36 -Jähriger", output = "ein 36-Jähriger" },\n', "")
    head = narrowed.index('id = "spacing.compound-hyphen"')
    rule_text = narrowed[head:narrowed.index("[[rule]]", head)]
    narrowed = narrowed.replace(rule_text, rule_text.replace(r"\p{L}\p{N}", r"\p{L}"))  # no digits
    assert narrowed != text
    path.write_text(narrowed, "utf-8")
    (repo / "corpus" / "age.txt").write_text("Ein 36 -Jähriger auf einer US -Militärbasis.\n", "utf-8")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    assert proc.returncode == 0, proc.stderr
    moved = [ln.split() for ln in proc.stdout.splitlines() if ln.startswith("  spacing.")]
    assert moved == [["spacing.compound-hyphen", "3", "→", "2", "-1", "(rule", "edited)"]]
    assert "1 of 4 document(s) differ" in proc.stdout and "1 rule(s) edited" in proc.stdout


def test_base_can_be_a_rules_directory_outside_git(tmp_path):
    base, work = tmp_path / "base", tmp_path / "work"
    shutil.copytree(ROOT / "rules", base)
    shutil.copytree(ROOT / "rules", work)
    drop_rule(work, "spacing.compound-hyphen")
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text(DOCS["hyphen.txt"], "utf-8")
    proc = run(tmp_path, "--rules", work, "review", "--base", base, "c")
    assert proc.returncode == 0, proc.stderr
    assert "1 of 1 document(s) differ" in proc.stdout


def test_bad_base_revision_is_one_line_and_exit_2(repo):
    proc = run(repo, "--rules", repo / "rules", "review", "--base", "no-such-rev", "corpus")
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("klartext review: git archive") and "Traceback" not in proc.stderr


def test_compare_is_none_for_identical_runs(rules):
    a = cleaner_for(rules).run(Document("a", DOCS["hyphen.txt"]))
    b = cleaner_for(rules).run(Document("a", DOCS["hyphen.txt"]))
    assert compare(a, b, "a") is None


def test_word_diff_marks_only_the_words_that_differ():
    left, right = word_diff("auf einer US -Militärbasis statt", "auf einer US-Militärbasis statt")
    assert [t for changed, t in left if changed] == [" "]
    assert "".join(t for _, t in left) == "auf einer US -Militärbasis statt"
    assert all(not changed for changed, _ in right)


def test_colour_only_when_asked(rules):
    from pipeline.tools.review import Review
    result = Review(documents=1)
    assert "\x1b[" not in "".join(render_text(result, color=False))
    assert "\x1b[" in "".join(render_text(result, color=True))
