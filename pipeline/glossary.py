"""Glossary: known mistranslations, fixed only in the context that proves
them (a rule's ``context`` must match somewhere in the document), and
suspicious renderings flagged for a human."""

from __future__ import annotations

from .core import Document
from .rules import RuleSet
from .stagekit import run_rules

MECHANISMS: dict = {}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "glossary", MECHANISMS)
