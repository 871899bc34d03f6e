"""Typed settings: every mechanism's ``params`` are checked when the rules are
loaded.  A typo, a wrong type or a regex that does not compile is one
``path:line: rule-id: problem`` line and exit 2, before any input is read,
never an internal error on every document."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest
import regex

from pipeline.spec import SettingsError, build_settings

from .test_cli import PROBLEM, ROOT, err, klartext


def _edit(rules, file: str, old: str, new: str) -> int:
    """Replace ``old`` by ``new`` in one rule file; the 1-based line it is on."""
    path = rules / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _id_line(rules, file: str, rule_id: str) -> int:
    lines = (rules / file).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.strip() == f'id = "{rule_id}"')


CASES = {
    # (file, rule, old text, new text, what the message says)
    "unknown key": ("spacing.toml", "spacing.split-fused-words", "min_certain = 1",
                    "min_certian = 1", "unknown key 'min_certian'"),
    "wrong type": ("spacing.toml", "spacing.split-fused-words", "min_certain = 1",
                   'min_certain = "viele"', "params.min_certain: expected an integer, got 'viele'"),
    "bad regex in params": ("names.toml", "names.slavic-transliteration", "signal = '(?:zh",
                            "signal = '((?:zh", "params.signal: regular expression does not compile"),
    "list of the wrong thing": ("structure.toml", "structure.block-kinds",
                                'sentence_end = [".", ":"', 'sentence_end = [1, ":"',
                                "params.sentence_end[0]: expected a string, got 1"),
    "missing setting": ("flags.toml", "flags.untranslated-english",
                        "min_english_zipf = 3.0\nmin_gap = 1.0",
                        "min_gap = 1.0", "missing key 'min_english_zipf'"),
    "pattern of the wrong TOML type": ("typography.toml", "typography.percent-adjective",
                                       "pattern = '(?<=\\d)[ -]?%[ -]?(?=ig(?:e|en|er|em|es)?\\b)'",
                                       "pattern = 5", "pattern must be a string, not 5"),
    "params on a pattern rule": ("spacing.toml", "spacing.one-space", 'replace = " "\nexamples',
                                 'replace = " "\nparams = { x = 1 }\nexamples',
                                 "params belong to a mechanism"),
    "a quality cost counting an unknown detector": (
        "quality.toml", "quality.score", 'signal = "loops"', 'signal = "lops"',
        "params.costs.loops: unknown signal 'lops'"),
    "a quality cost counting two things": (
        "quality.toml", "quality.score", 'signal = "english-lines"',
        'signal = "english-lines"\nflags = ["flags.untranslated-english"]',
        "params.costs.english-lines: give exactly one of repairs, flags, signal"),
    "pattern without the group a mechanism reads": (
        "structure.toml", "structure.date-line", "(?P<value>\\d{4}-\\d{2}-\\d{2})",
        "(\\d{4}-\\d{2}-\\d{2})", "needs a pattern with a group (?P<value>…)"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_settings_exit_2_naming_file_line_and_rule(tmp_path, case):
    file, rule_id, old, new, message = CASES[case]
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    _edit(rules, file, old, new)
    for command in (("clean", "-"), ("rules", "check")):
        proc = klartext("--rules", rules, *command, stdin="Ein Text.")
        assert proc.returncode == 2, err(proc)
        assert proc.stdout == b""
        lines = err(proc).splitlines()
        assert len(lines) == 1, lines
        m = PROBLEM.match(lines[0])
        assert m, lines[0]
        assert (m["path"], m["id"]) == (str(rules / file), rule_id)
        assert int(m["line"]) == _id_line(rules, file, rule_id)
        assert message in m["problem"], m["problem"]


def test_bad_detector_table_exits_2(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    _edit(rules, "language.toml", "seed = 0", "seed = 0\nseeed = 1")
    proc = klartext("--rules", rules, "clean", "-", stdin="Ein Text.")
    assert proc.returncode == 2
    assert err(proc).startswith(f"{rules / 'language.toml'}:")
    assert "detector: unknown key 'seeed'" in err(proc)


def test_a_folder_without_rules_is_an_error(tmp_path):
    proc = klartext("--rules", tmp_path, "rules", "check")
    assert proc.returncode == 2
    assert "no rule files" in err(proc)


@dataclass(frozen=True)
class Sample:
    n: int
    share: float = 0.5
    words: frozenset[str] = frozenset()
    pairs: tuple[tuple[str, str], ...] = ()
    weights: dict[str, float] | None = None
    pattern: regex.Pattern | None = None


def test_build_settings_converts_every_value_to_its_type():
    s = build_settings(Sample, {"n": 3, "share": 1, "words": ["a", "b"], "pairs": [["x", "y"]],
                                "weights": {"a": 2}, "pattern": "a+"})
    assert s.n == 3 and s.share == 1.0 and isinstance(s.share, float)
    assert s.words == frozenset({"a", "b"}) and s.pairs == (("x", "y"),)
    assert s.weights == {"a": 2.0} and s.pattern.match("aa")


@pytest.mark.parametrize("params, message", [
    ({}, "missing key 'n'"),
    ({"n": True}, "expected an integer, got True"),
    ({"n": 1.5}, "expected an integer"),
    ({"n": 1, "pairs": [["x"]]}, "params.pairs[0]: expected a list of 2"),
    ({"n": 1, "weights": {"a": "b"}}, "params.weights"),
    ({"n": 1, "pattern": "(a"}, "params.pattern"),
    ({"n": 1, "extra": 2}, "unknown key 'extra'"),
])
def test_build_settings_rejects(params, message):
    with pytest.raises(SettingsError, match=regex.escape(message)):
        build_settings(Sample, params)


@dataclass(frozen=True)
class Inner:
    points: float
    label: str = ""


@dataclass(frozen=True)
class Outer:
    costs: dict[str, Inner]
    inner: Inner | None = None


def test_nested_tables_become_settings_and_are_checked_by_path():
    s = build_settings(Outer, {"costs": {"fused": {"points": 1, "label": "fused words"}},
                               "inner": {"points": 5}})
    assert s.costs["fused"] == Inner(1.0, "fused words") and s.inner == Inner(5.0)
    with pytest.raises(SettingsError, match=regex.escape("params.costs.fused: unknown key 'pionts'")):
        build_settings(Outer, {"costs": {"fused": {"pionts": 1}}})
    with pytest.raises(SettingsError, match=regex.escape("params.costs.x: expected a table, got 3")):
        build_settings(Outer, {"costs": {"x": 3}})
