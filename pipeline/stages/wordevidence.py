"""Word evidence for the fused-word decision: how common a word is, whether
German reads it as a noun, a name, or a compound.  :mod:`pipeline.fusion`
decides cuts on top of it; kept apart so each module stays readable."""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

import regex


@dataclass(frozen=True)
class FusionSettings:
    """The thresholds and word lists of the fused-word repair; each is
    explained where it is set, in ``rules/spacing.toml``."""

    skip_chunks: regex.Pattern
    min_certain: int
    protect_zipf: float
    known_zipf: float
    low_zipf: float
    long_low_zipf: float
    long_tail: int
    compound_zipf: float
    lower_whole_max: float
    lower_token_max: float
    noun_margin: float
    compound_noun_margin: float
    function_words: frozenset[str]
    long_name_tail: int
    after_name_words: frozenset[str]
    particles: frozenset[str]
    gender_suffixes: frozenset[str]
    feminine_bases: tuple[str, ...]
    max_word_pieces: int
    name_prefixes: frozenset[str]
    inflection_suffixes: frozenset[str]
    linking: tuple[str, ...]
    s_linking_suffixes: tuple[str, ...]
    noun_endings: tuple[str, ...]
    plural_endings: tuple[str, ...]
    #: longer tokens are never split: no fusion of words is that long, and
    #: the search for cuts grows with the square of a token's length
    max_token: int = 64


