"""The stages, in the order they run: the one place that says so.

Each stage is a module of mechanisms (functions that read a document and
return a :class:`~pipeline.core.Proposal`); its rules, in ``rules/*.toml``,
run in file order.  ``foreign=True``: the stage also runs on documents that
are not German, and its edits reach blocks that are not German.
``settle=True``: the stage's rules repeat until none of them edits.

One pass through the stages is the whole cleaning: a later stage never
enables an earlier one (the structure rules accept what spacing would still
repair, see ``rules/structure.toml``), so a clean text comes through a
second run unchanged (CANONICAL.md §1).
"""

from __future__ import annotations

from ..spec import Stage
from . import flags, glossary, language, names, quality, spacing, structure, typography, unicode

STAGES: tuple[Stage, ...] = (
    Stage.of(unicode, foreign=True, settle=True),
    Stage.of(language, foreign=True),
    Stage.of(structure),
    Stage.of(spacing),
    Stage.of(typography),
    Stage.of(names),
    Stage.of(glossary),
    Stage.of(flags),
    Stage.of(quality, foreign=True),   # a document that is not German gets None, and why
)

STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in STAGES)
