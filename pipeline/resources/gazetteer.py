"""The names gazetteer: every spelling of every entity, and the canonical one
for the chosen profile.  :meth:`Gazetteer.find` finds them all: the longest
spelling wins, and a spelling only counts as a whole word outside URLs and
e-mail addresses.  It looks only where the text has a word that some
spelling starts with (one set intersection with the text's words), which is
what one regular expression alternating over 1,500 spellings did at every
position of the text (ten times slower than a set look-up per capitalised
word, itself twice as slow).

An entity's ``accepted`` spellings are correct German that the press writes
both ways (``G-20``/``G20``, ``Krimbrücke``/``Krim-Brücke``): they are known,
so fused-word repair and the counts see them, but no profile rewrites them;
rewriting one correct spelling into another is a false edit, not a repair."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Set
from dataclasses import dataclass
from typing import Any

import regex

#: what may not follow a spelling: a letter, a digit, ``_@``, or ``.``/``/`` and
#: a letter (a spelling may not start after a letter, a digit or ``_@/.`` either)
GLUED_AFTER = regex.compile(r"[\p{L}\p{M}\p{N}_@]|[./]\p{L}")   # Kyiv\u0308 is not Kyiv
#: a word for the candidate scan: letters, digits and ``_`` as Python's ``re``
#: knows them (``re`` scans in two thirds of the time ``regex`` takes); every character
#: ``re`` takes for a letter or a digit, ``regex`` does too
#: (tests/test_word_scans.py), so no spelling is left out (:meth:`Gazetteer._candidates`)
FIRST_WORD = re.compile(r"\w+")
#: spellings are indexed by their first PREFIX characters (all of a shorter one)
PREFIX = 4
#: whitespace chunks known to hold no candidate word, remembered before the
#: set starts afresh (memory stays flat on a corpus of many GB)
MAX_PLAIN = 200_000


def spellings_of(ent: dict[str, Any], profiles: tuple[str, ...]) -> set[str]:
    """Every spelling that names the entity: one per profile, the variants
    (rewritten) and the accepted ones (left alone)."""
    return {ent[p] for p in profiles} | set(ent.get("variants", [])) | set(ent.get("accepted", []))


class Gazetteer:
    def __init__(self, entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                 profile: str) -> None:
        self.profile = profile
        self.entity_of: dict[str, dict[str, Any]] = {}
        for ent in entities:
            for s in spellings_of(ent, profiles):
                self.entity_of[s] = ent
        self.words = {w for s in self.entity_of for w in s.split()}
        # the longest spelling is tried first; equal lengths in file order
        self._rank = {s: i for i, s in enumerate(sorted(self.entity_of, key=len, reverse=True))}
        self._by_prefix: dict[str, list[str]] = {}
        for s in self._rank:
            self._by_prefix.setdefault(s[:PREFIX], []).append(s)
        # the first three letters of every spelling (all of a shorter one):
        # one set look-up turns away most capitalised words (Die, Der, Im)
        self._heads = {s[:3] for s in self.entity_of}
        firsts = "".join(sorted({regex.escape(s[0]) for s in self.entity_of}))
        self._starts = regex.compile(rf"(?<![\p{{L}}\p{{N}}_@/.])[{firsts or 'x'}]") \
            if firsts else None
        # the words of a text where a spelling may start (a word: letters,
        # digits and _), and the words a spelling makes there: its own first
        # word, or all of it with or without a genitive s (:meth:`_candidates`)
        initials = "".join(sorted({re.escape(s[0]) for s in self.entity_of}))
        self._words = re.compile(rf"(?<![\w@/.])[{initials}]\w*") if firsts else None
        self._first_words: set[str] | None = set()
        for s in self.entity_of:
            first = FIRST_WORD.match(s)
            if not first:     # a spelling that starts with no letter or digit
                self._first_words = None
                break
            self._first_words |= {first.group(), s + "s"} if first.end() == len(s) else {first.group()}
        self._plain: set[str] = set()

    def find(self, text: str, chunks: Set[str] | None = None) -> Iterator[tuple[int, int, int, str]]:
        """Every spelling in ``text`` as ``(start, end, end with a genitive
        s, spelling)``, left to right, none overlapping.  ``chunks``: the
        text's distinct whitespace-delimited chunks (``str.split``), where
        they are known already."""
        if self._starts is None:
            return
        pos = 0
        for p in self._candidates(text, chunks):
            if p < pos or (text[p:p + 3] not in self._heads and text[p:p + 2] not in self._heads):
                continue
            tried = [s for k in range(PREFIX, 1, -1) for s in self._by_prefix.get(text[p:p + k], ())]
            for s in sorted(tried, key=self._rank.__getitem__) if len(tried) > 1 else tried:
                end = p + len(s)
                if not text.startswith(s, p):
                    continue
                if text.startswith("s", end) and not GLUED_AFTER.match(text, end + 1):
                    yield p, end, end + 1, s
                    pos = end + 1
                    break
                if not GLUED_AFTER.match(text, end):
                    yield p, end, end, s
                    pos = end
                    break

    def _candidates(self, text: str, chunks: Set[str] | None = None) -> list[int]:
        """Where a spelling may start, in text order: the places that
        ``_starts`` matches where a word occurs that a spelling makes, not
        every capital letter.  Most texts have a few such words, found by one
        set intersection with the text's words.  Nothing is left out: a
        spelling that :meth:`find` takes is followed by no letter, digit or
        ``_`` (but for a genitive s), so the word of the text where it starts
        is the spelling's first word (up to its first character that is none
        of them), or all of it, or all of it and s."""
        assert self._starts is not None and self._words is not None
        if self._first_words is None:
            return [m.start() for m in self._starts.finditer(text)]
        # a word of the text that starts where a spelling may start is found
        # by this scan: the character before such a place is no letter or
        # digit, so no word found before runs into it
        words = self._first_words.intersection(self._words.findall(text)) if chunks is None \
            else self._chunk_words(chunks)
        found = set()
        for word in words:
            at = text.find(word)
            while at >= 0:
                found.add(at)
                at = text.find(word, at + 1)
        return [at for at in sorted(found) if self._starts.match(text, at)]

    def _chunk_words(self, chunks: Set[str]) -> set[str]:
        """The candidate words of a text, read from its whitespace chunks:
        the scan's words are the same read chunk by chunk, since a word
        holds no whitespace and no whitespace is a letter, a digit or
        ``@/.`` (what the scan looks behind for).  Most chunks hold none and
        are remembered so, and a text's known chunks cost one set difference."""
        assert self._first_words is not None and self._words is not None
        found: set[str] = set()
        for chunk in chunks - self._plain:
            words = self._first_words.intersection(self._words.findall(chunk))
            if words:
                found |= words
                continue
            if len(self._plain) >= MAX_PLAIN:
                self._plain.clear()
            self._plain.add(chunk)
        return found

    def canonical(self, spelling: str) -> str:
        ent = self.entity_of[spelling]
        return spelling if spelling in ent.get("accepted", ()) else ent[self.profile]

    def knows(self, word: str) -> bool:
        """A single word that is part of some spelling of some entity."""
        return word in self.words


