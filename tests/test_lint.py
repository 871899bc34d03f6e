"""``klartext check`` as a linter that can gate CI (issue 13): every exit
code, every format, stdin, select/ignore, severities and the project
configuration file, run as a user runs it (a subprocess)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .test_cli import ROOT, SEEDS, err, out

LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) "
                  r"(?P<rule>[a-z0-9.-]+): (?P<msg>.+)$")
GITHUB = re.compile(r"^::(?P<sev>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                    r"col=(?P<col>\d+),endLine=\d+,endColumn=\d+,title=klartext (?P<rule>[a-z0-9.-]+)"
                    r"::(?P<msg>.+)$")
TEXT = 'Er sagte, der Präsident der UkraineVolodymyr Zelenskyywurde in Kyiv "empfangen".\n'
FLAGGED = "Er kam als der Weißes Haus beschrieb.\n"
CLEAN_FLAGGED = ROOT / "output" / "text" / "000_7ae37cc3878cbd34.txt"   # clean, with flags


def check(*args: object, stdin: str = "", cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "check", *map(str, args)], cwd=cwd,
                          input=stdin.encode("utf-8"), capture_output=True, timeout=600)


def findings(proc: subprocess.CompletedProcess) -> list[re.Match]:
    lines = out(proc).splitlines()
    matched = [LINE.match(line) for line in lines]
    assert all(matched), [line for line, m in zip(lines, matched) if not m]
    return matched  # type: ignore[return-value]


# --- text, the default format -----------------------------------------------------------


def test_every_finding_is_file_line_col_severity_rule_message():
    proc = check("seeds")
    assert proc.returncode == 1, err(proc)
    found = findings(proc)
    assert {Path(m["path"]).name for m in found} == {p.name for p in SEEDS}
    for m in found:   # the column points at the word the change is in (for a name
        # split out of a fused word, that word: erwartetenKyivund for Kyiv → Kiew)
        text = Path(m["path"]).read_text("utf-8").split("\n")[int(m["line"]) - 1]
        if m["rule"].startswith("names.") and m["sev"] == "error":
            before = re.match(r'"(.*?)" → ', m["msg"])[1]
            word = text[int(m["col"]) - 1:].split(" ")[0]
            assert before.split(" ")[0] in word, (m.group(0), text)
    assert err(proc).splitlines()[-1].startswith("klartext check: 5 file(s), ")


def test_a_change_is_an_error_with_its_text_a_flag_a_warning_with_its_words(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT + FLAGGED, "utf-8")
    every = findings(check(target))
    found = {(m["sev"], m["rule"]): m for m in every}
    kiew = found["error", "names.kiew"]
    assert (kiew["line"], kiew["col"], kiew["msg"]) == ("1", str(TEXT.index("Kyiv") + 1),
                                                        '"Kyiv" → "Kiew"')
    quotes = [m["msg"] for m in every if m["rule"] == "typography.german-quotes"]
    assert quotes[0].endswith('(" U+0022 QUOTATION MARK → „ U+201E DOUBLE LOW-9 QUOTATION MARK)')
    flag = found["warning", "flags.article-agreement"]
    assert flag["line"] == "2" and "der Weißes" in flag["msg"]   # the words the flag is about


def test_clean_text_passes_unless_warnings_fail_too():
    """Cleaned output still carries flags cleaning cannot fix: they are
    warnings, and fail the check only with --fail-on warning."""
    proc = check(CLEAN_FLAGGED)
    assert proc.returncode == 0, out(proc) + err(proc)
    assert {m["sev"] for m in findings(proc)} == {"warning"}
    assert check(CLEAN_FLAGGED, "--fail-on", "warning").returncode == 1
    assert check(CLEAN_FLAGGED, "--fail-on", "error").returncode == 0


# --- json and github ----------------------------------------------------------------------


def test_json_is_one_array_of_findings(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text(TEXT + FLAGGED, "utf-8")
    proc = check(target, "--format", "json")
    assert proc.returncode == 1
    data = json.loads(out(proc))
    text = findings(check(target))
    assert len(data) == len(text)
    for item, m in zip(data, text):
        assert (item["path"], str(item["line"]), str(item["column"]), item["severity"], item["rule"],
                item["message"]) == (m["path"], m["line"], m["col"], m["sev"], m["rule"], m["msg"])
        assert item["kind"] == ("change" if item["severity"] == "error" else "flag")
        assert re.match(r"^rules/[a-z]+\.toml:\d+$", item["defined_at"]), item
    kiew = next(i for i in data if i["rule"] == "names.kiew")
    assert (kiew["text"], kiew["before"], kiew["after"]) == ("Kyiv", "Kyiv", "Kiew")
    assert kiew["end_column"] - kiew["column"] == 4
    empty = check(CLEAN_FLAGGED, "--format", "json", "--select", "spacing")
    assert empty.returncode == 0 and json.loads(out(empty)) == []


def test_github_annotations_escape_their_properties():
    proc = check("-", "--format", "github", "--stdin-filename", "dir,1/a:b.txt", stdin=TEXT + FLAGGED)
    assert proc.returncode == 1
    lines = out(proc).splitlines()
    found = [GITHUB.match(line) for line in lines]
    assert all(found), lines
    assert {m["file"] for m in found} == {"dir%2C1/a%3Ab.txt"}
    assert {m["sev"] for m in found} == {"error", "warning"}
    kiew = next(m for m in found if m["rule"] == "names.kiew")
    assert (kiew["line"], kiew["col"]) == ("1", str(TEXT.index("Kyiv") + 1))
    separator = next(m for m in found if m["rule"] == "structure.final-newline" or
                     m["rule"] == "structure.block-separator")
    assert "%0A" not in separator["msg"] and "\\n" in separator["msg"]    # one line each


# --- stdin ---------------------------------------------------------------------------------


def test_stdin_with_dash_and_a_filename():
    plain = check("-", stdin=TEXT)
    assert plain.returncode == 1 and {m["path"] for m in findings(plain)} == {"-"}
    named = check("--stdin-filename", "texte/brief.txt", stdin=TEXT)   # implies -
    assert named.returncode == 1 and {m["path"] for m in findings(named)} == {"texte/brief.txt"}
    assert check("-", stdin="Ein sauberer Satz.\n").returncode == 0


# --- select and ignore ----------------------------------------------------------------------


@pytest.mark.parametrize("args, allowed", [
    (["--select", "names"], lambda r: r.startswith("names.")),
    (["--select", "spacing.split"], lambda r: r == "spacing.split-fused-words"),
    (["--select", "names.kiew,typography"], lambda r: r == "names.kiew" or r.startswith("typography.")),
    (["--ignore", "structure", "--ignore", "names"], lambda r: r.split(".")[0] not in ("structure", "names")),
    (["--select", "names.gazetteer"], lambda r: r.startswith("names.")),   # its entities' rewrites
], ids=["stage", "prefix", "comma", "ignore", "owner"])
def test_select_and_ignore_by_id_or_prefix(args, allowed):
    everything = findings(check("-", stdin=TEXT))
    chosen = findings(check("-", *args, stdin=TEXT))
    assert chosen and [m.group(0) for m in chosen] == [m.group(0) for m in everything if allowed(m["rule"])]


def test_ignoring_every_finding_passes_and_an_unknown_rule_is_a_usage_error():
    assert check("-", "--ignore", "names,spacing,typography,structure", stdin=TEXT).returncode == 0
    proc = check("-", "--select", "spacing.dahs", stdin=TEXT)
    assert proc.returncode == 2 and out(proc) == ""
    assert "no rule or prefix 'spacing.dahs'; did you mean 'spacing.dash'?" in err(proc)


# --- exit 2: usage, input, rules -------------------------------------------------------------


def test_a_missing_input_is_exit_2_not_a_finding(tmp_path):
    proc = check(tmp_path / "nonexistent.txt")
    assert proc.returncode == 2 and out(proc) == ""
    assert err(proc).splitlines()[0] == f"{tmp_path / 'nonexistent.txt'}: no such file or directory"
    both = check(SEEDS[0], tmp_path / "nonexistent.txt")     # findings elsewhere: still 2
    assert both.returncode == 2 and findings(both)
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01binary\x00")
    assert check(binary).returncode == 2


@pytest.mark.parametrize("args", [[], ["--format", "xml", "-"], ["--fail-on", "info", "-"],
                                  ["--bogus", "-"]], ids=["no-path", "format", "fail-on", "option"])
def test_usage_errors_are_exit_2_with_the_check_usage(args):
    proc = check(*args, stdin=TEXT)
    assert proc.returncode == 2 and out(proc) == ""
    assert err(proc).startswith("usage: klartext check")


def test_a_broken_rule_is_exit_2(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with open(rules / "spacing.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[rule]]\nid = "spacing.broken"\ndescription = "x"\npattern = "(a"\nreplace = "b"\n')
    proc = check("--rules", rules, "-", stdin=TEXT)
    assert proc.returncode == 2 and "spacing.broken: pattern does not compile" in err(proc)


# --- the project configuration ---------------------------------------------------------------


def project(tmp_path: Path, name: str, body: str) -> Path:
    """A project with a configuration file and a text two folders down."""
    (tmp_path / name).write_text(body, "utf-8")
    texts = tmp_path / "texts" / "news"
    texts.mkdir(parents=True)
    (texts / "a.txt").write_text(TEXT + FLAGGED, "utf-8")
    return texts


def test_klartext_toml_is_found_from_a_subfolder_and_the_command_line_wins(tmp_path):
    texts = project(tmp_path, "klartext.toml", 'select = ["names", "flags"]\nfail-on = "warning"\n')
    proc = check("a.txt", cwd=texts)
    rules = {m["rule"] for m in findings(proc)}
    assert rules == {"names.kiew", "names.wolodymyr-selenskyj", "flags.article-agreement"}
    assert check("a.txt", "--select", "flags", cwd=texts).returncode == 1   # fail-on warning
    assert {m["rule"] for m in findings(check("a.txt", "--select", "flags", cwd=texts))} == \
        {"flags.article-agreement"}
    assert check("a.txt", "--select", "flags", "--fail-on", "error", cwd=texts).returncode == 0
    every = {m["rule"] for m in findings(check("--no-config", "a.txt", cwd=texts))}
    assert every > rules and "spacing.split-fused-words" in every


def test_pyproject_tool_klartext_with_profile_and_rules_folder(tmp_path):
    rules = tmp_path / "house-rules"
    shutil.copytree(ROOT / "rules", rules)
    texts = project(tmp_path, "pyproject.toml",
                    '[project]\nname = "x"\n\n[tool.klartext]\nprofile = "en"\nrules = "house-rules"\n'
                    'ignore = ["structure", "typography", "spacing"]\n')
    found = {m["rule"]: m["msg"] for m in findings(check("a.txt", cwd=texts))}
    assert found == {"names.wolodymyr-selenskyj": '"Volodymyr Zelenskyy" → "Volodymyr Zelensky"',
                     "names.weisses-haus": '"Weißes Haus" → "White House"'}   # en: Kyiv stays
    shutil.rmtree(rules)      # the folder named by the configuration, relative to it
    proc = check("a.txt", cwd=texts)
    assert proc.returncode == 2 and "house-rules: rules directory not found" in err(proc)


def test_a_pyproject_without_our_table_is_passed_over(tmp_path):
    texts = project(tmp_path, "klartext.toml", 'select = ["names"]\n')
    (tmp_path / "texts" / "pyproject.toml").write_text('[tool.black]\nline-length = 90\n', "utf-8")
    assert {m["rule"].split(".")[0] for m in findings(check("a.txt", cwd=texts))} == {"names"}


def test_a_bad_configuration_is_exit_2_at_its_line(tmp_path):
    texts = project(tmp_path, "klartext.toml", 'profile = "de-press"\nfail_on = "warning"\n')
    proc = check("a.txt", cwd=texts)
    assert proc.returncode == 2 and out(proc) == ""
    assert err(proc) == (f"{tmp_path / 'klartext.toml'}:2: unknown key 'fail_on'; did you mean "
                         "'fail-on'? (known: profile, rules, select, ignore, fail-on)\n")
    (tmp_path / "klartext.toml").write_text('profile = "enn"\n', "utf-8")
    proc = check("a.txt", cwd=texts)
    assert proc.returncode == 2 and "unknown profile 'enn'; did you mean 'en'?" in err(proc)
