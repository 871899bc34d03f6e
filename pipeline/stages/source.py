"""The English original of a record (``Document.source``), as evidence.

What the source also does is no fault of the translation: a block repeated
in the source (a step of a manual, a chat's closing formula), a quotation the
source leaves open.  The source is cut into blocks the way the structure
stage cuts the text (one block per non-empty line); when both have as many
blocks, block ``i`` of the one translates block ``i`` of the other (WMT
documents are segment-aligned), otherwise only what holds for the whole
source can be used.
"""

from __future__ import annotations

import regex

from ..core import Document

LINE = regex.compile(r"[^\n]*\S[^\n]*")


def source_spans(source: str) -> list[tuple[int, int]]:
    """Spans of the source's blocks: its non-empty lines, stripped."""
    spans = []
    for m in LINE.finditer(source):
        start, end = m.span()
        while source[start].isspace():
            start += 1
        while source[end - 1].isspace():
            end -= 1
        spans.append((start, end))
    return spans


def source_blocks(doc: Document) -> list[str]:
    return [doc.source[s:e] for s, e in source_spans(doc.source)]


def aligned(doc: Document, n_blocks: int) -> bool:
    """The source has one block per block of the text."""
    return bool(doc.source) and len(source_spans(doc.source)) == n_blocks
