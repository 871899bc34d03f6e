"""The tokens the fused-word repair asks about, found at C speed.

The repair decides on few tokens of a document: the words the splitter
would look at (most words are plainly words, see ``Splitter.one_word``),
and whether a word recurs.  Tokenising and counting every word of every
document in Python cost more than the decisions themselves.  Here the text
is cut at whitespace by ``str.split``, the chunks known to hold no suspect
are dropped by one set difference, and the places of the few chunks and
words that matter are found by ``str.find``.

All of it rests on one fact: a token (``WORD``) never holds whitespace, so
the tokens of a whitespace-delimited chunk read on its own are exactly the
text's tokens in that chunk, and so is whether it is skipped (a URL, an
e-mail address, a path): a match of the ``skip`` pattern holds no
whitespace either.  ``tests/test_wordscan.py`` checks both.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Set
from typing import NamedTuple

import regex

from .chunks import MAX_CHUNKS, words_in
from .fusion import Splitter

WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}+)?")
#: the whitespace before a position, and the rest of its chunk after it
SPACE_BEFORE = regex.compile(r"(?r)\s")
CHUNK_REST = regex.compile(r"\S*")
#: the only characters ``str.split`` takes for whitespace and ``\s`` does
#: not; both are blind to NUL, which no word or URL holds either
SEPARATORS = regex.compile("[\x1c-\x1f]")
NO_SEPARATORS = str.maketrans("\x1c\x1d\x1e\x1f", "\0\0\0\0")
#: searches of a document for one word each; past them one index of all its
#: tokens is cheaper (a text of a hundred thousand rare words stays linear)
MAX_SEARCHES = 64


def chunks_of(text: str) -> frozenset[str]:
    """The distinct whitespace-delimited chunks of ``text`` (``str.split``):
    kept in the document's memo (``Document.memo(CHUNKS, chunks_of)``) for
    every mechanism that reads a text chunk by chunk, because splitting and
    hashing a text costs as much as one regular-expression scan of it."""
    return frozenset(text.split())


CHUNKS = "wordscan.chunks"


class Chunk(NamedTuple):
    """A whitespace-delimited chunk read: its tokens (offset, word), those
    the splitter would look at, and whether the chunk is skipped."""

    tokens: tuple[tuple[int, str], ...]
    suspects: tuple[tuple[int, str], ...]
    skipped: bool


class ChunkReader:
    """Reads chunks for the splitter, once per distinct chunk (a word with
    its punctuation) and process: most chunks hold no suspect and are
    remembered as such, so a text's known chunks cost one set difference."""

    def __init__(self, splitter: Splitter, max_token: int, skip: regex.Pattern) -> None:
        self.splitter, self.max_token, self.skip = splitter, max_token, skip
        self.plain: set[str] = set()
        self.read: dict[str, Chunk] = {}

    def chunk(self, chunk: str) -> Chunk:
        found = self.read.get(chunk)
        if found is None:
            tokens = tuple((m.start(), m.group()) for m in WORD.finditer(chunk))
            found = Chunk(tokens, tuple((at, w) for at, w in tokens if self.suspect(w)),
                          self.skip.search(chunk) is not None)
            if len(self.read) >= MAX_CHUNKS:
                self.read.clear()
            self.read[chunk] = found
        return found

    def suspect(self, word: str) -> bool:
        return len(word) <= self.max_token and not self.splitter.one_word(word)

    def suspect_chunks(self, chunks: Set[str]) -> list[str]:
        """The ``chunks`` (of a text split as ``Tokens.text`` is) that hold
        a suspect and are not skipped."""
        found = []
        nothing = self.splitter.kept.nothing
        for chunk in chunks - self.plain:
            # a chunk read already says; a new one is read whole (and
            # searched for a URL) only when it holds a suspect
            read = self.read.get(chunk)
            if read is None and any(map(self.suspect, words_in(chunk, WORD))):
                read = self.chunk(chunk)
            # suspects that were searched and found nothing without asking
            # where they stand find nothing here either (:mod:`.kept`): the
            # chunk is as plain as one without any
            if read is not None and read.suspects and \
                    not nothing.issuperset([w for _, w in read.suspects]):
                if not read.skipped:
                    found.append(chunk)
                continue
            if len(self.plain) >= MAX_CHUNKS:
                self.plain.clear()
            self.plain.add(chunk)
        return found


