"""Typography: German quotation marks and percent adjectives.

Quotes are paired per block, in order: the first mark opens, the next closes.
``„`` can only open and ``”`` only close, so a block whose marks cannot be
paired that way is flagged and left alone rather than guessed at.  Inside a
double quotation, single quotes become ``‚…‘``; apostrophes (``McDonald's``,
``geht's``) sit between letters and are never touched.
"""

from __future__ import annotations

import regex

from ..core import Document, Edit, Mark, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms

DOUBLE = regex.compile(r" *[\"“”„] *")
SINGLE = regex.compile(r"(?<![\p{L}\p{N}])['‘’‚](?=\p{L})|(?<=[\p{L}\p{N}.,!?…])['‘’](?![\p{L}\p{N}])")
OPEN_ONLY, CLOSE_ONLY = "„", "”"


def _roles(marks: list[regex.Match]) -> list[str] | None:
    """'open'/'close' for each mark, or None when they cannot pair up."""
    if len(marks) % 2:
        return None
    roles = ["open" if i % 2 == 0 else "close" for i in range(len(marks))]
    for m, role in zip(marks, roles):
        ch = m.group().strip()
        if (ch == OPEN_ONLY and role != "open") or (ch == CLOSE_ONLY and role != "close"):
            return None
    return roles


def _quote_edit(text: str, m: regex.Match, role: str, rule_id: str,
                block: tuple[int, int]) -> Edit:
    """The mark and the spaces around it, rewritten: a space before an
    opening quote (unless a bracket, a slash, a hyphen or the block start is
    there: ``Anti-"Terror"-Gesetz`` is one word), none after it; none before
    a closing quote, a space after it when a word follows."""
    start, end = m.span()
    before = text[start - 1] if start > block[0] else ""
    after = text[end] if end < block[1] else ""
    if role == "open":
        space = bool(before) and not before.isspace() and before not in "([/-"
        return Edit(start, end, (" " if space else "") + "„", rule_id)
    spaced = text[start:end].endswith(" ")
    space = bool(after) and (after.isalnum() or after in "„(" or
                             (spaced and after not in ",.;:!?)…"))
    return Edit(start, end, "“" + (" " if space else ""), rule_id)


def german_quotes(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Every double quote becomes „ or “ at the right place; a block whose
    quotes do not pair is flagged instead."""
    text = doc.text
    out = Proposal()
    for block in doc.block_spans():
        quotes = list(DOUBLE.finditer(text, *block))
        if not quotes:
            continue
        roles = _roles(quotes)
        if roles is None:
            if any(m.group().strip() != "„" and m.group().strip() != "“" for m in quotes):
                out.marks.append(Mark(quotes[0].start(), quotes[-1].end(),
                                      "quotation marks do not pair up; left as they are"))
            continue
        for m, role in zip(quotes, roles):
            edit = _quote_edit(text, m, role, rule.id, block)
            last = out.edits[-1] if out.edits else None
            if last is not None and last.end == edit.start and \
                    last.replacement.endswith(" ") and edit.replacement.startswith(" "):
                edit = Edit(edit.start, edit.end, edit.replacement[1:], rule.id)   # “"„Ja“
            out.edits.append(edit)
        for (o, c) in zip(quotes[::2], quotes[1::2]):
            out.edits.extend(_nested(text, o.end(), c.start(), rule.id))
    return out


def _nested(text: str, start: int, end: int, rule_id: str) -> list[Edit]:
    """Single quotes inside a quotation become ‚…‘, when they pair up."""
    marks = list(SINGLE.finditer(text, start, end))
    if not marks or len(marks) % 2:
        return []
    edits = []
    for i, m in enumerate(marks):
        edits.append(Edit(m.start(), m.end(), "‚" if i % 2 == 0 else "‘", rule_id))
    return edits


MECHANISMS = mechanisms(Mechanism(german_quotes))