def describe_gazetteer(entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                       default: str) -> list[str]:
    """What ``klartext names`` prints: the size of the gazetteer by kind, and
    per profile how many entities it spells differently from the default."""
    kinds = Counter(ent["kind"] for ent in entities)
    variants = sum(len(ent.get("variants", [])) for ent in entities)
    accepted = sum(len(ent.get("accepted", [])) for ent in entities)
    spellings = sum(len(spellings_of(ent, profiles)) for ent in entities)
    lines = [f"{len(entities)} name entities: " +
             ", ".join(f"{n} {kind}" for kind, n in kinds.most_common()),
             f"{spellings} spellings: {variants} variants (rewritten), "
             f"{accepted} accepted (never rewritten)",
             "profiles (klartext names --profile NAME lists every spelling):"]
    for p in profiles:
        differ = sum(ent[p] != ent[default] for ent in entities)
        note = "default" if p == default else f"{differ} spellings differ from {default}"
        lines.append(f"  {p:<12} {note}")
    return lines


def list_spellings(entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                   profile: str, kind: str | None = None, variants: bool = False) -> list[str]:
    """Every entity's canonical spelling in ``profile``, one per line with its
    kind, sorted by spelling; ``variants`` adds what the profile rewrites to
    it (the other profiles' spellings too)."""
    lines = []
    for ent in sorted(entities, key=lambda e: (e[profile].casefold(), e["id"])):
        if kind is not None and ent["kind"] != kind:
            continue
        line = f"{ent['kind']:<12} {ent[profile]}"
        if variants:
            others = sorted(spellings_of(ent, profiles) - {ent[profile]}
                            - set(ent.get("accepted", [])))
            line += f"  <- {', '.join(others)}" if others else ""
        lines.append(line)
    return lines


@dataclass(frozen=True)
class BothWays:
    """A spelling that a profile rewrites although German news may well
    write it too, and why the lint thinks so."""

    entity: str
    spelling: str
    canonical: str
    why: str


def written_both_ways(entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                      profile: str, zipf: Any, margin: float = 1.0,
                      floor: float = 1.5) -> list[BothWays]:
    """The spellings ``profile`` rewrites that look like correct German
    written both ways: the same letters in another case (``Nato``/``NATO``),
    the same words in another order (``Gruppe Wagner``/``Wagner-Gruppe``),
    or a one-word spelling that German text uses nearly as often as the
    canonical one (``zipf(word)``, German frequency: within ``margin`` and
    at least ``floor``: ``Tokyo`` 3.7/``Tokio`` 4.0).  Each is a question for
    a person, not an answer: accept it, or show with an example that the
    rewrite is meant (``Netanyahu`` 2.8/``Netanjahu`` 3.1 is English)."""
    out = []
    for ent in entities:
        target = ent[profile]
        for spelling in sorted(spellings_of(ent, profiles) - {target} - set(ent.get("accepted", []))):
            why = _both_ways(spelling, target, zipf, margin, floor)
            if why:
                out.append(BothWays(ent["id"], spelling, target, why))
    return out


def _both_ways(spelling: str, target: str, zipf: Any, margin: float, floor: float) -> str:
    words, canonical = regex.split(r"[\s-]+", spelling), regex.split(r"[\s-]+", target)
    if spelling.lower() == target.lower():
        return "the same letters in another case"
    if [w.casefold() for w in words] != [w.casefold() for w in canonical] and \
            sorted(w.casefold() for w in words) == sorted(w.casefold() for w in canonical):
        return "the same words in another order"
    if len(words) == len(canonical) == 1:
        z, zt = zipf(spelling), zipf(target)
        if z >= floor and z >= zt - margin:
            return f"German frequency {z:.2f}, canonical {zt:.2f}"
    return ""
