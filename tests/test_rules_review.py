"""``klartext rules show`` and ``rules check`` as review tools (issue 4):
every hit as a keyword-in-context line, shared territory and idle rules."""

from __future__ import annotations

import re
import subprocess
import sys

from pipeline.tools.rulecheck import overlaps, unfired

from .conftest import ROOT

KWIC = re.compile(r"^  (?P<path>\S+):(?P<line>\d+):(?P<col>\d+): .*\[(?P<before>.*) → (?P<after>.*)\]")


def klartext(*args: object, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=600)


def test_rules_show_prints_every_hit_in_context(tmp_path):
    (tmp_path / "a.txt").write_text("Erste Zeile.\nEin Gipfel auf der US -Militärbasis und "
                                    "ein 36 -Jähriger.\n", "utf-8")
    proc = klartext("rules", "show", "spacing.compound-hyphen", tmp_path)
    assert proc.returncode == 0, proc.stderr
    hits = [m.groupdict() for m in map(KWIC.match, proc.stdout.splitlines()) if m]
    assert [(h["line"], h["col"], h["before"], h["after"]) for h in hits] == [
        ("2", "22", " -", "-"), ("2", "47", " -", "-")]
    assert all(h["path"].endswith("a.txt") for h in hits)
    assert "US[ - → -]Militärbasis" in proc.stdout
    assert proc.stdout.rstrip().endswith("hits in corpus: 2")


def test_rules_check_reports_idle_rules_for_the_corpus(tmp_path):
    (tmp_path / "a.txt").write_text("Die EU - mit Ausnahme Ungarns - machte klar.\n", "utf-8")
    proc = klartext("rules", "check", tmp_path)
    assert proc.returncode == 0, proc.stderr
    idle = proc.stdout.split("never fired in", 1)[1].splitlines()[1:]
    idle = [line.strip() for line in idle if line.startswith("  ")]
    assert "spacing.dash" not in idle and "spacing.compound-hyphen" in idle


def test_unfired_counts_gazetteer_entities_for_the_gazetteer(rules):
    from collections import Counter
    assert "names.gazetteer" in unfired(rules, Counter())
    assert "names.gazetteer" not in unfired(rules, Counter({"names.kiew": 1}))


def test_rules_check_reports_shared_territory(tmp_path):
    (tmp_path / "a.txt").write_text("Ein Satz.\n", "utf-8")
    proc = klartext("rules", "check", tmp_path)
    shared = proc.stdout.split("where rules share territory:", 1)[1]
    assert "structure.disclaimer#0" in shared and "structure.final-newline" in shared


#: rules whose examples show one of them enabling the other in the same
#: stage, which settles (issue 12): an invisible character inside mojibake, a
#: control character between a letter and its mark, a header in any order
ENABLING = {"unicode.fix-mojibake": {"unicode.remove-invisible"},
            "unicode.nfc": {"unicode.remove-control"},
            "structure.byline": {"structure.date-line"}}


def test_project_rules_share_territory_only_at_the_document_end(rules):
    """Today's overlaps are removals of a last block that touch the final
    newline, and the examples of rules that enable each other; a new overlap
    elsewhere is a rule change to look at."""
    for line in overlaps(rules):
        rule_id = line.split(": ", 2)[1].split("#", 1)[0]
        others = line.rsplit(" by ", 1)[1].split(", ")
        assert set(others) <= {"structure.final-newline", "structure.block-separator"} | \
            ENABLING.get(rule_id, set()), line
