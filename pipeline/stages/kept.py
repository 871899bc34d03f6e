"""What ``Splitter.segment`` found for a token, kept with the context it
read.  The search depends on a document only through a token's context:
whether it starts a sentence, the word before it, and which of the words
it asks about (``x in seen``) recur in the document.  A result is kept with
those questions and their answers and given again wherever the same
answers come back: a token is searched once per context that matters, not
once per occurrence."""

from __future__ import annotations

from collections.abc import Container, Hashable
from typing import Any

#: keys kept before the table starts afresh (memory stays flat on a corpus
#: of many GB), and contexts (sets of answers) kept per key
MAX_KEYS = 200_000
MAX_CONTEXTS = 8


class Asked:
    """A document's ``seen`` words, noting what they were asked."""

    def __init__(self, seen: Container[str]) -> None:
        self.seen = seen
        self.asked: list[tuple[Any, bool]] = []

    def __contains__(self, word: object) -> bool:
        answer = word in self.seen
        self.asked.append((word, answer))
        return answer


class Kept:
    """Results by key (a token and the rest of its context) and answers."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, list[tuple[tuple[tuple[Any, bool], ...], Any]]] = {}

    def find(self, key: Hashable, seen: Container[str]) -> tuple[Any] | None:
        """``(result,)`` when a kept search asked ``seen`` what it answers now."""
        for asked, result in self._kept.get(key, ()):
            if all((word in seen) == answer for word, answer in asked):
                return (result,)
        return None

    def keep(self, key: Hashable, asked: Asked, result: Any) -> None:
        contexts = self._kept.get(key)
        if contexts is None:
            if len(self._kept) >= MAX_KEYS:
                self._kept.clear()
            contexts = self._kept[key] = []
        if len(contexts) < MAX_CONTEXTS:
            contexts.append((tuple(asked.asked), result))
