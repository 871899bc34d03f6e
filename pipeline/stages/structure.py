"""Document structure: metadata lifted out of the body, datelines joined,
blocks laid out one per line with a blank line between them, boilerplate and
duplicated blocks removed, and each block given a kind and a language.

Removed material is kept twice: in the change log (for ``restore``) and in the
metadata (``removed``), so nothing a reviewer might need is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property, partial

import regex

from ..core import Block, Document, Edit, Mark, Note, Proposal
from ..patterns import matches, search
from ..resources import Resources
from ..resources.lexicon import Lexicon
from ..spec import Mechanism, Rule, SettingsError, mechanisms
from .flags import excerpt
from .source import source_repeats


@dataclass(frozen=True)
class MetadataSettings:
    #: the metadata key the matched ``value`` group goes to
    field: str


def lift_metadata(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """A metadata line at the very start of the text (``rule.pattern`` is
    anchored there) moves into the metadata.  The metadata rules repeat as a
    group (the mechanism is declared ``repeat``), so the lines of a header
    are lifted in whatever order they come; the first value of a field is
    kept, later ones are in the change log.  A header that came to stand
    first only after the stage (the boilerplate before it removed: the
    mechanism is declared ``recheck``) may be the block the block kinds
    took for the title; the title goes with that block, whatever the later
    stages made of its text."""
    found = matches(rule, doc.text)
    if not found:
        return Proposal()
    m, key = found[0], rule.settings.field
    value = (m.group("value") or "").strip()
    notes = [Note(key, value, "first")]
    if doc.blocks and doc.blocks[0].kind == "title" and m.end() >= doc.blocks[0].end:
        notes.append(Note("title", None, "drop"))
    return Proposal([Edit(m.start(), m.end(), "", rule.id, f"{key}={value}")], notes=notes)


def join_dateline(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """``Anchorage, Alaska`` / ``–`` / ``Es ist …`` becomes one line; the
    place is recorded as the dateline."""
    out = Proposal()
    for m in matches(rule, doc.text):
        out.notes.append(Note("dateline", " ".join(m.group("place").split()), "first"))
        out.edits.append(Edit(m.start(), m.end(), m.group("place").rstrip() + " – ", rule.id))
    return out


def _removals(doc: Document, spans: list[tuple[int, int]], drop: list[int],
              rule_id: str, detail: str | None = None) -> Proposal:
    """Edits that remove the blocks ``drop`` with their separators (a run of
    neighbouring blocks goes as one span, so the edits never overlap), and
    the removed blocks noted in the metadata."""
    out = Proposal(notes=[Note("removed", doc.text[slice(*spans[i])], "append") for i in drop])
    i, gone = 0, set(drop)
    while i < len(spans):
        if i not in gone:
            i += 1
            continue
        j = i
        while j + 1 < len(spans) and j + 1 in gone:
            j += 1
        if j + 1 < len(spans):
            span = (spans[i][0], spans[j + 1][0])
        elif i > 0:
            span = (spans[i - 1][1], spans[j][1])
        else:
            span = (spans[i][0], len(doc.text))
        out.edits.append(Edit(*span, "", rule_id, detail))
        i = j + 1
    return out


def remove_boilerplate(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Blocks that ``rule.pattern`` matches from start to end are removed.
    A text that holds none of the strings the rule ``requires`` has no block
    that holds one: one search of the text, not one per block."""
    if not rule.may_match(doc.text):
        return Proposal()
    spans = doc.block_spans()
    drop = [i for i, (start, end) in enumerate(spans)
            if any(m.span() == (start, end) for m in matches(rule, doc.text, start, end))]
    return _removals(doc, spans, drop, rule.id)


@dataclass(frozen=True)
class DuplicateSettings:
    #: a block this long that repeats an earlier one is a copy; a shorter one
    #: may be repeated on purpose (``Weiß nicht.``, a step of a manual)
    min_chars: int
    #: a run of this many neighbouring blocks repeating an earlier run, together
    #: at least ``min_chars`` long, is a copy too
    min_run: int
    #: flag a shorter block that repeats the block right before it, from this
    #: many words on (``structure.repeated-block``)
    flag_min_words: int = 4
    #: characters compared as one: each key stands for the characters of its value
    same_marks: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if any(c in mark for c, _ in self.marks for mark in self.same_marks):
            raise SettingsError("same_marks: a mark cannot itself count as another mark")

    @cached_property
    def marks(self) -> tuple[tuple[str, str], ...]:
        """(character, the mark it counts as) pairs; a mark is none of the
        characters, so replacing one after another is one translation."""
        return tuple((c, mark) for mark, chars in self.same_marks.items() for c in chars if c != mark)


