"""Klartext: machine-translated German news in, clean canonical German out.

>>> from pipeline import clean, restore
>>> doc = clean("Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen.")
>>> doc.text
'Der Präsident der Ukraine Wolodymyr Selenskyj wurde nicht eingeladen.\\n'
>>> restore(doc.text, doc.changes) == doc.original
True
"""

from __future__ import annotations

from functools import lru_cache

from .core import Block, Change, Document, Edit, Flag, Proposal, RestoreError, apply_edits, restore
from .engine import Cleaner, cleaner_for
from .rules import RuleError, RuleSet, load_rules
from .stages import STAGES

__version__ = "0.1.0"
__all__ = ["Block", "Change", "Cleaner", "Document", "Edit", "Flag", "Proposal", "RestoreError",
           "RuleError", "RuleSet", "STAGES", "apply_edits", "clean", "load_rules", "restore"]


def clean(text: str, rules: RuleSet | None = None, *, profile: str | None = None,
          doc_id: str = "-", source: str = "") -> Document:
    """Clean one text with the given rules (the project's rules by default,
    with the names ``profile`` given or the rules' default one); ``source``
    is the English original, where there is one."""
    return cleaner_for(rules or _project_rules(profile)).run(
        Document(doc_id, text, "-", source=source))


@lru_cache(maxsize=4)
def _project_rules(profile: str | None) -> RuleSet:
    return load_rules(profile=profile)
