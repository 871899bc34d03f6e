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
ALNUM = regex.compile(r"[\p{L}\p{N}]+")


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


def loose_key(text: str) -> str:
    """Letters and digits only, case folded: ``Tap Settings.`` and ``Tap
    Settings`` are one block of the source."""
    return "".join(ALNUM.findall(text)).casefold()


def source_repeats(doc: Document, n_blocks: int, repeats: list[tuple[int, int]]) -> set[int]:
    """Which of the text's repeats (block ``i`` repeats block ``j``) its
    source repeats too: the same pair when the two are aligned; otherwise as
    many repeats, in order, as the source has."""
    if not doc.source or not repeats:
        return set()
    keys = [loose_key(b) for b in source_blocks(doc)]
    if len(keys) == n_blocks:
        return {i for i, j in repeats if keys[i] and keys[i] == keys[j]}
    n = sum(1 for k, key in enumerate(keys) if key and key in keys[:k])
    return {i for i, _ in repeats[:n]}


def source_sentence_repeats(doc: Document, n_blocks: int, pairs: list[tuple[int, int]],
                            sentence: regex.Pattern, min_words: int) -> set[int]:
    """Which of the text's repeated sentences (as pairs of the blocks they
    are in) its source repeats too, by index into ``pairs``: aligned, when
    the source's blocks of the pair share a sentence (or the one block says
    one twice); otherwise as many, in order, as the source repeats."""
    if not doc.source or not pairs:
        return set()
    said = [[loose_key(m.group()) for m in sentence.finditer(block)
             if len(m.group().split()) >= min_words] for block in source_blocks(doc)]
    if len(said) == n_blocks:
        return {k for k, (i, j) in enumerate(pairs)
                if (set(said[i]) & set(said[j]) if i != j else len(set(said[i])) < len(said[i]))}
    keys = [key for block in said for key in block]
    n = sum(1 for k, key in enumerate(keys) if key in keys[:k])
    return set(range(min(n, len(pairs))))
