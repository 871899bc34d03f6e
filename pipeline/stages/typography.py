"""Typography: German quotation marks and percent adjectives.

Which double quote opens and which closes is read from local evidence (see
:mod:`pipeline.stages.quotes`), never from parity, so one stray mark cannot
turn the later pairs inside out; a block whose marks disagree is flagged and
left alone.  A quote inside a quote becomes ``‚…‘``; apostrophes
(``McDonald's``, ``geht's``) sit between letters and are never touched, and
neither are inch marks (``27"-Monitor``).
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from ..core import Document, Edit, Mark, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .quotes import CLOSE, OPEN, QuoteMark, QuoteSettings, pair_marks, read_marks
from .source import aligned, source_spans

#: a single quote that opens (before a word, not after one) or closes (after
#: a word or a stop, not before a word); an apostrophe (geht's) is neither
SINGLE = regex.compile(r"(?P<open>(?<![\p{L}\p{N}])['‘’‚](?=\p{L}))"
                       r"|(?<=[\p{L}\p{N}.,!?…])['‘’](?![\p{L}\p{N}])")
NEAR_LEFT, NEAR_RIGHT = regex.compile(r"[^\s\"“”„]*[ ]?$"), regex.compile(r"[ ]?[^\s\"“”„]*")
#: after a closing quote these keep the space before them (``„Leben“ … im``)
ELLIPSIS = ("...", "…")
QUOTES = "\"“”„‚‘’'"
NO_SPACE_BEFORE_OPENING = "([{/-" + QUOTES


def _quote_edit(text: str, mark: QuoteMark, role: str, glyphs: tuple[str, str],
                block: tuple[int, int], s: QuoteSettings, opener_follows: bool,
                rule_id: str) -> Edit:
    """The mark and the spaces around it, rewritten: a space before an
    opening quote (unless a bracket, a slash, a hyphen, another quote or the
    block start is there: ``Anti-"Terror"-Gesetz`` is one word), none between
    it and its word; none between a closing quote and its word, a space after
    it when a word or an opening quote follows.  A space the mark does not
    stand between with its word stays as it is, so that the mark reads the
    same way when the text is cleaned again."""
    start, end = mark.start, mark.end
    before = text[start - 1] if start > block[0] else ""
    after = text[end] if end < block[1] else ""
    lead, trail = text[start:mark.at], text[mark.at + 1:end]
    if role == OPEN:
        space = bool(before) and not before.isspace() and before not in NO_SPACE_BEFORE_OPENING
        tight = not after or after.isalnum() or after in s.open_before or after in QUOTES
        return Edit(start, end, (" " if space else "") + glyphs[0] + ("" if tight else trail), rule_id)
    tight = not before or before.isalnum() or before in s.close_after or before in QUOTES
    space = bool(after) and (after.isalnum() or after == "(" or opener_follows or
                             (bool(trail) and (after not in ",.;:!?)…" or
                                               text.startswith(ELLIPSIS, end))))
    return Edit(start, end, ("" if tight else lead) + glyphs[1] + (" " if space else ""), rule_id)


def german_quotes(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Every double quote whose role the evidence settles becomes „ or “ at
    the right place (‚ or ‘ inside another quotation); a block whose marks
    disagree is flagged instead, and none of its marks is touched."""
    s: QuoteSettings = rule.settings
    text = doc.text
    spans = doc.block_spans()
    marks = read_marks(text, spans, s)
    if not marks:
        return Proposal()
    pairing = pair_marks(marks, s)
    depth = {i: d for o, c, d in pairing.pairs for i in (o, c)}
    out = Proposal()
    mirrored = _mirrored(doc, len(spans), s)
    for b, bad in pairing.disagree.items():
        if mirrored(b):
            continue
        first, last = marks[bad[0]], marks[bad[-1]]
        out.marks.append(Mark(first.at, last.at + 1,
                              f"quotation marks do not pair up: {_describe(text, marks, bad)}; "
                              "left as they are"))
    for i, mk in enumerate(marks):
        role = pairing.roles.get(i)
        if mk.block in pairing.disagree or role not in (OPEN, CLOSE):
            continue
        glyphs = s.single if depth.get(i, 0) % 2 else s.double
        opener_follows = i + 1 < len(marks) and marks[i + 1].start == mk.end and \
            pairing.roles.get(i + 1) == OPEN
        out.edits.append(_quote_edit(text, mk, role, glyphs, spans[mk.block], s,
                                     opener_follows, rule.id))
    for o, c, d in pairing.pairs:
        if d == 0 and not {marks[o].block, marks[c].block} & pairing.disagree.keys():
            out.edits.extend(_nested(text, marks[o].end, marks[c].start, s.single, rule.id))
    return out


def _mirrored(doc: Document, n_blocks: int, s: QuoteSettings) -> Callable[[int], bool]:
    """Whether the source's quotes disagree where the text's do (block by
    block when the two are aligned, anywhere otherwise): the translation
    then only mirrors its source, and a flag would send a person to look
    at a faithful text."""
    if not doc.source:
        return lambda b: False
    spans = source_spans(doc.source)
    found = set(pair_marks(read_marks(doc.source, spans, s), s).disagree)
    if aligned(doc, n_blocks):
        return lambda b: b in found
    return lambda b: bool(found)


def _describe(text: str, marks: list[QuoteMark], bad: list[int]) -> str:
    """The marks that do not fit, each with the word it stands against."""
    parts = []
    for i in bad[:3]:
        at = marks[i].at
        left = NEAR_LEFT.search(text, max(0, at - 30), at)
        right = NEAR_RIGHT.match(text, at + 1, at + 31)
        parts.append(repr((left.group() if left else "") + text[at] + (right.group() if right else "")))
    return ", ".join(parts) + (" …" if len(bad) > 3 else "")


def _nested(text: str, start: int, end: int, glyphs: tuple[str, str],
            rule_id: str) -> list[Edit]:
    """Single quotes inside a quotation become ‚…‘ when their shapes
    alternate (one opens before a word, the next closes after one)."""
    marks = list(SINGLE.finditer(text, start, end))
    if not marks or any(bool(m.group("open")) != (i % 2 == 0) for i, m in enumerate(marks)) \
            or len(marks) % 2:
        return []
    return [Edit(m.start(), m.end(), glyphs[i % 2], rule_id) for i, m in enumerate(marks)]


#: repeat: the marks one run writes are evidence for the pairing of those it
#: left (a stray ' beside the „ just written), so the rule runs until it
#: settles, not once more on the next clean
MECHANISMS = mechanisms(Mechanism(german_quotes, QuoteSettings, repeat=True))
