"""Flags: what a careful copy editor would question but a machine must not
rewrite: untranslated English, article/noun disagreement, doubled phrases,
repeated sentences.  Nothing here changes the text."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import chain
from operator import itemgetter
from typing import Any

import regex

from ..core import Document, Mark, Proposal
from ..patterns import matches
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .chunks import ChunkTable, LineChunks, line_chunks, one_word
from .source import source_sentence_repeats

TOKEN = regex.compile(r"\p{L}[\p{L}'’]*")
#: a sentence starts only at the start of a line or after an end mark: without
#: the lookbehind, a long line with no end mark is rescanned from every position
SENTENCE = regex.compile(r"(?<![^.!?\n])[^.!?\n]++[.!?]")
#: text in quotation marks (a title, a name or a deliberate quotation), or a
#: gloss in brackets: ``Übergangsscheiben (transitional discs)``
QUOTED = regex.compile(r"„[^“\n]*“|‚[^‘\n]*‘|»[^«\n]*«|«[^»\n]*»|\"[^\"\n]*\"|“[^”\n]*”"
                       r"|(?<!\p{L})['‘][^'‘’\n]*['’](?!\p{L})|\([^()\n]*\)")


@dataclass(frozen=True)
class EnglishSettings:
    #: a word at least this common in English (zipf) ...
    min_english_zipf: float
    #: ... and this much more common in English than in German is English
    min_gap: float
    #: this many English words in a row make a flag (one alone is a name, a
    #: loan word or a title far more often than an untranslated phrase)
    min_run: int
    #: what may stand between the words of a run (a space, a hyphen)
    joiners: frozenset[str]
    #: words that stay lower case in an English title (Interview with the Vampire)
    title_minor: frozenset[str]
    #: without a source, a run must hold one of these: a phrase (told you so),
    #: not a term an author may use on purpose (local sleep)
    phrase_words: frozenset[str]


def flag_english(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Runs of English words left untranslated (``He told LBC``, ``Royal Mail
    first class recorded``).  Not names and titles (a capital after the first
    word: ``Environmental Protection Agency``, ``Joint Aid for Dogs``), not
    what is quoted or glossed in brackets (``„The Gilded Age“``), not German
    words (``des Texts``) nor loan words (``Know-how``, ``Cut-off-Zeit``: a
    run inside one hyphenated word).  Where the record has its English
    source, only a run the source has too; without one, only a phrase."""
    p: EnglishSettings = rule.settings
    text = doc.text
    english = res.lexicon.verdicts((rule.id, p), partial(_english_word, res=res, p=p)).__getitem__
    tables = res.derived("flags.english-chunks", dict)       # (rule id, settings) -> table
    if (rule.id, p) not in tables:
        tables[rule.id, p] = english_chunks(english)
    runs = _english_runs(text, res, p, english, doc.memo("chunks.lines", line_chunks),
                         tables[rule.id, p])
    if not runs:
        return Proposal()
    quoted = [m.span() for m in QUOTED.finditer(text)]
    foreign = [(b.start, b.end) for b in doc.blocks if b.lang != "de"]
    source = _words_of(doc.source) if doc.source else None
    out = Proposal()
    for run in runs:
        start, end = run[0].start(), run[-1].end()
        words = [m.group() for m in run]
        if len(run) < p.min_run or _name_like(words, p.title_minor) or \
                " " not in text[start:end] or _in_title(text, start, end, words, p.title_minor) or \
                any(a <= start and end <= b for a, b in quoted + foreign):
            continue
        if source is not None and f" {' '.join(w.casefold() for w in words)} " not in source:
            continue
        if source is None and not any(w.casefold() in p.phrase_words for w in words):
            continue
        out.marks.append(Mark(start, end, f"untranslated English? {text[start:end]!r}"))
    return out


def english_chunks(english: Callable[[str], bool]) -> ChunkTable[bytes]:
    """A chunk -> its words' verdicts table (one byte each, 1 for English)."""
    def verdicts(chunk: str) -> bytes:
        # not :func:`.chunks.words_in`: a one-word chunk shares one of two
        # constant bytes (0.8 % fewer instructions of a run on fresh text)
        word = one_word(chunk)
        if word is not None:
            return b"\x01" if english(word) else b"\x00"
        return bytes(map(english, TOKEN.findall(chunk)))

    return ChunkTable(verdicts)


