"""The stage order, readable in one glance, and the function that runs it."""

from __future__ import annotations

from . import flags, glossary, language, names, quality, spacing, structure, typography, unicode
from .convergence import undone
from .core import Document
from .rules import RuleSet

STAGES = (unicode, language, structure, spacing, typography, names, glossary, flags, quality)

#: stages that also run on documents that are not German
ALWAYS = (unicode, language)


def clean_document(doc: Document, rules: RuleSet) -> Document:
    for stage in STAGES:
        if doc.passthrough and stage not in ALWAYS:
            continue
        stage.run(doc, rules)
    doc.conflicts = undone(doc.changes)   # a rule bug; the text is still exact
    return doc
