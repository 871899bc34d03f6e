"""Language identification with langdetect, made repeatable and quick.

langdetect is random by design; a fixed seed gives the same answer for the
same input on every run.  The settings (seed, how much text, the German
marker words) come from ``[detector]`` in ``rules/language.toml``.

langdetect's own profiles are 55 JSON files that take a third of a second
to load into 4.8 million floats, in every process (every worker of
``--jobs``).  Only 4% of those numbers are not zero, so the profiles are
kept in a compact form (:class:`Profiles`), built once into the cache
folder of the word tables and loaded from there in about 20 ms.
langdetect still prepares the text; its n-grams are taken here word by
word (:meth:`Profiles.ngrams`, the same list), and the random trials that
weigh them run here, on the compact form, with the same arithmetic in the
same order, so every answer is the float langdetect itself gives.
"""

from __future__ import annotations

import logging
import marshal
import os
import random
import sys
import tempfile
import zlib
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector as Sampler
from langdetect.utils.ngram import NGram

from .tables import _version, cache_dir

log = logging.getLogger(__name__)

#: bump when the layout of the cached profiles changes
FORMAT = 1
#: what clearly_german strips from a word before it looks it up
PUNCTUATION = ".,;:!?„“\"()"
#: distinct words whose n-grams are kept before the table starts afresh
MAX_WORDS = 200_000


@dataclass(frozen=True)
class DetectorSettings:
    seed: int = 0
    #: only this much of a text is read
    max_chars: int = 3000
    #: function words of German: where they make up ``marker_share`` of the
    #: words, the text is German without asking langdetect (which is slow)
    german_markers: frozenset[str] = frozenset()
    marker_share: float = 0.2


class Profiles:
    """langdetect's profiles, sparse: for each n-gram (``index`` gives its
    row), the languages (``columns``) in which its probability (``probs``)
    is not zero, at ``offsets[row]:offsets[row + 1]``.  ``langs`` keep the
    order langdetect loaded them in: its sums run in that order.  ``rows``
    gives an n-gram's probabilities in every language, built when it is
    first weighed (a few thousand n-grams are common)."""

    __slots__ = ("chars", "columns", "index", "langs", "offsets", "probs", "rows", "words")

    def __init__(self, langs: list[str], grams: list[str], offsets: array,
                 columns: array, probs: array) -> None:
        self.langs = langs
        self.index = dict(zip(grams, range(len(grams))))
        self.offsets, self.columns, self.probs = offsets, columns, probs
        self.rows = Rows(self)
        self.chars = Normalized()
        self.words = WordGrams(self.index)

    def ngrams(self, text: str) -> list[str]:
        """langdetect's ``Detector._extract_ngrams`` of a prepared text, word
        by word: langdetect reads the text one normalised character at a
        time, and a space starts afresh (its n-gram window and its test for
        a word in capitals), so a word's n-grams depend on the word alone
        and on whether a space follows it (that adds the n-grams ending in
        the space).  Each distinct word is worked out once."""
        tokens = "".join(map(self.chars.__getitem__, text)).split(" ")
        last, words, grams = len(tokens) - 1, self.words, []
        for i, token in enumerate(tokens):
            if token:
                grams += words[token, i < last]
        return grams

    @classmethod
    def of(cls, factory: DetectorFactory) -> Profiles:
        offsets, columns, probs = array("l", [0]), array("B"), array("d")
        for row in factory.word_lang_prob_map.values():
            for lang, prob in enumerate(row):
                if prob:
                    columns.append(lang)
                    probs.append(prob)
            offsets.append(len(probs))
        return cls(list(factory.langlist), list(factory.word_lang_prob_map), offsets, columns, probs)

    def dumps(self) -> bytes:
        return marshal.dumps((self.langs, list(self.index), self.offsets.tobytes(),
                              self.columns.tobytes(), self.probs.tobytes()))

    @classmethod
    def loads(cls, data: bytes) -> Profiles:
        langs, grams, offsets, columns, probs = marshal.loads(data)
        return cls(langs, grams, array("l", offsets), array("B", columns), array("d", probs))

    # what langdetect's text preparation reads of a factory
    @property
    def word_lang_prob_map(self) -> dict[str, int]:
        return self.index

    @property
    def langlist(self) -> list[str]:
        return self.langs

    seed = None


class Rows(dict[str, list[float]]):
    """n-gram -> its probability in each language of the profiles."""

    def __init__(self, profiles: Profiles) -> None:
        super().__init__()
        self.profiles = profiles

    def __missing__(self, gram: str) -> list[float]:
        p = self.profiles
        row = self[gram] = [0.0] * len(p.langs)
        at = p.index[gram]
        for k in range(p.offsets[at], p.offsets[at + 1]):
            row[p.columns[k]] = p.probs[k]
        return row


class Normalized(dict[str, str]):
    """character -> langdetect's normalised form of it."""

    def __missing__(self, ch: str) -> str:
        self[ch] = NGram.normalize(ch)
        return self[ch]


class _AsGiven(NGram):
    """langdetect's n-gram window over characters normalised already."""

    @classmethod
    def normalize(cls, ch: str) -> str:
        return ch


class WordGrams(dict[tuple[str, bool], list[str]]):
    """(normalised word, followed by a space) -> the n-grams langdetect
    takes from it, with the loop of ``Detector._extract_ngrams``."""

    def __init__(self, index: dict[str, int]) -> None:
        super().__init__()
        self.index = index

    def __missing__(self, key: tuple[str, bool]) -> list[str]:
        if len(self) >= MAX_WORDS:
            self.clear()
        word, spaced = key
        window, grams = _AsGiven(), []
        for ch in word + " " if spaced else word:
            window.add_char(ch)
            if window.capitalword:
                continue
            for n in range(1, NGram.N_GRAM + 1):
                if len(window.grams) < n:
                    break
                w = window.grams[-n:]
                if w and w != " " and w in self.index:
                    grams.append(w)
        self[key] = grams
        return grams