def block_key(block: str, marks: tuple[tuple[str, str], ...]) -> str:
    """What two copies of one block share even when the later stages would
    repair them differently: no spaces, no case, one kind of quote and of
    dash.  ``DerRegierung`` and ``Der Regierung`` are the same block, so a
    copy that only becomes identical after spacing is removed on the first
    run, not the second (idempotence).  (A ``replace`` per mark that occurs:
    ``str.translate`` with a table looks up every character in a dict.)"""
    key = "".join(block.split()).casefold()
    for c, mark in marks:
        if c in key:
            key = key.replace(c, mark)
    return key


def block_keys(doc: Document, marks: tuple[tuple[str, str], ...]) -> list[str]:
    """The key of each block of the current text, worked out once per text
    (the duplicate and the repeated-block rule read the same text)."""
    return doc.memo(f"structure.block-keys {marks!r}",
                    lambda text: [block_key(text[a:b], marks) for a, b in doc.block_spans()])


def find_repeats(doc: Document, spans: list[tuple[int, int]], keys: list[str],
                 s: DuplicateSettings) -> tuple[list[int], list[int]]:
    """The blocks (``keys``: their :func:`block_key`) that are copies of
    earlier ones (to remove) and the short blocks that repeat the block
    right before them (to flag).  A repeat the English source also makes (a
    chat's closing formula, a step of a manual said twice) is neither: the
    translation is faithful."""
    first: dict[str, int] = {}
    repeats: list[tuple[int, int]] = []
    for i, key in enumerate(keys):
        if key in first:
            repeats.append((i, first[key]))
        else:
            first[key] = i
    mirrored = source_repeats(doc, len(spans), repeats)
    earlier = dict(r for r in repeats if r[0] not in mirrored)
    copies, doubtful = [], []
    in_runs = _copied_runs(earlier, spans, s)
    for i, j in earlier.items():
        length = spans[i][1] - spans[i][0]
        if length >= s.min_chars or i in in_runs:
            copies.append(i)
        elif i == j + 1 and len(doc.text[slice(*spans[i])].split()) >= s.flag_min_words:
            doubtful.append(i)
    return copies, doubtful


def _copied_runs(earlier: dict[int, int], spans: list[tuple[int, int]],
                 s: DuplicateSettings) -> set[int]:
    """The blocks that are part of a run of neighbouring blocks repeating an
    earlier run in the same order, long enough together to be a copy.  The
    runs are found in one pass over the repeats in order (a corpus file that
    repeats its first 200,000 lines is one run, not 200,000 walks of it)."""
    inside: set[int] = set()
    run: list[int] = []
    for i in sorted(earlier) + [-1]:      # -1 closes the last run
        if run and i == run[-1] + 1 and earlier[i] == earlier[run[-1]] + 1:
            run.append(i)
            continue
        size = sum(spans[k][1] - spans[k][0] for k in run)
        if len(run) >= s.min_run and size >= s.min_chars:
            inside.update(run)
        run = [i]
    return inside


