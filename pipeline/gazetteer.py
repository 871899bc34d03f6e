"""The names gazetteer: every spelling of every entity, and the canonical one
for the chosen profile.  One compiled alternation finds them all; the longest
spelling wins, and a spelling only counts as a whole word outside URLs and
e-mail addresses."""

from __future__ import annotations

from typing import Any

import regex


class Gazetteer:
    def __init__(self, entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                 profile: str) -> None:
        self.profile = profile
        self.entity_of: dict[str, dict[str, Any]] = {}
        for ent in entities:
            spellings = {ent[p] for p in profiles} | set(ent.get("variants", []))
            for s in spellings:
                self.entity_of[s] = ent
        self.words = {w for s in self.entity_of for w in s.split()}
        alternation = "|".join(regex.escape(s) for s in
                               sorted(self.entity_of, key=len, reverse=True))
        self.pattern = regex.compile(
            r"(?<![\p{L}\p{N}_@/.])"
            rf"(?P<name>{alternation or '(?!)'})(?P<suffix>s)?"
            r"(?![\p{L}\p{N}_@]|[./]\p{L})")

    def canonical(self, spelling: str) -> str:
        return self.entity_of[spelling][self.profile]

    def knows(self, word: str) -> bool:
        """A single word that is part of some spelling of some entity."""
        return word in self.words
