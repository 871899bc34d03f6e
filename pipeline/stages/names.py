"""Names: every entity of the gazetteer gets the spelling of the chosen
profile, inflection kept (``Kyivs`` -> ``Kiews``); only whole words, never
inside URLs or e-mail addresses.  Unknown names that look like English
transliterations of Slavic names are flagged with the German (Duden)
spelling, never rewritten: a wrong guess would corrupt a name."""

from __future__ import annotations

import bisect
import sys
from collections.abc import Callable, Set
from dataclasses import dataclass
from functools import cached_property, lru_cache, partial

import regex

from ..core import Document, Edit, Mark, Proposal
from ..patterns import union
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .chunks import MAX_CHUNKS
from .wordscan import CHUNKS, chunks_of

CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}@/.-])\p{Lu}\p{Ll}{3,}(?![\p{L}\p{N}@]|[./]\p{L})")
#: the word before or after a name, one plain space away (the patterns that
#: end at a position search backwards, ``(?r)``: from the position, not from
#: the start of the text, which made a long line quadratic)
WORD_BEFORE = regex.compile(r"(?r)(?:(?<=\s)|^)(?P<w>[\p{L}&][\p{L}\p{M}\p{N}&'’-]*) \Z")
WORD_AFTER = regex.compile(r" (?P<w>[\p{L}&][\p{L}\p{M}\p{N}&'’-]*)(?=[\s\p{P}]|\Z)")
SENTENCE_START = regex.compile(r"(?r)(?:\A|[.!?:]\s+|\n\s*)[„\"“‚'(]?\Z")


@dataclass(frozen=True)
class NameSettings:
    #: a capitalised word next to a name is foreign where English knows it
    #: this much better than German (zipf): ``India Post``, ``Cricket Australia``
    foreign_margin: float
    #: lower-case words that join the parts of a foreign proper name
    #: (``Bank of England``); one of them beside a name is foreign evidence itself
    joiners: frozenset[str]
    #: how many words of the capitalised run on each side are looked at
    reach: int = 3