class WordEvidence:
    """The lexicon, the gazetteer and the thresholds, asked word by word."""

    def __init__(self, lexicon: Any, gazetteer: Any, params: FusionSettings) -> None:
        self.lex, self.gaz, self.p = lexicon, gazetteer, params

    def known(self, word: str) -> float:
        z = self.lex.best(word)
        if self.gaz.knows(word):
            z = max(z, 4.0)
        return z

    def protected(self, token: str) -> bool:
        """A word in its own right: in the lexicon or the gazetteer."""
        if self.known(token) >= self.p.protect_zipf:
            return True
        return token.endswith("s") and self.known(token[:-1]) >= self.p.protect_zipf

    def attested(self, token: str) -> bool:
        """Seen as one word at all: wordfreq has it, however rarely
        (``Onisiwo``, ``Präfektin``), or the form dictionary or the
        gazetteer does.  Evidence enough against a cut that has no German
        word beside it: a name is more likely than an accident."""
        return self.lex.best(token) > 0 or self.lex.known_form(token) or self.gaz.knows(token)

    def word_of(self, join: str, seen: Container[str]) -> bool:
        """Case pieces that together make a word (``Linked|In``, ``Whats|App``):
        a common one, a form of the dictionary, or a token the same document
        has on its own more than once (a name, as a recurring ``AlphaGo`` is;
        once could be the same link fused twice)."""
        return join in seen or self.known(join) >= self.p.protect_zipf or \
            self.lex.known_form(join)

    def gender_form(self, left: str, suffix: str) -> bool:
        """``LehrerInnen``, ``ArbeitnehmervertreterInnen``: the inner capital
        of German gender-fair writing.  The feminine form is known (with its
        capital: nouns are capitalised), or the base is a person noun whose
        feminine the lexicon has not met (``BahnbegleiterIn``)."""
        feminine = left + suffix.lower()
        return self.lex.known_form(feminine) or self.lex.best(feminine) > 0 or \
            (len(left) >= 4 and left[:1].isupper() and left[1:].islower() and
             left.endswith(self.p.feminine_bases))

    def brand_before_in(self, head: str, whole: str) -> bool:
        """``Gazprom|in``: ``in`` is also the feminine ending (``Präfekt|in``),
        so it is only cut off a known capitalised word that takes no such
        ending, and only where the whole was never seen as a word."""
        return len(head) >= 4 and head[:1].isupper() and head[1:].islower() and \
            self.known(head) >= self.p.known_zipf and not head.endswith(self.p.feminine_bases) \
            and not self.attested(whole)

    def is_function(self, word: str) -> bool:
        return word.lower() in self.p.function_words

    def german(self, word: str) -> bool:
        """Certain German evidence: a function word, a name of the gazetteer,
        or a German word form (case included) more German than English.  A
        capitalised word counts only where German writes it so (a noun or a
        name): ``Pro`` in ``ProCamp`` is the preposition ``pro``, no German
        word beside a fusion point but the start of a brand."""
        if self.is_function(word) or self.is_name(word):
            return True
        if word[:1].isupper() and not (self.lex.lemma(word) or "")[:1].isupper():
            return False
        z = self.lex.zipf(word, "de")
        return self.lex.known_form(word) and z >= self.p.known_zipf and \
            z >= self.lex.zipf(word, "en")

    def is_name(self, word: str) -> bool:
        """A spelling of an entity, or a long enough word of one (``Trump``;
        not ``Mar`` from a longer name)."""
        return word in self.gaz.entity_of or (len(word) >= 4 and self.gaz.knows(word))

    def is_noun(self, word: str, strict: bool = False, margin: float | None = None) -> bool:
        """German reads the word as a noun, and that is not clearly the rarer
        reading (``Gipfel``, ``Handel``, ``Versprechen``; not ``beschrieb``).
        A noun without a paradigm (``Hat``, ``Will``) does not count; with
        ``strict``, neither does the other reading written with a capital
        (das Enthalten, der Dank/dank): enough to end a compound
        (``Kampagnenversprechen``), not to forbid a word standing alone."""
        noun, other = self.lex.lemmas(word)
        if noun is None:
            return False
        if other is None:
            return True
        if not self.lex.inflects(noun, self.p.noun_endings) or \
                (strict and noun.casefold() == other.casefold()):
            return False
        margin = self.p.noun_margin if margin is None else margin
        return self.lex.zipf(noun) >= self.lex.zipf(other) - margin

    def strong_low(self, word: str) -> bool:
        """A lower-case German word that can stand on its own after a fusion
        point: common (a long word may be rarer), German rather than English,
        and not a noun.  The function words and the verbs that follow a name
        (``will``, ``hat``) count whatever English makes of them."""
        if word in self.p.inflection_suffixes or len(word) < 2:
            return False                       # Präfekt|in is a feminine noun
        if word in self.p.function_words or word in self.p.after_name_words:
            return True
        if len(word) == 2 or not self.lex.known_form(word):
            return False
        z = self.lex.zipf(word, "de")
        floor = self.p.long_low_zipf if len(word) >= self.p.long_tail else self.p.low_zipf
        return z >= floor and z >= self.lex.zipf(word, "en") and \
            not self.is_noun(word, strict=True)

    def name_like(self, head: str) -> bool:
        """A capitalised head that German does not know at all: a name."""
        return not self.lex.known_form(head) and not self.lex.known_form(head.lower())

    def ends_in_word(self, piece: str, shortest: int) -> bool:
        """Some ending of ``piece`` longer than ``shortest`` letters is a
        common noun, in any of its forms (``Daueraufenthaltsrichtli|nie``
        really ends in Linie, ``Sommerwanderpfa|des`` in Pfad), or a longer
        German word (``Sweepwieder|verwenden`` in wiederverwenden): a cut
        there would fall inside that word."""
        for k in range(shortest + 1, len(piece) - 1):
            end = piece[-k:]
            noun = self.lex.lemmas(end)[0]
            if noun and max(self.lex.zipf(end), self.lex.zipf(noun)) >= self.p.compound_zipf \
                    and self.is_noun(end, margin=self.p.compound_noun_margin):
                return True
            if k >= shortest + 3 and end.islower() and \
                    self.lex.zipf(end) >= max(self.p.known_zipf, self.lex.zipf(end, "en")):
                return True
        return False

    def linked_head(self, head: str) -> bool:
        """A head that is no word but a noun plus a linking element
        (``Regierungs``): the token is a compound."""
        if self.lex.known_form(head):
            return False
        cap = head[:1].upper() + head[1:]
        return any(cap.endswith(x) and len(cap) - len(x) >= 3 and self.is_noun(cap[:-len(x)])
                   for x in self.p.linking)

    def compound(self, word: str) -> bool:
        """``word`` reads as a German compound ending in a known noun, and
        not as a word plus a function word (``Chefin|der`` is no Chef|inder)."""
        if self.word_and_function(word):
            return False
        low = word.lower()
        for j in range(2, len(low) - 2):
            head, tail = low[:j], low[j:]
            if self.lex.zipf(tail, "de") < self.p.compound_zipf or \
                    not self.is_noun(tail, margin=self.p.compound_noun_margin):
                continue
            if any(head.endswith(suf + x) for suf in self.p.s_linking_suffixes
                   for x in self.p.plural_endings):
                continue                       # Zerstörungen|nehmen: -ung links with -s only
            heads = [head] + [head[: -len(x)] for x in self.p.linking if head.endswith(x)]
            if any(len(h) >= 2 and self.known(h) >= self.p.known_zipf and self.stem(h)
                   for h in heads):
                return True
        return False

    def stem(self, head: str) -> bool:
        """A head that can start a compound: a noun, or a base form (``groß``,
        ``extra``), not an inflected form (``meiste|rund``)."""
        base = self.lex.lemma(head)
        return self.lex.lemmas(head)[0] is not None or base is None or base.lower() == head

    def word_and_function(self, word: str) -> bool:
        """``word`` ends in a function word after a common German word (a
        noun or a name, ``Meister|und``, ``Spitze|der``): read as a compound
        it would end in a rarer noun that swallows part of the function
        word (Meiste|rund, Spitz|eder), so the fusion is the better reading."""
        for j in range(3, len(word) - 1):
            head, tail = word[:j], word[j:]
            if tail in self.p.function_words and tail not in self.p.inflection_suffixes and \
                    self.lex.zipf(head, "de") >= self.p.known_zipf and \
                    (self.lex.lemmas(head)[0] is not None or self.is_name(head)):
                return True
        return False
