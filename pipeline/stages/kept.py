"""What ``Splitter.segment`` found for a token, kept with the context it
read.  The search depends on a document only through a token's place in it:
whether it starts a sentence, the word before it (and that only where the
word starts a multi-word name), and which of the words it asks about recur
in the document (``x in seen``).  A result is kept with the questions the
search asked and their answers, and given again wherever the same answers
come back: a token is searched once per context that matters, not once per
occurrence, and a place is only looked at where the search asks."""

from __future__ import annotations

from collections.abc import Container, Hashable
from typing import Any, Protocol

#: tokens kept before the table starts afresh (memory stays flat on a corpus
#: of many GB), and contexts (sets of answers) kept per token
MAX_KEYS = 200_000
MAX_CONTEXTS = 8
#: the questions about a place; any other question is a word of ``seen``
INITIAL, PREVIOUS = object(), object()


class Place(Protocol):
    """A token's place in a document: whether it starts a sentence, and the
    word before it where a space separates them (else "")."""

    @property
    def initial(self) -> bool: ...
    @property
    def previous(self) -> str: ...


class Given:
    """A place told in advance."""

    def __init__(self, initial: bool, previous: str) -> None:
        self.initial, self.previous = initial, previous


class Asked:
    """A token's context as the search reads it, noting every answer."""

    def __init__(self, place: Place, seen: Container[str], name_starts: Container[str]) -> None:
        self.place, self.seen, self.name_starts = place, seen, name_starts
        self.asked: list[tuple[Any, Any]] = []

    @property
    def initial(self) -> bool:
        answer = self.place.initial
        self.asked.append((INITIAL, answer))
        return answer

    @property
    def previous(self) -> str:
        """The word before, where it starts a multi-word name: any other
        word is as good as none to the search."""
        answer = self.place.previous
        answer = answer if answer in self.name_starts else ""
        self.asked.append((PREVIOUS, answer))
        return answer

    def __contains__(self, word: object) -> bool:
        answer = word in self.seen
        self.asked.append((word, answer))
        return answer

    def answers(self, asked: tuple[tuple[Any, Any], ...]) -> bool:
        """Whether this context answers the questions ``asked`` alike."""
        place = self.place
        for question, answer in asked:
            if question is INITIAL:
                now: Any = place.initial
            elif question is PREVIOUS:
                now = place.previous if place.previous in self.name_starts else ""
            else:
                now = question in self.seen
            if now != answer:
                return False
        return True


class Kept:
    """Results by token and the answers their search got."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, list[tuple[tuple[tuple[Any, Any], ...], Any]]] = {}
        #: the keys whose search found nothing (None) without asking a
        #: question: they find nothing wherever they stand
        self.nothing: set[Hashable] = set()

    def find(self, key: Hashable, context: Asked) -> tuple[Any] | None:
        """``(result,)`` when a kept search asked what ``context`` answers alike."""
        for asked, result in self._kept.get(key, ()):
            if context.answers(asked):
                return (result,)
        return None

    def keep(self, key: Hashable, context: Asked, result: Any) -> None:
        contexts = self._kept.get(key)
        if contexts is None:
            if len(self._kept) >= MAX_KEYS:
                self._kept.clear()
            contexts = self._kept[key] = []
        if len(contexts) < MAX_CONTEXTS:
            contexts.append((tuple(context.asked), result))
        if result is None and not context.asked:
            if len(self.nothing) >= MAX_KEYS:
                self.nothing.clear()
            self.nothing.add(key)