def rewrite_names(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Each rewrite is made under the entity's own rule id (``names.kiew``),
    so that a reviewer can look up and judge one entity at a time.  A variant
    of a place or organisation inside a multi-word proper name of another
    language stays: ``India Post`` and ``Cricket Australia`` are names of
    their own, ``Kyiv Bürgermeister`` is a translation that kept an English
    spelling.  A person's name is not looked at so: the capitalised word
    before it is a title (``Senator``, ``General``)."""
    gaz, p = res.gazetteer, rule.settings
    found = list(gaz.find(doc.text, doc.memo(CHUNKS, chunks_of)))
    names = [(start, after) for start, _, after, _ in found]
    edits = []
    for start, end, after, name in found:
        target = gaz.canonical(name)
        ent = gaz.entity_of[name]
        if target != name and not (ent["kind"] != "person" and _in_foreign_name(
                doc.text, start, after, p, res.lexicon, names)):
            edits.append(Edit(start, end, target, f"names.{ent['id']}",
                              f"{ent['kind']}: {name} -> {target} ({gaz.profile})"))
    return Proposal(edits)


def _in_foreign_name(text: str, start: int, end: int, p: NameSettings, lex,  # noqa: ANN001
                     names: list[tuple[int, int]]) -> bool:
    """The name stands in a run of capitalised words (joined by single
    spaces or by ``of``, ``and``, ...) of which one leans to English, or
    beside such a joiner.  A capitalised word that starts a sentence reads
    as the German word it may be (``Also Kyiv``).  A neighbour inside
    another name of the gazetteer (``names``, sorted spans) is no evidence
    either way: ``Zaporizhzhia Vladimir Putin`` is decided as ``Zaporizhzhia
    Wladimir Putin`` is, so a second run, which sees the rewritten
    neighbour, decides the same (idempotence)."""
    for word, initial, at in [*_run(text, start, -1, p), *_run(text, end, 1, p)]:
        i = bisect.bisect_right(names, (at, sys.maxsize)) - 1
        if i >= 0 and names[i][0] <= at < names[i][1]:
            continue
        if word.lower() in p.joiners:
            return True
        if initial and lex.known_form(word.lower()):
            continue
        if lex.zipf(word, "en") - lex.zipf(word, "de") >= p.foreign_margin:
            return True
    return False


def _run(text: str, pos: int, step: int, p: NameSettings) -> list[tuple[str, bool, int]]:
    """Up to ``p.reach`` words of the capitalised run next to ``pos``, going
    left (``step`` -1) or right (1), each with whether it starts a sentence
    and where it starts; joiners are included, and the run goes on past them."""
    out: list[tuple[str, bool, int]] = []
    while len(out) < p.reach:
        m = (WORD_BEFORE.search(text, 0, pos) if step < 0 else WORD_AFTER.match(text, pos))
        if not m:
            break
        word = m.group("w")
        if not (word[:1].isupper() or word.lower() in p.joiners):
            break
        out.append((word, step < 0 and bool(SENTENCE_START.search(text, 0, m.start("w"))),
                    m.start("w")))
        pos = m.start() if step < 0 else m.end()
    return out


class Transliterator:
    """English-style transliteration to the German (Duden) one.  The letter
    rules are regexes tried in file order at each position and applied in one
    left-to-right pass, so an output is never rewritten again (``kh`` -> ``ch``
    must not go on to ``tsch``); one word ending is replaced first."""

    def __init__(self, endings: tuple[tuple[str, str], ...],
                 letters: tuple[tuple[regex.Pattern, str], ...]) -> None:
        self.endings = endings
        self.targets = [dst for _, dst in letters]
        self.pattern = union(src for src, _ in letters)   # under the user-pattern timeout

    def __call__(self, word: str) -> str:
        low, tail = word[0].lower() + word[1:], ""
        for src, dst in self.endings:
            if low.endswith(src) and len(low) > len(src) + 1:
                low, tail = low[: -len(src)], dst
                break
        out = self.pattern.sub(lambda m: self.targets[m.lastindex - 1], low) + tail
        return out[0].upper() + out[1:]


@dataclass(frozen=True)
class TransliterationSettings:
    #: a word this common in German is a German word, not a name
    max_german_zipf: float
    #: a German word this common at the start of the word, reaching past the
    #: signal, makes it a compound or a fused word
    german_head_zipf: float
    #: what an English transliteration of a Slavic name looks like (and a
    #: German word or another language's name does not) ...
    signal: regex.Pattern
    #: ... or an ending Slavic names share with others (Skov, Casanova), which
    #: counts only with a letter group of English transliteration as well
    weak_signal: regex.Pattern
    second_signal: regex.Pattern
    #: a German word this common on both sides of a cut through the signal
    #: makes the word a compound (Holz|haus)
    compound_zipf: float
    #: linking elements a compound's first part may end in (Flüchtlings|hotel)
    linking: tuple[str, ...]
    #: (English, German) word endings, the first that fits is replaced
    endings: tuple[tuple[str, str], ...]
    #: (regex, German) letter rules, applied in one pass
    letters: tuple[tuple[regex.Pattern, str], ...]

    @cached_property
    def transliterate(self) -> Transliterator:
        return Transliterator(self.endings, self.letters)


class Spellings:
    """The German spelling of a capitalised word (``judge``), which depends
    on the word alone: each distinct word is judged once per process, and
    each whitespace chunk of a text read once: most hold no word with a
    German spelling and are remembered so, and a text's known chunks cost
    one set difference."""

    def __init__(self, judge: Callable[[str], str | None]) -> None:
        self.judge = judge
        self.plain: set[str] = set()

    def any_in(self, chunks: Set[str]) -> bool:
        """Whether a word of the ``chunks`` (``str.split`` of a text) has a
        German spelling.  ``CAPITALISED`` finds the same words in a chunk
        as in the text: a word holds no whitespace, and what it looks at
        beside a word (letters, digits, ``@/.-``) is no whitespace either.
        A chunk whose letters are all lower case (a third of them) holds no
        capital to look for: ``str.islower`` is False for any upper-case or
        title-case letter."""
        found = False
        for chunk in chunks - self.plain:
            if not chunk.islower() and \
                    any(self.judge(word) is not None for word in CAPITALISED.findall(chunk)):
                found = True
                continue
            if len(self.plain) >= MAX_CHUNKS:
                self.plain.clear()
            self.plain.add(chunk)
        return found


def flag_transliterations(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Only a text with a transliteration (few texts) is walked word by
    word for where they are (see :class:`Spellings`)."""
    spellings = res.derived(rule.id, lambda: Spellings(lru_cache(maxsize=100_000)(
        partial(_german_spelling, p=rule.settings, res=res))))
    judge = spellings.judge
    out = Proposal()
    if not spellings.any_in(doc.memo(CHUNKS, chunks_of)):
        return out        # no word of the text has a German spelling
    for m in CAPITALISED.finditer(doc.text):
        word = m.group()
        german = judge(word)
        if german is not None:
            out.marks.append(Mark(m.start(), m.end(), f"{word} looks like an English "
                                                      f"transliteration; German spelling: {german}"))
    return out


def _german_spelling(word: str, p: TransliterationSettings, res: Resources) -> str | None:
    """The Duden spelling of ``word`` if it looks like an English
    transliteration of a Slavic name, else None."""
    gaz, lex = res.gazetteer, res.lexicon
    if gaz.knows(word) or (word.endswith("s") and gaz.knows(word[:-1])):
        return None
    # a common German word is no name, whatever it looks like; asked before
    # the signal patterns, since the fused-word repair has looked most
    # words up already (a dict hit) and it turns many away
    if lex.zipf(word, "de") >= p.max_german_zipf:
        return None
    low = word[0].lower() + word[1:]
    hit = p.signal.search(low) or (p.second_signal.search(low) and p.weak_signal.search(low))
    if not hit:
        return None
    if _german_head(word, hit.end(), lex, p.german_head_zipf) or \
            _german_word(word, lex) or _compound(word, hit.start(), hit.end(), lex, p):
        return None
    german = p.transliterate(word)
    return german if german != word else None


def _german_word(word: str, lex) -> bool:  # noqa: ANN001
    """German has the word (``Whisky``), or an inflected form of it."""
    return any(lex.lemma(form) is not None for form in (word, word.lower()))


def _compound(word: str, start: int, end: int, lex, p: TransliterationSettings) -> bool:  # noqa: ANN001
    """The word ends in a German word that holds the signal
    (``Silikon|kautschuk``), or a cut inside the signal leaves German words
    on both sides, the first perhaps with a linking element: ``Holz|haus``,
    ``Schutz|helm``."""
    for j in range(1, start + 1):
        tail = word[j].upper() + word[j + 1:]
        if len(tail) >= 4 and lex.lemma(tail) is not None and lex.zipf(tail, "de") >= p.compound_zipf:
            return True
    for j in range(max(start, 3), min(end + 1, len(word) - 2)):
        head, tail = word[:j], word[j].upper() + word[j + 1:]
        if lex.zipf(tail, "de") < p.compound_zipf or lex.lemmas(tail)[0] is None:
            continue
        heads = [head] + [head[:-len(x)] for x in p.linking if head.endswith(x) and len(head) > len(x) + 2]
        if any(lex.zipf(h, "de") >= p.compound_zipf for h in heads):
            return True
    return False


def _german_head(word: str, past: int, lex, min_zipf: float) -> bool:  # noqa: ANN001
    """A common German word starts ``word`` and reaches past the signal: the
    ``sh`` of ``Haushalt`` (in a fused ``Haushaltwurden``) is a compound
    seam, not a transliteration."""
    return any(lex.zipf(word[:i], "de") >= min_zipf for i in range(max(4, past), len(word)))


MECHANISMS = mechanisms(Mechanism(rewrite_names, NameSettings),
                        Mechanism(flag_transliterations, TransliterationSettings))