def profiles_path() -> Path:
    """Named after langdetect's version and the order its profile files are
    listed in (the order of langdetect's sums), and the Python version
    (marshal's format)."""
    listing = os.listdir(detector_factory.PROFILES_DIRECTORY)
    tag = f"v{FORMAT}-langdetect{_version('langdetect')}-{zlib.crc32(' '.join(listing).encode()):08x}" \
          f"-py{sys.version_info[0]}{sys.version_info[1]}"
    return cache_dir() / f"profiles-{tag}.marshal"


def load_profiles() -> Profiles:
    """The compact profiles, built from langdetect's first if missing (or
    unreadable)."""
    path = profiles_path()
    try:
        return Profiles.loads(path.read_bytes())
    except FileNotFoundError:
        log.info("building langdetect's compact profiles in %s (once)", path.parent)
    except (ValueError, EOFError, TypeError) as e:
        log.warning("rebuilding langdetect's compact profiles %s: %s", path, e)
    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    profiles = Profiles.of(factory)
    try:
        _write(profiles.dumps(), path)
    except OSError as e:   # a read-only cache: build again next time
        log.warning("could not save langdetect's profiles in %s: %s", path.parent, e)
    return profiles


def _write(data: bytes, path: Path) -> None:
    """Under a temporary name, then renamed: a second process building at
    the same time, or an interrupted build, never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Detector:
    """``profiles`` loads the profiles: only when a text is not clearly
    German, which most of a German corpus is."""

    def __init__(self, profiles: Callable[[], Profiles], settings: DetectorSettings) -> None:
        self.profiles = profiles
        self.settings = settings
        self._bare_markers = all(m.strip(PUNCTUATION) == m for m in settings.german_markers)

    def clearly_german(self, text: str) -> bool:
        """Most German sentences are full of articles and auxiliaries; where
        they make up a good share of the words, langdetect is skipped."""
        s = self.settings
        words = text[: s.max_chars].lower().split()
        if len(words) < 8:
            return False
        needed = s.marker_share * len(words)
        # the words that are markers as they stand are enough for most German
        # text; they are counted below too (a marker is its own stripped form)
        if self._bare_markers and sum(map(s.german_markers.__contains__, words)) >= needed:
            return True
        return sum(map(s.german_markers.__contains__,
                       map(str.strip, words, repeat(PUNCTUATION)))) >= needed

    def detect(self, text: str) -> tuple[str, float]:
        """Most probable language and its probability; ('', 0.0) if unknown."""
        profiles = self.profiles()
        found = self._probabilities(profiles, text)
        if not found:
            return "", 0.0
        # the first of the most probable, as langdetect's stable sort has it
        best = max(range(len(found)), key=found.__getitem__)
        return (profiles.langs[best], found[best]) if found[best] > Sampler.PROB_THRESHOLD else ("", 0.0)

    def foreign(self, text: str, min_confidence: float) -> str:
        """The language of a text that is not German with at least
        ``min_confidence``, else ''; ``detect`` would say the same.  Most
        texts asked are German: the trials stop as soon as no other
        language can reach ``min_confidence`` any more."""
        profiles = self.profiles()
        found = self._probabilities(profiles, text, min_confidence)
        if not found:
            return ""
        best = max(range(len(found)), key=found.__getitem__)
        lang = profiles.langs[best]
        return lang if lang != "de" and found[best] >= min_confidence else ""

    def _probabilities(self, p: Profiles, text: str, floor: float = 0.0) -> list[float] | None:
        """langdetect's ``get_probabilities`` before its sort, one float per
        language of ``p.langs``, float for float; None where it finds no
        n-gram, or (``floor``) once no language but German can end up at
        ``floor``: each trial adds at most 1/trials to a language."""
        prep = Sampler(p)
        prep.append(text[: self.settings.max_chars])
        prep.cleaning_text()
        grams = p.ngrams(prep.text)
        if not grams:
            return None
        n, trials, rows = len(p.langs), prep.n_trial, p.rows
        german = p.langs.index("de") if "de" in p.langs else -1
        rng = random.Random(self.settings.seed)
        choice, uniform = rng.choice, [1.0 / n] * n
        langprob = [0.0] * n
        for trial in range(1, trials + 1):
            w = (prep.alpha + rng.gauss(0.0, 1.0) * prep.ALPHA_WIDTH) / prep.BASE_FREQ
            # langdetect: prob[j] *= w + row[j] for one random n-gram after
            # another, prob[j] /= total after the first and after every
            # fifth until the largest is sure enough.  Here the division
            # opens the next pass, and the largest share is the largest
            # prob divided by the total (division keeps the order)
            prob = [x * (w + q) for x, q in zip(uniform, rows[choice(grams)])]
            total, last = sum(prob), 0
            while max(prob) / total <= prep.CONV_THRESHOLD and last < prep.ITERATION_LIMIT:
                r1, r2, r3 = rows[choice(grams)], rows[choice(grams)], rows[choice(grams)]
                r4, r5 = rows[choice(grams)], rows[choice(grams)]
                prob = [x / total * (w + a) * (w + b) * (w + c) * (w + d) * (w + e)
                        for x, a, b, c, d, e in zip(prob, r1, r2, r3, r4, r5)]
                total, last = sum(prob), last + 5
            prob = [x / total for x in prob]
            langprob = [a + x / trials for a, x in zip(langprob, prob)]
            if floor > 0 and all(a + (trials - trial) / trials + 1e-9 < floor
                                 for j, a in enumerate(langprob) if j != german):
                return None
        return langprob
