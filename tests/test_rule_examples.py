"""Every example and every `keep` text of every rule and name entity, as its
own test (id = rule id), run through the rule's stage and then once more to
prove the output is stable (LanguageTool's and Black's discipline)."""

from __future__ import annotations

import pytest

from pipeline import load_rules
from pipeline.spec import Example
from pipeline.tools.rulecheck import check_case, example_cases

from .conftest import ROOT

CASES = list(example_cases(load_rules(ROOT / "rules")))


@pytest.mark.parametrize(("stage", "case", "rule"), [
    pytest.param(stage, case, rule, id=case_id,
                 marks=[pytest.mark.xfail(strict=True, reason=case.xfail)]
                 if isinstance(case, Example) and case.xfail else [])
    for case_id, stage, case, rule in CASES])
def test_rule_example(stage, case, rule, rules):
    assert check_case(stage, case, rule, rules) is None


def test_every_rule_has_examples():
    """A rule without an example is a rule nobody can review."""
    bare = [r.id for r in load_rules(ROOT / "rules").rules
            if not r.examples and not r.keep and r.stage not in ("language", "quality")
            and r.mechanism not in ("classify_blocks", "tag_block_languages", "rewrite_names")]
    assert bare == []


def test_there_are_many_cases():
    assert len(CASES) > 400
