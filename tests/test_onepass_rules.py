"""Issue 12: every user regular expression (a rule's pattern and those in
its params) runs under a time limit, and every rules error is found at load
(exit 2, one ``path:line: rule-id: problem`` line each); ``rules check``
answers 0 or 2, never the 1 of an internal error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import cli, load_rules
from pipeline.rules import RuleError
from pipeline.spec import Mechanism

from .test_cli import PROBLEM, ROOT, err, klartext
from .test_onepass_io import corpus, no_traceback

# --- rules: every user regex under a time limit, every rules error at load -----------------

RULE = '[[rule]]\nid = "{id}"\ndescription = "Test."\npattern = \'{pattern}\'\nreplace = "{replace}"\n'


@pytest.fixture
def rules_copy(tmp_path) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    return rules


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_regex_in_params_runs_under_the_time_limit(rules_copy, tmp_path):
    _edit(rules_copy / "spacing.toml", "skip_chunks = '(?i)@", "skip_chunks = '(a|aa)+$|(?i)@")
    (tmp_path / "a.txt").write_text("Ein Text.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Das " + "a" * 60 + "! Ende.", encoding="utf-8")
    proc = klartext("--rules", rules_copy, "clean", tmp_path, "--out", tmp_path / "out")
    assert proc.returncode == 1
    no_traceback(proc)
    (line,) = err(proc).splitlines()
    assert line.startswith(f"{tmp_path / 'b.txt'}: rule spacing.split-fused-words "
                           f"({rules_copy / 'spacing.toml'}:")
    assert "params.skip_chunks timed out after" in line
    assert [r["id"] for r in corpus(tmp_path / "out")] == ["a"]


@pytest.mark.parametrize("file, old, new, message", [
    ("names.toml", '["shch", "schtsch"]', '["(shch", "schtsch"]',
     "params.letters[0][0]: regular expression does not compile"),
    ("spacing.toml", 'replace = " "\nexamples = [{ input = "zwei  Leerzeichen',
     'replace = "\\\\q"\nexamples = [{ input = "zwei  Leerzeichen', "replacement does not compile"),
    ("structure.toml", "params = { min_words = 8, min_confidence = 0.9, german_words = 0.5 }",
     "params = 8", "params must be a table"),
], ids=["letters-regex", "replacement-template", "params-not-a-table"])
def test_rules_errors_are_found_at_load_and_exit_2(rules_copy, file, old, new, message):
    _edit(rules_copy / file, old, new)
    for command in (("clean", "-"), ("rules", "check")):
        proc = klartext("--rules", rules_copy, *command, stdin="Ein Text.")
        assert proc.returncode == 2, err(proc)
        no_traceback(proc)
        (line,) = err(proc).splitlines()
        assert PROBLEM.match(line) and message in line, line


def test_a_runaway_regex_in_an_example_is_a_rules_error(rules_copy):
    with open(rules_copy / "unicode.toml", "a", encoding="utf-8") as fh:
        fh.write("\n" + RULE.format(id="unicode.test-runaway", pattern="(a|aa)+$", replace="x")
                 + "examples = [{ input = \"" + "a" * 60 + "!\", output = \"x\" }]\n")
    proc = klartext("--rules", rules_copy, "rules", "check")
    assert proc.returncode == 2
    no_traceback(proc)
    (line,) = err(proc).splitlines()
    m = PROBLEM.match(line)
    assert m and m["id"] == "unicode.test-runaway" and "timed out" in m["problem"], line


def test_a_mechanism_that_fails_on_an_example_is_a_rules_error(monkeypatch, capsys):
    """``rules check`` answers 0 (every example holds) or 2 (a rule is
    broken), never the 1 of an internal error, even when a mechanism crashes."""
    from pipeline.stages import STAGES

    def boom(doc, rule, res):  # noqa: ANN001, ANN202
        raise TypeError("a bug")

    unicode_stage = next(s for s in STAGES if s.name == "unicode")
    monkeypatch.setitem(unicode_stage.mechanisms, "normalize_nfc", Mechanism(boom))
    assert cli.main(["rules", "check"]) == 2
    lines = capsys.readouterr().err.splitlines()   # (every unicode example runs nfc too)
    assert lines and all(PROBLEM.match(line) and "internal error: TypeError: a bug" in line
                         for line in lines), lines
    assert "unicode.nfc" in {PROBLEM.match(line)["id"] for line in lines}


def _small_rules(tmp_path: Path) -> Path:
    """The project's rules with only three name entities: loads in a blink."""
    small = tmp_path / "small"
    shutil.copytree(ROOT / "rules", small)
    text = (small / "names.toml").read_text(encoding="utf-8")
    head, *entities = text.split("\n[[entity]]")
    rules_at = entities[-1].index("\n[[rule]]")
    tail = entities[-1][rules_at:]
    (small / "names.toml").write_text(
        head + "".join("\n[[entity]]" + e for e in entities[:3]) + tail, encoding="utf-8")
    return small


WEIRD = [5, -1, 0.5, True, "", "(a", "\\q", [], [1], ["a"], {}, {"a": 1}, [{"input": 5}],
         [{"input": "a", "output": 5}], [{"input": "a", "output": "a", "flags": "x"}], [[1, 2]]]


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {_toml(v)}' for k, v in value.items()) + "}"
    return json.dumps(value)


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_no_rule_file_makes_the_loader_crash(tmp_path_factory, data):
    """Any value of the wrong shape anywhere is a RuleError (exit 2 with
    ``path:line``), never another exception (an internal error, exit 1)."""
    base = tmp_path_factory.getbasetemp() / "small-rules"
    if not base.exists():
        shutil.copytree(_small_rules(tmp_path_factory.mktemp("s")), base)
    work = tmp_path_factory.mktemp("fuzz")
    rules = work / "rules"
    shutil.copytree(base, rules)
    path = data.draw(st.sampled_from(sorted(rules.glob("*.toml"))))
    lines = path.read_text(encoding="utf-8").splitlines()
    value = _toml(data.draw(st.sampled_from(WEIRD)))
    settable = [i for i, line in enumerate(lines) if " = " in line and line[:1].isalpha()]
    how = data.draw(st.sampled_from(["value", "key", "table"]))
    if how == "value":
        i = data.draw(st.sampled_from(settable))
        lines[i] = f"{lines[i].split(' = ', 1)[0]} = {value}"
    elif how == "key":
        key = data.draw(st.sampled_from(["pattern", "replace", "params", "examples", "keep",
                                         "context", "mechanism", "regex_flags", "flag"]))
        lines += ["[[rule]]", f'id = "{path.stem}.fuzz"', 'description = "x"', f"{key} = {value}"]
    else:
        top = data.draw(st.sampled_from(["rule", "entity", "profiles", "detector"]))
        lines = [f"{top} = {value}"] + [ln for ln in lines if not ln.startswith(f"[{top}")
                                         and not ln.startswith(f"[[{top}")]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        load_rules(rules)
    except RuleError as exc:
        assert all(PROBLEM.match(p) or p.startswith(str(rules)) for p in exc.problems)