class Tokens:
    """One document's tokens outside the skipped chunks, found where the
    splitter asks about them."""

    def __init__(self, text: str, reader: ChunkReader,
                 chunks: Callable[[], Set[str]] | None = None) -> None:
        """``chunks``: where the text's chunks (:func:`chunks_of`) are known
        already, how to get them."""
        # the separators that str.split and \s disagree on read as NUL: the
        # same offsets, tokens and skipped chunks, one notion of whitespace
        self.text = text.translate(NO_SEPARATORS) if SEPARATORS.search(text) else text
        self._chunks = chunks if chunks is not None and self.text is text else \
            lambda: chunks_of(self.text)
        self.reader = reader
        self._last = (0, 0, Chunk((), (), True))   # the chunk looked up last: start, end, read
        self._starts: dict[str, list[int]] = {}
        self._searches = MAX_SEARCHES
        self._every: dict[str, list[int]] | None = None
        self._suspects: list[tuple[int, str]] = []

    def suspects(self) -> list[tuple[int, str]]:
        """(offset, word) of every token the splitter would look at, in text order."""
        text, found = self.text, []
        chunks = self.reader.suspect_chunks(self._chunks())
        if len(chunks) > self._searches:          # each chunk is a search of the text:
            self._searches = 0                     # one index of every token is cheaper
            words = {w for chunk in chunks for _, w in self.reader.chunk(chunk).suspects}
            return sorted((at, w) for w in words for at in self.starts(w))
        self._searches -= len(chunks)
        for chunk in chunks:
            inside = self.reader.chunk(chunk).suspects
            at = text.find(chunk)
            while at >= 0:
                end = at + len(chunk)
                if (at == 0 or text[at - 1].isspace()) and (end == len(text) or text[end].isspace()):
                    found += [(at + offset, word) for offset, word in inside]
                at = text.find(chunk, at + 1)
        self._suspects = sorted(found)
        return self._suspects

    def cut(self, word: str) -> None:
        """Told that ``word``, one of the suspects, is cut where it stands:
        its search found something, so it is no ``kept.nothing`` and never
        was, every chunk that holds it was searched for, and its starts are
        its places among the suspects (no search of the text again)."""
        if word not in self._starts and self._every is None:
            self._starts[word] = [at for at, w in self._suspects if w == word]

    def before(self, at: int) -> str | None:
        """The token before ``at`` where one space separates them."""
        if at < 2 or self.text[at - 1] != " ":
            return None
        start, _, read = self._chunk(at - 2)
        if read.skipped or not read.tokens:
            return None
        offset, token = read.tokens[-1]
        return token if start + offset + len(token) == at - 1 else None

    def starts(self, word: str) -> list[int]:
        """Where ``word`` is a token, in text order."""
        if word not in self._starts:
            self._starts[word] = self._find(word)
        return self._starts[word]

    def _find(self, word: str) -> list[int]:
        if self._every is None and self._searches <= 0:
            self._every = self._index()
        if self._every is not None:
            return self._every.get(word, [])
        self._searches -= 1
        found = []
        at = self.text.find(word) if word else -1
        while at >= 0:
            start, _, read = self._chunk(at)
            if not read.skipped and (at - start, word) in read.tokens:
                found.append(at)
            at = self.text.find(word, at + 1)
        return found

    def _chunk(self, at: int) -> tuple[int, int, Chunk]:
        """The chunk around ``at``.  The places of a word come in text
        order: a chunk (a 1 MB word) is found once for all of its own."""
        start, end, read = self._last
        if not start <= at < end:
            space = SPACE_BEFORE.search(self.text, 0, at)
            start = space.end() if space else 0
            end = CHUNK_REST.match(self.text, start).end()
            read = self.reader.chunk(self.text[start:end])
            self._last = (start, end, read)
        return self._last

    def _index(self) -> dict[str, list[int]]:
        """Every token's starts, by one pass over the text."""
        skipped = skipped_chunks(self.text, self.reader.skip)
        starts = [s for s, _ in skipped]
        every: dict[str, list[int]] = {}
        for m in WORD.finditer(self.text):
            i = bisect.bisect_right(starts, m.start()) - 1
            if i < 0 or m.start() >= skipped[i][1]:
                every.setdefault(m.group(), []).append(m.start())
        return every


class Recurring:
    """The words a document has as tokens more than once, a copy of an
    earlier block aside (whether the copy is removed must not change what
    recurs), asked word by word: the splitter asks about a few."""

    def __init__(self, tokens: Tokens, text: str,
                 blocks: Callable[[], list[tuple[int, int]]]) -> None:
        self.tokens, self.text, self._blocks = tokens, text, blocks
        self._copies: list[tuple[int, int]] | None = None
        self._answers: dict[str, bool] = {}

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        if word not in self._answers:
            starts = self.tokens.starts(word)
            if len(starts) > 1:
                starts = [at for at in starts if not self._copied(at)]
            self._answers[word] = len(starts) > 1
        return self._answers[word]

    def _copied(self, at: int) -> bool:
        if self._copies is None:
            self._copies = copied_blocks(self.text, self._blocks())
        i = bisect.bisect_right(self._copies, (at, len(self.text))) - 1
        return i >= 0 and at < self._copies[i][1]


def copied_blocks(text: str, blocks: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The blocks that repeat an earlier block, spacing aside."""
    seen: set[str] = set()
    copies = []
    for start, end in blocks:
        key = "".join(text[start:end].split())
        if key in seen:
            copies.append((start, end))
        seen.add(key)
    return copies


def skipped_chunks(text: str, skip: regex.Pattern) -> list[tuple[int, int]]:
    """The whitespace-delimited chunks in which a match of ``skip`` starts
    (URLs, e-mail addresses, paths), found by one search of the whole text."""
    spans: list[tuple[int, int]] = []
    for m in skip.finditer(text):
        if spans and m.start() < spans[-1][1]:
            continue
        space = SPACE_BEFORE.search(text, 0, m.start())
        spans.append((space.end() if space else 0, CHUNK_REST.match(text, m.start()).end()))
    return spans