def _english_runs(text: str, res: Resources, p: EnglishSettings, english: Callable[[str], bool],
                  lines: LineChunks | None = None,
                  verdicts: ChunkTable[bytes] | None = None) -> list[list[regex.Match]]:
    """Maximal runs of English words, joined by a space or a hyphen: every
    run long enough to flag (``min_run`` words), and shorter ones only on
    the lines walked for those.  A run of ``min_run`` words is ``min_run``
    English words in a row in the list of all the text's words: the
    verdicts of the text's chunks (``text.split()``, read once per distinct
    chunk: :func:`english_chunks`) put together at C speed, so a text
    without such a stretch (most texts) costs no Python call per word.
    Otherwise only the lines with such a stretch among their own words are
    walked (no joiner is a line break, so a run never crosses one).
    ``lines``: :func:`line_chunks` of ``text``, whose chunks are read again
    for a line's own stretch (no second split of the text)."""
    runs: list[list[regex.Match]] = []
    verdicts = english_chunks(english) if verdicts is None else verdicts
    lines = line_chunks(text) if lines is None else lines
    read = verdicts.__getitem__
    stretch = b"\x01" * max(p.min_run, 1)
    if stretch not in b"".join(map(read, chain.from_iterable(map(itemgetter(1), lines)))):
        return runs
    walked = [(0, len(text))] if any("\n" in j for j in p.joiners) else []
    start = 0
    for line, chunks in lines if not walked else ():
        # a stripped line starts with no whitespace, and only whitespace lies
        # between the end of the line before and its start: found there
        start = text.find(line, start)
        if stretch in b"".join(map(read, chunks)):
            walked.append((start, start + len(line)))
        start += len(line)
    for start, end in walked:
        run: list[regex.Match] = []
        for m in TOKEN.finditer(text, start, end):
            if run and text[run[-1].end():m.start()] not in p.joiners:
                runs.append(run)
                run = []
            if english(m.group()) and not _in_german_compound(m, text, res):
                run.append(m)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    return runs


def _english_word(word: str, res: Resources, p: EnglishSettings) -> bool:
    """Common in English, much rarer in German, and no German word form
    (the word alone decides: judged once per distinct word).  The frequencies
    are asked first: they turn most words away with a look-up or two, where
    the German forms take three."""
    lex = res.lexicon
    z_en = lex.zipf(word, "en")
    if z_en < p.min_english_zipf or z_en - lex.zipf(word, "de") < p.min_gap:
        return False
    return not ((word.isupper() and len(word) > 1) or res.gazetteer.knows(word) or _german_form(word, lex))


def _in_german_compound(m: regex.Match, text: str, res: Resources) -> bool:
    """Part of a hyphenated word German knows (``Know-how``)."""
    whole = HYPHENATED.match(text, _hyphen_start(text, m.start()))
    lex = res.lexicon
    return bool(whole) and (lex.known_form(whole.group()) or lex.zipf(whole.group(), "de") > 0)


HYPHENATED = regex.compile(r"\p{L}+(?:[-−‐]\p{L}+)+")


def _hyphen_start(text: str, pos: int) -> int:
    """Where the hyphenated word around ``pos`` starts."""
    while pos > 1 and text[pos - 1] in "-−‐" and text[pos - 2].isalpha():
        pos -= 2
        while pos > 0 and text[pos - 1].isalpha():
            pos -= 1
    return pos


def _german_form(word: str, lex: Any) -> bool:
    """An inflected German form (``Plans`` of Plan, ``Texts`` of Text, as
    written or at the start of a sentence).  A form that is its own lemma
    proves nothing: the dictionary also lists English words (``the``)."""
    for form in (word, word.lower(), word[:1].upper() + word[1:]):
        lemma = lex.lemma(form)
        if lemma is not None and lemma.casefold() != form.casefold():
            return True
    return False


def _name_like(words: list[str], minor: frozenset[str]) -> bool:
    """A capital after the first word, or every word capitalised but the
    minor ones (``Signed For``, ``Doctors for Refugees``): a name or a title."""
    return any(w[:1].isupper() for w in words[1:]) or \
        all(w[:1].isupper() or w.casefold() in minor for w in words)


def _in_title(text: str, start: int, end: int, words: list[str], minor: frozenset[str]) -> bool:
    """Only minor words, between two capitalised ones."""
    before = TOKEN.findall(text[max(0, start - 40):start])
    after = TOKEN.match(text, end + 1) if end + 1 < len(text) else None
    return all(w.casefold() in minor for w in words) and bool(before) and \
        before[-1][:1].isupper() and after is not None and after.group()[:1].isupper()


