"""``klartext review``: a rule change reports exactly the documents and rules
it affects, and nothing else (issue 4); a revision is cleaned by its own
code, even one from before the refactoring of issue 9, and what differs is
shown as short windows, look-alikes by code point, changes by rule (issue 13)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.core import Document
from pipeline.engine import cleaner_for
from pipeline.tools.base import Outcome
from pipeline.tools.review import Review, compare
from pipeline.tools.review_output import render_text, window_text
from pipeline.tools.worddiff import windows

from .conftest import ROOT

DOCS = {
    "hyphen.txt": "Das Treffen fand auf einer US -Militärbasis statt. Niemand kam.\n",
    "quotes.txt": 'Er sagte "Nein" und ging. Das war alles.\n',
    "plain.txt": "Die Sitzung dauerte drei Stunden.\n",
}
DASH = "Die EU - mit Ausnahme Ungarns - machte klar, dass sie bleibt.\n"
#: main~3 when issue 13 began: the last revision before the refactoring of
#: issue 9 (pipeline/stages.py, pipeline/review.py; no pipeline/tools/)
BEFORE_REFACTOR = "f771dbd"


def run(cwd: Path, *args: object, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600, env=env)


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


def em_dash(rules_dir: Path) -> None:
    """Edit spacing.dash to write an em dash, as a (bad) rule change would."""
    path = rules_dir / "spacing.toml"
    text = path.read_text("utf-8")
    head = text.index('id = "spacing.dash"')
    end = text.index("[[rule]]", head)
    path.write_text(text[:head] + text[head:end].replace('replace = " –"', 'replace = " —"')
                    .replace("keep = [", "keep = [\"Die EU — mit\", ").replace("–", "—")
                    + text[end:], "utf-8")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    """A repository of rules only: its revisions are cleaned by the working code."""
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
    (line,) = proc.stdout.strip().splitlines()
    assert line.startswith("review against HEAD (") and "rules only" in line
    assert line.endswith(": 0 of 3 document(s) differ; changes −0 +0, flags −0 +0; "
                         "0 rule(s) edited, 0 added, 0 removed")


def test_one_dropped_rule_reports_exactly_its_document_and_rule(repo, tmp_path):
    drop_rule(repo / "rules", "spacing.compound-hyphen")
    page = tmp_path / "review.html"
    proc = run(repo, "--rules", repo / "rules", "review", "corpus", "--html", page)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "\x1b[" not in proc.stdout                      # piped: plain text
    heads = [ln for ln in lines if ln.startswith("== ")]
    assert heads[0] == f"== {Path('corpus') / 'hyphen.txt'}  (changes −1 +0, flags −0 +0)"
    assert heads[1:] == ["== changes by rule (− only before, + only after)",
                         "== hits per rule (before → after; outputs gone/added)"]
    # the changed word with its context, the inserted space marked and visible
    assert "  clean line 1: …Treffen fand auf einer US{+␣+}-Militärbasis statt. Niemand…" in lines
    gone = [ln for ln in lines if '"␣-" → "-" ×1' in ln]
    assert gone[0] == f'  − spacing.compound-hyphen "␣-" → "-" ×1  {Path("corpus/hyphen.txt")}:1:30'
    assert gone[1] == '    − "␣-" → "-" ×1'                  # the corpus-wide group
    assert lines[lines.index(gone[1]) - 1] == "  spacing.compound-hyphen"   # a rule gone: no file
    moved = [ln.split() for ln in lines if ln.startswith("  spacing.") and "outputs" in ln]
    assert moved == [["spacing.compound-hyphen", "1", "→", "0", "-1", "outputs", "−1", "+0",
                      "(rule", "removed)"]]
    assert lines[-1].endswith("1 of 3 document(s) differ; changes −1 +0, flags −0 +0; "
                              "0 rule(s) edited, 0 added, 1 removed")
    html = page.read_text("utf-8")
    assert "hyphen.txt" in html and "quotes.txt" not in html and "plain.txt" not in html
    assert "US<ins>␣</ins>-Militärbasis" in html
    assert '<nav id="toc">' in html and 'href="#rule-spacing.compound-hyphen"' in html
    assert '<section class="rule" id="rule-spacing.compound-hyphen">' in html
    assert html.count('<details class="docdiff"') == 1


def test_dropped_quote_rule_touches_only_the_quoted_document(repo):
    git(repo, "mv", "corpus/plain.txt", "corpus/zz-plain.txt")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    assert "0 of 3 document(s) differ" in proc.stdout   # a moved input is not a rule change
    drop_rule(repo / "rules", "typography.german-quotes")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    heads = [ln for ln in proc.stdout.splitlines() if ln.startswith("== ")]
    assert "quotes.txt" in heads[0] and len(heads) == 3
    assert "hyphen.txt" not in proc.stdout


def test_edited_rule_tells_its_definition_from_its_outputs(repo):
    """spacing.dash 159 → 159 hid that every one of its outputs changed: the
    table now says both, the hits and the outputs gone and added."""
    em_dash(repo / "rules")
    (repo / "corpus" / "dash.txt").write_text(DASH, "utf-8")
    git(repo, "add", "corpus/dash.txt")
    git(repo, "commit", "-q", "-m", "corpus", "--", "corpus/dash.txt")
    proc = run(repo, "--rules", repo / "rules", "review", "corpus")
    assert proc.returncode == 0, proc.stderr
    moved = [ln.split() for ln in proc.stdout.splitlines()
             if ln.startswith("  spacing.dash ") and "outputs" in ln]
    assert moved == [["spacing.dash", "2", "→", "2", "+0", "outputs", "−2", "+2", "(rule", "edited)"]]
    lines = proc.stdout.splitlines()
    # en dash and em dash look alike: their code points say which is which
    assert "      (– U+2013 EN DASH → — U+2014 EM DASH)" in lines
    assert '    − "␣-" → "␣–" ×2   (- U+002D HYPHEN-MINUS → – U+2013 EN DASH)' in lines
    assert '    + "␣-" → "␣—" ×2   (- U+002D HYPHEN-MINUS → — U+2014 EM DASH)' in lines


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
    assert proc.stderr == "klartext review: unknown revision 'no-such-rev'\n"


# --- a revision's own code ------------------------------------------------------------


def code_repo(tmp_path: Path, base_code: Path, base_rules: Path) -> Path:
    """A repository whose HEAD holds ``base_code`` and ``base_rules`` and
    whose working tree holds the working code and rules; a small corpus."""
    repo = tmp_path / "repo"
    shutil.copytree(base_code, repo / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(base_rules, repo / "rules")
    (repo / "corpus").mkdir()
    for name, text in {**DOCS, "dash.txt": DASH}.items():
        (repo / "corpus" / name).write_text(text, "utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "base")
    shutil.rmtree(repo / "pipeline")
    shutil.rmtree(repo / "rules")
    shutil.copytree(ROOT / "pipeline", repo / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "rules", repo / "rules")
    return repo


def review_in(repo: Path, *args: object) -> subprocess.CompletedProcess:
    """``klartext review`` as the working code of ``repo`` runs it."""
    env = dict(os.environ, PYTHONPATH=str(repo))
    return run(repo, "--rules", repo / "rules", "review", *args, "corpus", env=env)


def test_base_from_before_the_refactoring_runs_its_own_code(tmp_path):
    """f771dbd has pipeline/stages.py and rules the working code cannot
    load (and the other way round); the review runs its own code."""
    found = subprocess.run(["git", "cat-file", "-e", f"{BEFORE_REFACTOR}^{{commit}}"], cwd=ROOT,
                           capture_output=True)
    if found.returncode:
        pytest.skip(f"revision {BEFORE_REFACTOR} is not in this clone (shallow?)")
    old = tmp_path / "old"
    old.mkdir()
    tar = subprocess.run(["git", "archive", BEFORE_REFACTOR, "pipeline", "rules"], cwd=ROOT,
                         capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(old)], input=tar, check=True)
    assert (old / "pipeline" / "stages.py").is_file() and not (old / "pipeline" / "tools").exists()
    repo = code_repo(tmp_path, old / "pipeline", old / "rules")
    em_dash(repo / "rules")
    proc = review_in(repo)
    assert proc.returncode == 0, proc.stderr
    assert "failed" not in proc.stdout and "internal error" not in proc.stdout + proc.stderr
    summary = proc.stdout.splitlines()[-1]
    assert summary.startswith("review against HEAD (") and "its own code" in summary
    assert "of 4 document(s) differ" in summary
    assert f"== {Path('corpus/dash.txt')}  (changes −2 +2, flags −0 +0)" in proc.stdout
    assert "[-–-]{+—+}" in proc.stdout


def test_an_internal_error_in_the_base_exits_non_zero(tmp_path):
    """The base's code fails on every German document: each is named, and
    the review exits 1 (it printed 0 of 0 and exit 0 before)."""
    buggy = tmp_path / "buggy"
    shutil.copytree(ROOT / "pipeline", buggy, ignore=shutil.ignore_patterns("__pycache__"))
    typo = buggy / "stages" / "typography.py"
    typo.write_text(typo.read_text("utf-8").replace(
        "def german_quotes(", "def german_quotes(*_a, **_k):\n    raise TypeError('a bug')\n\n\n"
        "def _unused_german_quotes(", 1), "utf-8")
    repo = code_repo(tmp_path, buggy, ROOT / "rules")
    proc = review_in(repo)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    failed = [ln for ln in proc.stdout.splitlines() if "base: internal error: TypeError: a bug" in ln]
    assert len(failed) == 4 and "4 input(s) failed" in proc.stdout.splitlines()[-1]


def test_a_base_that_cannot_run_is_exit_2(tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(ROOT / "pipeline", broken, ignore=shutil.ignore_patterns("__pycache__"))
    (broken / "cli.py").write_text("def main(:\n", "utf-8")
    repo = code_repo(tmp_path, broken, ROOT / "rules")
    proc = review_in(repo)
    assert proc.returncode == 2
    assert proc.stderr.startswith("klartext review: base HEAD (") and "SyntaxError" in proc.stderr
    assert "Traceback" not in proc.stderr.splitlines()[0]


# --- how a difference is shown --------------------------------------------------------


def test_compare_is_none_for_identical_runs(rules):
    a = cleaner_for(rules).run(Document("a", DOCS["hyphen.txt"]))
    b = cleaner_for(rules).run(Document("a", DOCS["hyphen.txt"]))
    assert compare(Outcome(a.text, a.changes, a.flags), Outcome(b.text, b.changes, b.flags),
                   a.original, "a") is None


def test_a_one_dash_change_in_a_long_paragraph_is_a_short_window():
    words = " ".join(f"Wort{i}" for i in range(300))
    old = f"{words} Die EU - mit Ausnahme {words}\nZweite Zeile.\n"
    new = old.replace("EU - mit", "EU – mit")
    (w,) = windows(old, new)
    assert w.line == 1 and w.cut_left and w.cut_right
    plain = window_text(w, color=False)
    assert plain == "…Wort297 Wort298 Wort299 Die EU [---]{+–+} mit Ausnahme Wort0 Wort1 Wort2…"
    assert len(plain) < 100 < len(old)


def test_whole_lines_added_or_removed_are_windows_too():
    (w,) = windows("a b\nc d\n", "a b\n\nc d\n")      # a blank line: the lines around it show
    assert w.line == 1 and window_text(w, color=False) == "a b[-⏎-]{+⏎⏎+}c d…"
    (w,) = windows("Titel\nText hier.\n", "Text hier.\n")
    assert window_text(w, color=False).startswith("[-Titel⏎-]")


def test_colour_only_when_asked():
    result = Review(base="HEAD", documents=1)
    assert "\x1b[" not in "".join(render_text(result, color=False))
    assert "\x1b[" in "".join(render_text(result, color=True))
