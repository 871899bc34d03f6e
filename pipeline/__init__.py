"""Klartext: machine-translated German news in, clean canonical German out.

>>> from pipeline import clean, restore
>>> doc = clean("Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen.")
>>> doc.text
'Der Präsident der Ukraine Wolodymyr Selenskyj wurde nicht eingeladen.\\n'
>>> restore(doc.text, doc.changes) == doc.original
True
"""

from __future__ import annotations

from .core import Change, Document, Edit, Flag, RestoreError, apply_edits, restore
from .rules import RuleError, RuleSet, load_rules
from .stages import STAGES, clean_document

__version__ = "0.1.0"
__all__ = ["Change", "Document", "Edit", "Flag", "RestoreError", "RuleError", "RuleSet",
           "STAGES", "apply_edits", "clean", "clean_document", "load_rules", "restore"]


def clean(text: str, rules: RuleSet | None = None, *, doc_id: str = "-",
          source: str = "") -> Document:
    """Clean one text with the given rules (the project's rules by default)."""
    return clean_document(Document(doc_id, text, source), rules or load_rules())
