"""Protected spans: ``[protect.NAME]`` tables define text (emoticons, shortcodes,
URLs) that keeps its own spacing; a pattern rule that names one in ``protect``
drops every match overlapping or bordering on such a span.  Checked at load
like every other key: an unknown name or a pattern that does not compile is a
``path:line: rule-id: problem`` error."""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

from pipeline.patterns import matches
from pipeline.rules import RuleError, load_rules
from pipeline.spec import Rule

HEADER = '[profiles]\navailable = ["de-press"]\ndefault = "de-press"\n'
SMILE = "[protect.smile]\ndescription = \"a smile\"\npattern = ':\\)'\n"
RULE = ('[[rule]]\nid = "spacing.no-space"\ndescription = "x"\npattern = \' (?=[:)])\'\n'
        'replace = ""\n')


def write_rules(tmp_path: Path, *files: str) -> Path:
    for i, text in enumerate(files):
        (tmp_path / f"{i}_rules.toml").write_text(HEADER * (i == 0) + text, encoding="utf-8")
    return tmp_path


def rule_with(pattern: str, *protect: str) -> Rule:
    return Rule("spacing.x", "x", Path("x.toml"), 1, regex.compile(pattern),
                protect=tuple(regex.compile(p) for p in protect))


def test_a_rule_gets_the_patterns_it_names_even_from_another_file(tmp_path):
    rules = load_rules(write_rules(tmp_path, RULE + 'protect = ["smile"]\n', SMILE))
    (pattern,) = rules.get("spacing.no-space").protect
    assert pattern.search("ok :)").group() == ":)"


@pytest.mark.parametrize(("files", "message"), [
    ((RULE + 'protect = ["smiel"]\n', SMILE), "spacing.no-space: unknown protected span 'smiel'"),
    ((RULE + 'protect = ["smile"]\n' + SMILE.replace("':\\)'", "':)'"),),
     "protect.smile: pattern does not compile"),
    ((RULE + 'protect = "smile"\n' + SMILE,), "protect must be a list"),
    ((RULE + SMILE + "colour = 'red'\n",), "protect.smile: unknown key 'colour'"),
    ((SMILE, SMILE), "protect.smile: defined twice"),
])
def test_bad_protection_is_a_rules_error_with_file_and_line(tmp_path, files, message):
    root = write_rules(tmp_path, *files)
    with pytest.raises(RuleError) as exc:
        load_rules(root)
    (problem,) = exc.value.problems
    assert message in problem
    path, line = problem.split(":")[:2]
    assert Path(path).parent == root
    assert regex.match(r"\[protect\.|id = ", Path(path).read_text().splitlines()[int(line) - 1])


def test_matches_that_overlap_or_touch_a_protected_span_are_dropped():
    rule = rule_with(r" (?=[:(])", r"(?<!\S):\((?!\S)")
    text = "zu spät :( Morgen, und dann :(a)"
    assert [m.start() for m in matches(rule, text)] == [27]      # the emoticon keeps its space
    inside = rule_with(r"-", r"https?://\S+")
    assert [m.start() for m in matches(inside, "a-b https://x.org/a-b c-d")] == [1, 23]


def test_without_protect_every_match_counts():
    assert len(matches(rule_with(r" (?=:)"), "a :( b :) c")) == 2