def remove_duplicate_blocks(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """A block that copies an earlier one word for word (up to spacing, case
    and quote style, see :func:`block_key`) goes, when it is long enough to
    be a copy (see :func:`find_repeats`); a repeated sentence inside other
    text is left for the flags stage."""
    spans = doc.block_spans()
    copies, _ = find_repeats(doc, spans, block_keys(doc, rule.settings.marks), rule.settings)
    return _removals(doc, spans, copies, rule.id, "duplicate block")


def flag_repeated_blocks(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """A shorter block said twice in a row is shown to a person, not removed."""
    spans = doc.block_spans()
    _, doubtful = find_repeats(doc, spans, block_keys(doc, rule.settings.marks), rule.settings)
    return Proposal(marks=[Mark(*spans[i], f"block repeats the one before it: "
                                           f"{excerpt(doc.text[slice(*spans[i])])!r}")
                           for i in doubtful])


@dataclass(frozen=True)
class KindSettings:
    #: marks that end a sentence: a block ending otherwise is a title or heading
    sentence_end: tuple[str, ...]
    title_max_words: int = 20
    heading_max_words: int = 14


def classify_blocks(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Title, heading, caption or paragraph, from shape alone: short lines
    without a sentence-final stop are headings (the first one the title);
    ``rule.pattern``, if any, finds captions.  A text without any of the
    strings the pattern requires has no caption (one search of the text, not
    one per block); words are counted only in a block without a final stop,
    and only as far as the larger limit."""
    s: KindSettings = rule.settings
    stops = s.sentence_end
    spans = doc.block_spans()
    captions = rule.pattern is not None and rule.may_match(doc.text)
    most = max(s.title_max_words, s.heading_max_words)
    text, blocks = doc.text, []
    for i, (start, end) in enumerate(spans):
        kind = "paragraph"
        if captions and search(rule, text[start:end]):
            kind = "caption"
        elif not text.endswith(stops, start, end):
            n = len(text[start:end].split(maxsplit=most))   # min(words, most + 1)
            if i == 0 and n <= s.title_max_words and len(spans) > 1:
                kind = "title"
            elif n <= s.heading_max_words and i + 1 < len(spans):
                kind = "heading"
        blocks.append(Block(start, end, kind))
    notes = [Note("title", doc.text[blocks[0].start:blocks[0].end])] \
        if blocks and blocks[0].kind == "title" else []
    return Proposal(notes=notes, blocks=blocks)


@dataclass(frozen=True)
class BlockLanguageSettings:
    #: shorter blocks keep the document's language: langdetect guesses
    #: wildly on a handful of words
    min_words: int = 8
    min_confidence: float = 0.9
    #: a block whose words are at least this share German word forms (and
    #: more German than English) is German without asking langdetect
    german_words: float = 1.0


LETTERS = regex.compile(r"\p{L}+")


def german_word_share(text: str, lex: Lexicon) -> float:
    """The share of words that are German word forms, and more common in
    German than in English (French or English words are not).  Each word is
    judged once (the lexicon's word -> verdict table)."""
    words = LETTERS.findall(text)
    german = sum(map(lex.verdicts("structure.german-word", partial(_german_word, lex=lex)).__getitem__,
                     words))
    return german / len(words) if words else 0.0


def _german_word(word: str, lex: Lexicon) -> bool:
    return bool(lex.known_form(word) or lex.known_form(word.lower())) and \
        lex.zipf(word, "de") > lex.zipf(word, "en")


def tag_block_languages(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Each block gets a language, so that German rules leave quoted English
    or French passages alone.  langdetect (slow, and wrong on some short
    German sentences) is asked only about a block that neither the German
    function words nor the German word forms show to be German."""
    s: BlockLanguageSettings = rule.settings
    blocks = doc.blocks or [Block(start, end) for start, end in doc.block_spans()]
    tagged = []
    for b in blocks:
        text = doc.text[b.start:b.end]
        lang = "de"
        # split(maxsplit=m) has m items or more exactly when the text has m words or more
        if len(text.split(maxsplit=s.min_words)) >= s.min_words and \
                not res.detector.clearly_german(text) and \
                german_word_share(text, res.lexicon) < s.german_words:
            lang = res.detector.foreign(text, s.min_confidence) or "de"
        tagged.append(b if b.lang == lang else replace(b, lang=lang))
    return Proposal(blocks=tagged)


MECHANISMS = mechanisms(
    # recheck: a header comes to stand first when the boilerplate before it goes
    Mechanism(lift_metadata, MetadataSettings, needs_pattern=True, groups=("value",), repeat=True,
              recheck=True),
    Mechanism(join_dateline, needs_pattern=True, groups=("place",)),
    Mechanism(remove_boilerplate, needs_pattern=True),
    Mechanism(remove_duplicate_blocks, DuplicateSettings, recheck=True),   # a block grows into a copy
    Mechanism(flag_repeated_blocks, DuplicateSettings),
    Mechanism(classify_blocks, KindSettings),
    Mechanism(tag_block_languages, BlockLanguageSettings))
