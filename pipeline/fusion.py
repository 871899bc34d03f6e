"""Deciding where a token is really two or three words glued together.

Machine translation of hyperlinked HTML drops the spaces at link boundaries:
``PräsidentenDonald``, ``TrumpUndVladimir``, ``Zelenskyywurde``.  A split is
made only on evidence: a case transition that no word of German or English
has, or, without one, a lower-case tail that is a common German word and not
a noun (German compounds end in nouns, link fusions usually do not).

Every cut is *certain* or not.  A certain cut has German evidence on one side
of it (a function word, a German word form, a name of the gazetteer); the
others (a verb after an unknown name, ``Melzerhat``; CamelCase of English
words) are only believed in a document that shows certain fusions elsewhere:
native text has none, and there such a token is a brand or a rare compound.
The thresholds and word lists come from the rule's params; see
``rules/spacing.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class FusionParams:
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
    after_name_words: frozenset[str]
    particles: frozenset[str]
    gender_suffixes: frozenset[str]
    name_prefixes: frozenset[str]
    inflection_suffixes: frozenset[str]
    linking: tuple[str, ...]
    s_linking_suffixes: tuple[str, ...]

    @classmethod
    def from_params(cls, p: dict[str, Any]) -> FusionParams:
        """Each field from the param of the same name, converted to its type."""
        convert = {"float": float, "int": int, "frozenset[str]": frozenset,
                   "tuple[str, ...]": tuple}
        return cls(**{f.name: convert[str(f.type)](p[f.name]) for f in fields(cls)})


NAME_TAIL = "common word after an unknown name"


@dataclass(frozen=True)
class Cut:
    """Why a token was cut at one point, and whether the evidence is German."""

    reason: str
    certain: bool


@dataclass(frozen=True)
class Segmentation:
    pieces: tuple[str, ...]
    cuts: tuple[Cut, ...]              # cuts[k] lies between pieces[k] and pieces[k + 1]

    @property
    def any_certain(self) -> bool:
        return any(c.certain for c in self.cuts)

    def certain_only(self) -> Segmentation | None:
        """The same token cut only where the evidence is certain."""
        pieces, cuts = [self.pieces[0]], []
        for cut, piece in zip(self.cuts, self.pieces[1:]):
            if cut.certain:
                pieces.append(piece)
                cuts.append(cut)
            else:
                pieces[-1] += piece
        return Segmentation(tuple(pieces), tuple(cuts)) if cuts else None


def _low_run(token: str, start: int) -> str:
    end = start
    while end < len(token) and token[end].islower():
        end += 1
    return token[start:end]


def _shape(piece: str) -> str:
    if piece.isupper():
        return "CAPS"
    if piece[:1].isupper() and (len(piece) == 1 or piece[1:].islower()):
        return "Cap"
    if piece.islower():
        return "low"
    return "mixed"


class Splitter:
    """Holds the evidence (lexicon, gazetteer) and decides splits."""

    def __init__(self, lexicon: Any, gazetteer: Any, params: FusionParams) -> None:
        self.lex, self.gaz, self.p = lexicon, gazetteer, params

    # -- evidence ---------------------------------------------------------------
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

    def is_function(self, word: str) -> bool:
        return word.lower() in self.p.function_words

    def german(self, word: str) -> bool:
        """Certain German evidence: a function word, a name of the gazetteer,
        or a German word form (case included) more German than English."""
        if self.is_function(word) or self.is_name(word):
            return True
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
        if not self.lex.inflects(noun) or (strict and noun.casefold() == other.casefold()):
            return False
        margin = self.p.noun_margin if margin is None else margin
        return self.lex.zipf(noun) >= self.lex.zipf(other) - margin

    def strong_low(self, word: str) -> bool:
        """A lower-case German word that can stand on its own after a fusion
        point: common (a long word may be rarer), German rather than English,
        and not a noun."""
        if word in self.p.inflection_suffixes or len(word) < 2:
            return False                       # Präfekt|in is a feminine noun
        if word in self.p.function_words:
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

    def ends_in_noun(self, piece: str, shortest: int) -> bool:
        """Some ending of ``piece`` longer than ``shortest`` letters is a
        common noun: ``Daueraufenthaltsrichtli|nie`` really ends in Linie."""
        return any(self.lex.zipf(piece[-k:]) >= self.p.compound_zipf and
                   self.is_noun(piece[-k:], margin=self.p.compound_noun_margin)
                   for k in range(shortest + 1, len(piece) - 1))

    def linked_head(self, head: str) -> bool:
        """A head that is no word but a noun plus a linking element
        (``Regierungs``): the token is a compound."""
        if self.lex.known_form(head):
            return False
        cap = head[:1].upper() + head[1:]
        return any(cap.endswith(x) and len(cap) - len(x) >= 3 and self.is_noun(cap[:-len(x)])
                   for x in self.p.linking)

    def compound(self, word: str) -> bool:
        """``word`` reads as a German compound ending in a known noun."""
        low = word.lower()
        for j in range(2, len(low) - 2):
            head, tail = low[:j], low[j:]
            if self.lex.zipf(tail, "de") < self.p.compound_zipf or \
                    not self.is_noun(tail, margin=self.p.compound_noun_margin):
                continue
            if any(head.endswith(suf + x) for suf in self.p.s_linking_suffixes
                   for x in ("e", "n", "en", "er")):
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

    # -- case transitions -------------------------------------------------------
    def _case_cut(self, left: str, right: str, first: bool) -> Cut | None:
        if len(left) < 2 or len(right) < 2:
            return None                        # iPhone, eBay, AfD, GmbH, PwC
        if right in self.p.gender_suffixes and self.lex.known_form((left + right).lower()):
            return None                        # LehrerInnen (but FPÖ|In, Äthiopien|In)
        if first and left in self.p.name_prefixes:
            return None                        # McCarthy
        shape = _shape(right)
        if shape == "mixed" and self.known(right) < self.p.known_zipf:
            return None
        if shape == "CAPS" and len(right) <= 3 and _shape(left) == "Cap" and len(left) <= 3 \
                and not self.is_function(left):
            return None                        # EuGH, BfV
        if shape == "low" and not self.strong_low(right):
            return None
        if shape == "Cap" and len(right) == 2 and not self.is_function(right):
            return None
        certain = self.german(left) or self.german(right)
        return Cut("case transition" + ("" if certain else ", no German word beside it"),
                   certain)

    def case_boundaries(self, token: str) -> list[int]:
        """Positions where a lower-case letter meets an upper-case one, or a
        run of capitals meets a word: ``TrumpUnd``, ``SPÖUnd``, ``ORFhat``,
        ``EZBmuss``, ``GfKkönnten`` (a known abbreviation keeps its last
        capital)."""
        cuts: list[int] = []
        n = len(token)
        i = 1
        while i < n:
            a, b = token[i - 1], token[i]
            nxt = token[i + 1] if i + 1 < n else ""
            if a.islower() and b.isupper():
                start = cuts[-1] if cuts else 0
                abbr = token[start:i + 1]
                if nxt.islower() and abbr[:1].isupper() and len(abbr) <= 4 and \
                        self.known(abbr) >= self.p.protect_zipf and \
                        self.strong_low(_low_run(token, i + 1)):
                    cuts.append(i + 1)         # GfK|könnten (but der|San, not derS|an)
                    i += 2
                    continue
                cuts.append(i)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.isupper() and \
                    nxt.islower() and self._capital_starts_word(token, i):
                cuts.append(i)                 # SPÖ|Und (but EZB|muss, not EZ|Bmuss)
            elif i >= 2 and a.isupper() and token[i - 2].isupper() and b.islower() and \
                    (not cuts or cuts[-1] != i - 1):
                cuts.append(i)                 # ORF|hat
            i += 1
        return cuts

    def _capital_starts_word(self, token: str, i: int) -> bool:
        """In ``XYZword`` the last capital starts the word when ``Zword`` is
        more of a word than ``word`` (``SPÖ|Und`` but ``EZB|muss``)."""
        run = _low_run(token, i + 1)
        return self.known(token[i] + run) > self.known(run) or not self.strong_low(run)

    def split_case(self, token: str) -> tuple[list[str], list[Cut]]:
        """Cut at the case boundaries that hold; a boundary is judged again
        when a later one fails and its right piece grows (``switch|PC`` is
        not ``switch|PCorner``)."""
        bounds = self.case_boundaries(token)
        while True:
            edges = [0, *bounds, len(token)]
            pieces = [token[a:b] for a, b in zip(edges, edges[1:])]
            made = [self._case_cut(pieces[k], pieces[k + 1], first=k == 0)
                    for k in range(len(bounds))]
            failed = [k for k, cut in enumerate(made) if cut is None]
            if not failed:
                return pieces, [cut for cut in made if cut]
            del bounds[failed[-1]]
    # -- lower-case fusions -----------------------------------------------------
    def _lower_cut(self, piece: str, head: str, tail: str, inner: bool) -> Cut | None:
        """Whether ``piece`` may be cut into ``head`` + ``tail``, and how sure."""
        shape = _shape(piece)
        if shape == "low" and self.is_function(head) and head not in self.p.particles and \
                len(tail) >= 4 and self.lex.known_form(tail) and not self.is_noun(tail, strict=True):
            return Cut("function word before a word", True)   # keinen|objektivierbaren
        if not self.strong_low(tail) or self.linked_head(head):
            return None
        if shape == "low":
            # erneuernd|er is an ending: only an article-like head starts a fusion
            ok = head not in self.p.particles and self.is_function(head) and \
                min(self.known(head), self.lex.zipf(tail)) >= self.p.low_zipf and \
                self.lex.known_form(head)
            return Cut("function word before a word", True) if ok else None
        if len(head) < 3:
            return None
        if self.is_name(head):
            certain = tail in self.p.after_name_words or self.is_function(tail)
            return Cut("known name before a common word", certain)
        if inner and tail in self.p.function_words:
            return Cut("function word after a cut-out word", False)
        if self.lex.lemmas(head)[0] is not None and self.known(head) >= self.p.known_zipf:
            return Cut("common non-noun after a noun", False)
        if self.name_like(head) and not self.ends_in_noun(piece, len(tail)):
            return Cut(NAME_TAIL, False)
        return None

    def name_end(self, previous: str, piece: str) -> tuple[str, str, Cut] | None:
        """``Weißes Hausbeschrieb``: the word before and the head make a
        multi-word name of the gazetteer, so the name ends at the head, even
        where the whole would read as a compound (Haus|beschrieb)."""
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            if previous and f"{previous} {head}" in self.gaz.entity_of and self.strong_low(tail):
                return head, tail, Cut("end of a known multi-word name", True)
        return None

    def split_lower(self, piece: str, inner: bool = False) -> tuple[str, str, Cut] | None:
        """``Zelenskyywurde`` -> (``Zelenskyy``, ``wurde``) when the tail is a
        common German non-noun, the head a noun or a name, and the whole is
        neither a known word nor a compound.  An ``inner`` piece (one that a
        case transition already cut out) is known to start a word, so a
        function word after it is evidence enough (``sagteHendricksdem``)."""
        shape = _shape(piece)
        if len(piece) < 5 or shape not in ("Cap", "low"):
            return None
        limit = self.p.lower_token_max if shape == "low" else self.p.lower_whole_max
        if self.known(piece) >= limit or self.compound(piece):
            return None
        best: tuple[tuple[bool, float], str, str, Cut] | None = None
        for j in range(2, len(piece) - 1):
            head, tail = piece[:j], piece[j:]
            cut = self._lower_cut(piece, head, tail, inner)
            if cut is None:
                continue
            # after a name nothing tells where it ends: take the longest tail
            score = (cut.reason != NAME_TAIL, len(tail) if cut.reason == NAME_TAIL else
                     self.known(head) + self.lex.zipf(tail, "de") + 0.1 * len(tail))
            if best is None or score > best[0]:
                best = (score, head, tail, cut)
        return best[1:] if best else None

    # -- the whole token --------------------------------------------------------
    def segment(self, token: str, sentence_initial: bool = False,
                previous: str = "") -> Segmentation | None:
        """The pieces of a fused token, or None when it is one word.  At the
        start of a sentence a capital says nothing (``Indexbasierte`` is an
        adjective), so only a function word justifies a split there.
        ``previous`` is the word before the token, if a space separates them."""
        if len(token) < 4 or self.protected(token):
            return None
        case_pieces, case_cuts = self.split_case(token)
        pieces: list[str] = []
        cuts: list[Cut] = []
        for k, piece in enumerate(case_pieces):
            if k > 0:
                cuts.append(case_cuts[k - 1])
            tails: list[tuple[str, Cut]] = []
            before = case_pieces[k - 1] if k else previous
            while len(tails) < 3 and not self.protected(piece):
                found = (None if tails else self.name_end(before, piece)) or \
                    self.split_lower(piece, inner=k > 0)
                if found and k == 0 and sentence_initial and _shape(piece) == "Cap" and \
                        found[1] not in self.p.function_words:
                    found = None
                if not found:
                    break
                piece, tail, cut = found       # Gesprächedienicht: two fusion points
                tails.insert(0, (tail, cut))
                if cut.reason == NAME_TAIL:
                    break                      # Pfabigan|auf, not Pfabig|an|auf
            pieces.append(piece)
            for tail, cut in tails:
                pieces.append(tail)
                cuts.append(cut)
        return Segmentation(tuple(pieces), tuple(cuts)) if cuts else None
