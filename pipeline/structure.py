"""Document structure: metadata lifted out of the body, datelines joined,
blocks laid out one per line with a blank line between them, boilerplate and
duplicated blocks removed, and each block given a kind.

Removed material is kept twice: in the change log (for ``restore``) and in the
metadata (``removed``), so nothing a reviewer might need is lost.
"""

from __future__ import annotations

from .core import Document, Edit
from .language import tag_blocks
from .rules import Rule, RuleSet
from .stagekit import matches, run_rules, search


def lift_metadata(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """A metadata line at the very start of the text (``rule.pattern`` is
    anchored there) moves into ``doc.metadata[params.field]``."""
    found = matches(rule, doc.text)
    if not found:
        return []
    m = found[0]
    value = (m.group("value") or "").strip()
    doc.metadata[rule.params["field"]] = value
    return [Edit(m.start(), m.end(), "", rule.id, f"{rule.params['field']}={value}")]


def join_dateline(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """``Anchorage, Alaska`` / ``–`` / ``Es ist …`` becomes one line; the
    place is recorded as the dateline."""
    edits = []
    for m in matches(rule, doc.text):
        doc.metadata.setdefault("dateline", m.group("place").strip())
        edits.append(Edit(m.start(), m.end(), m.group("place").rstrip() + " – ", rule.id))
    return edits


def _removals(doc: Document, spans: list[tuple[int, int]], drop: list[int],
              rule_id: str, detail: str | None = None) -> list[Edit]:
    """Edits that remove the blocks ``drop`` with their separators; a run of
    neighbouring blocks goes as one span, so the edits never overlap."""
    edits, i, gone = [], 0, set(drop)
    while i < len(spans):
        if i not in gone:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and j + 1 in gone:
            j += 1
        if j + 1 < len(spans):
            span = (spans[i][0], spans[j + 1][0])
        elif i > 0:
            span = (spans[i - 1][1], spans[j][1])
        else:
            span = (spans[i][0], len(doc.text))
        edits.append(Edit(*span, "", rule_id, detail))
        i = j + 1
    return edits


def remove_boilerplate(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """Blocks that ``rule.pattern`` matches from start to end are removed."""
    spans = doc.block_spans()
    drop = []
    for i, (start, end) in enumerate(spans):
        if any(m.span() == (start, end) for m in matches(rule, doc.text, start, end)):
            doc.metadata.setdefault("removed", []).append(doc.text[start:end])
            drop.append(i)
    return _removals(doc, spans, drop, rule.id)


def block_key(block: str, marks: dict[int, str]) -> str:
    """What two copies of one block share even when the later stages would
    repair them differently: no spaces, no case, one kind of quote and of
    dash.  ``DerRegierung`` and ``Der Regierung`` are the same block, so a
    copy that only becomes identical after spacing is removed on the first
    run, not the second (idempotence)."""
    return "".join(block.split()).casefold().translate(marks)


def remove_duplicate_blocks(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """A block that repeats an earlier one word for word (up to spacing, case
    and quote style, see :func:`block_key`) goes; a repeated sentence inside
    other text is left for the flags stage."""
    min_words = int(rule.params.get("min_words", 1))
    marks = rules.prepared(rule.id, lambda: str.maketrans(
        {c: mark for mark, chars in rule.params.get("same_marks", {}).items() for c in chars}))
    spans = doc.block_spans()
    seen: set[str] = set()
    drop = []
    for i, (start, end) in enumerate(spans):
        block = doc.text[start:end]
        key = block_key(block, marks)
        if key in seen and len(block.split()) >= min_words:
            doc.metadata.setdefault("removed", []).append(block)
            drop.append(i)
        seen.add(key)
    return _removals(doc, spans, drop, rule.id, "duplicate block")


def classify_blocks(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    """Title, heading, caption or paragraph, from shape alone: short lines
    without a sentence-final stop are headings (the first one the title)."""
    p = rule.params
    title_max, heading_max = int(p.get("title_max_words", 20)), int(p.get("heading_max_words", 14))
    stops = tuple(p["sentence_end"])
    spans = doc.block_spans()
    kinds = []
    for i, (start, end) in enumerate(spans):
        block = doc.text[start:end]
        n = len(block.split())
        caption = rule.pattern is not None and search(rule, block)
        if caption:
            kinds.append("caption")
        elif i == 0 and n <= title_max and not block.endswith(stops) and len(spans) > 1:
            kinds.append("title")
        elif n <= heading_max and not block.endswith(stops) and i + 1 < len(spans):
            kinds.append("heading")
        else:
            kinds.append("paragraph")
    doc.block_kinds = kinds
    if kinds and kinds[0] == "title":
        doc.metadata["title"] = doc.text[slice(*spans[0])]
    return []


MECHANISMS = {"lift_metadata": lift_metadata, "join_dateline": join_dateline,
              "remove_boilerplate": remove_boilerplate,
              "remove_duplicate_blocks": remove_duplicate_blocks,
              "classify_blocks": classify_blocks}


def run(doc: Document, rules: RuleSet) -> Document:
    run_rules(doc, rules, "structure", MECHANISMS)
    tag_blocks(doc, rules)
    return doc
