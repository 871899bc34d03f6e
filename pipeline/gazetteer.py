"""The names gazetteer: every spelling of every entity, and the canonical one
for the chosen profile.  One compiled alternation finds them all; the longest
spelling wins, and a spelling only counts as a whole word outside URLs and
e-mail addresses.

An entity's ``accepted`` spellings are correct German that the press writes
both ways (``G-20``/``G20``, ``Krimbrücke``/``Krim-Brücke``): they are known,
so fused-word repair and the counts see them, but no profile rewrites them;
rewriting one correct spelling into another is a false edit, not a repair."""

from __future__ import annotations

from typing import Any

import regex

from .rules import spellings_of


class Gazetteer:
    def __init__(self, entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                 profile: str) -> None:
        self.profile = profile
        self.entity_of: dict[str, dict[str, Any]] = {}
        for ent in entities:
            for s in spellings_of(ent, profiles):
                self.entity_of[s] = ent
        self.words = {w for s in self.entity_of for w in s.split()}
        alternation = "|".join(regex.escape(s) for s in
                               sorted(self.entity_of, key=len, reverse=True))
        self.pattern = regex.compile(
            r"(?<![\p{L}\p{N}_@/.])"
            rf"(?P<name>{alternation or '(?!)'})(?P<suffix>s)?"
            r"(?![\p{L}\p{N}_@]|[./]\p{L})")

    def canonical(self, spelling: str) -> str:
        ent = self.entity_of[spelling]
        return spelling if spelling in ent.get("accepted", ()) else ent[self.profile]

    def knows(self, word: str) -> bool:
        """A single word that is part of some spelling of some entity."""
        return word in self.words