def _words_of(source: str) -> str:
    """The source as lower-case words between spaces, for looking runs up."""
    return " " + " ".join(w.casefold() for w in TOKEN.findall(source)) + " "


def flag_agreement(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """The article before a strong adjective ending -es cannot agree
    (``der Weißes Haus``).  Most such pairs are genitives (``des Krieges
    Ziel``): only a word German reads as an adjective counts."""
    out = Proposal()
    for m in matches(rule, doc.text):
        other = res.lexicon.lemmas(m.group("adj"))[1]
        if other is not None and other[:1].islower():
            out.marks.append(Mark(m.start(), m.end(),
                                  f"article and adjective do not agree: {m.group().strip()!r}"))
    return out


@dataclass(frozen=True)
class RepeatSettings:
    #: shorter sentences may repeat (a refrain, "Weiß nicht.")
    min_words: int = 6
    #: this many sentences in a row must repeat an earlier run: news repeats
    #: one sentence on purpose (a quotation in the lead and in the body)
    min_run: int = 2


def flag_repeated_sentences(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Sentences said twice, in the same order, inside other text.  A block
    repeated whole is the structure stage's (removed or flagged there, or
    kept on purpose), and a repeat the English source makes too is faithful."""
    p: RepeatSettings = rule.settings
    if p.min_words > 1:
        said = unspaced_sentences(doc.memo("chunks.lines", line_chunks))
    else:
        said = list(map(" ".join, map(str.split, SENTENCE.findall(doc.text))))
    if len(set(said)) == len(said):
        return Proposal()      # no sentence said twice: most texts, found at C speed
    spans = doc.block_spans()
    starts = [a for a, _ in spans]
    found: list[tuple[int, int, str, int]] = []        # start, end, key, block
    for m in SENTENCE.finditer(doc.text):
        words = m.group().split()
        if len(words) >= p.min_words:
            start = m.start() + len(m.group()) - len(m.group().lstrip())
            found.append((start, m.end(), " ".join(words), bisect.bisect_right(starts, start) - 1))
    first: dict[str, int] = {}
    earlier: dict[int, int] = {}
    for k, item in enumerate(found):
        e = first.setdefault(item[2], k)
        if e != k and not (_whole(item, spans) and _whole(found[e], spans)):
            earlier[k] = e
    repeats = [k for k in earlier if _run_length(k, earlier) >= p.min_run]
    mirrored = source_sentence_repeats(doc, len(spans), [(found[k][3], found[earlier[k]][3])
                                                         for k in repeats], SENTENCE, p.min_words)
    return Proposal(marks=[Mark(found[k][0], found[k][1],
                                f"sentence repeats an earlier one: {excerpt(found[k][2])!r}")
                           for n, k in enumerate(repeats) if n not in mirrored])


def unspaced_sentences(lines: LineChunks) -> list[str]:
    """The text's sentences of a word or more (more than their end mark),
    without their whitespace: two sentences of equal words (the keys
    below) are two equal strings here.  The text without whitespace but
    its line breaks is its lines' chunks put together at C speed, and its
    sentences are the text's: only whitespace is gone, and an end mark or
    line break is none (tests/test_chunks.py)."""
    return UNSPACED_SENTENCE.findall("\n".join(map("".join, map(itemgetter(1), lines))))


#: SENTENCE for a text without whitespace but line breaks (``re`` is quicker
#: here, and the pattern has no class the two read differently)
UNSPACED_SENTENCE = re.compile(SENTENCE.pattern)


def _run_length(k: int, earlier: dict[int, int]) -> int:
    """How many sentences in a row, ``k`` among them, repeat an earlier run
    in the same order."""
    lo = hi = k
    while lo - 1 in earlier and earlier[lo - 1] == earlier[lo] - 1:
        lo -= 1
    while hi + 1 in earlier and earlier[hi + 1] == earlier[hi] + 1:
        hi += 1
    return hi - lo + 1


def excerpt(text: str, width: int = 60) -> str:
    """The start of a long text, cut at a word, for a flag's message."""
    return text if len(text) <= width else text[:width].rsplit(" ", 1)[0] + " …"


def _whole(item: tuple[int, int, str, int], spans: list[tuple[int, int]]) -> bool:
    return spans[item[3]] == (item[0], item[1])


MECHANISMS = mechanisms(Mechanism(flag_english, EnglishSettings),
                        Mechanism(flag_agreement, needs_pattern=True, groups=("adj",)),
                        Mechanism(flag_repeated_sentences, RepeatSettings))
