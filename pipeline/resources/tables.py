"""The word tables behind the lexicon, in a form that loads in milliseconds.

wordfreq's large German and English lists and simplemma's German form
dictionary take over a second and 200 MB to load as Python dicts, in every
process (every worker of ``--jobs``).  Built once into memory-mapped files
(about 13 MB on disk), they open instantly and are shared by all processes
through the page cache.  The tables are derived data: they are built from
the installed packages on first use (``make`` builds them during set-up)
and named after those packages' versions, so an upgrade builds new ones.

The frequencies are a marisa trie of the words, which gives each word a
row number, and a flat array of wordfreq's own centibel bucket index per
row and language, so every zipf value is the float wordfreq itself would
give.  A look-up is the trie's key id and two array reads: half the time of
a trie that stores the records itself (marisa's ``RecordTrie``, which
unpacks a list of tuples per look-up), and a corpus of fresh news looks up
every new word it meets.
"""

from __future__ import annotations

import array
import logging
import mmap
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

import marisa_trie

log = logging.getLogger(__name__)

#: bump when the layout of the tables changes
FORMAT = 2
LANGS = ("de", "en")
#: the array's items: per word (the trie's key id) one unsigned 16-bit
#: wordfreq bucket index + 1 per language of LANGS, in that order (0:
#: unseen), little-endian on disk
INDEX_TYPE: Final = "H"
#: the largest index a table holds: wordfreq has 800 buckets, and a list
#: with more is refused rather than read wrong
MAX_INDEX = 1023


def cache_dir() -> Path:
    """``$KLARTEXT_CACHE``, else beside the interpreter's environment (the
    project's .venv), else the user's cache folder."""
    if os.environ.get("KLARTEXT_CACHE"):
        return Path(os.environ["KLARTEXT_CACHE"])
    inside = Path(sys.prefix) / "share" / "klartext"
    if os.access(sys.prefix, os.W_OK) or inside.is_dir():
        return inside
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "klartext"


def table_paths() -> tuple[Path, Path, Path]:
    """The frequency trie, its array of bucket indexes, the form table."""
    tag = f"v{FORMAT}-wordfreq{_version('wordfreq')}-simplemma{_version('simplemma')}"
    folder = cache_dir()
    return (folder / f"freq-{tag}.marisa", folder / f"freq-{tag}.index",
            folder / f"forms-de-{tag}.marisa")


def _version(name: str) -> str:
    """An installed package's version, from the name of its ``.dist-info``
    folder where there is one: importing ``importlib.metadata`` (and the
    e-mail parser it reads metadata with) took 14 ms of every start."""
    for entry in sys.path:
        for info in Path(entry or ".").glob(f"{name}-*.dist-info"):
            return info.name[len(name) + 1:-len(".dist-info")]
    from importlib.metadata import version
    return version(name)


class Frequencies:
    """A word's wordfreq bucket indexes (+ 1, 0: unseen), one per language
    of LANGS (see :meth:`indexes`)."""

    def __init__(self, trie_path: Path, index_path: Path) -> None:
        self.words = marisa_trie.Trie()
        self.words.mmap(str(trie_path))
        self.index = _open_index(index_path)
        if len(self.index) != len(self.words) * len(LANGS):
            raise ValueError(f"{index_path}: {len(self.index)} indexes for {len(self.words)} words")

    def indexes(self, word: str) -> tuple[int, ...]:
        """The word's indexes, all 0 for a word the lists do not have
        (looked up as given: the lists are case-folded).  Its row is the
        trie's key id times the number of languages."""
        found = self.words.get(word)
        if found is None:
            return (0,) * len(LANGS)
        row = found * len(LANGS)
        return tuple(self.index[row:row + len(LANGS)])


def _open_index(path: Path) -> Sequence[int]:
    """The array of bucket indexes, memory-mapped where the machine reads
    little-endian numbers as they are written."""
    if sys.byteorder == "little":
        with open(path, "rb") as fh:
            return memoryview(mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)).cast(INDEX_TYPE)
    values = array.array(INDEX_TYPE, path.read_bytes())
    values.byteswap()
    return values


def open_tables() -> tuple[Frequencies, marisa_trie.BytesTrie]:
    """The frequency and form tables, memory-mapped; built first if missing."""
    freq_path, index_path, forms_path = table_paths()
    if not all(p.exists() for p in (freq_path, index_path, forms_path)):
        build_tables(freq_path, index_path, forms_path)
    try:
        freq = Frequencies(freq_path, index_path)
    except ValueError as exc:       # a trie and an array of different builds
        log.warning("%s; building the word tables again", exc)
        build_tables(freq_path, index_path, forms_path)
        freq = Frequencies(freq_path, index_path)
    forms = marisa_trie.BytesTrie()
    forms.mmap(str(forms_path))
    return freq, forms


def build_tables(freq_path: Path, index_path: Path, forms_path: Path) -> None:
    log.warning("building the word tables in %s (once; takes a few seconds)", freq_path.parent)
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk
    from wordfreq import get_frequency_list

    rows: dict[str, list[int]] = {}
    for i, lang in enumerate(LANGS):
        buckets = get_frequency_list(lang, "large")
        if len(buckets) > MAX_INDEX:
            raise ValueError(f"wordfreq's {lang} list has {len(buckets)} buckets, "
                             f"more than the tables hold ({MAX_INDEX})")
        for index, bucket in enumerate(buckets):
            for word in bucket:
                rows.setdefault(word, [0] * len(LANGS))[i] = index + 1
    words = marisa_trie.Trie(rows)
    indexes = array.array(INDEX_TYPE, [0]) * (len(words) * len(LANGS))
    for word, values in rows.items():
        at = words[word] * len(LANGS)
        indexes[at:at + len(LANGS)] = array.array(INDEX_TYPE, values)
    if sys.byteorder != "little":
        indexes.byteswap()
    forms = _load_dictionary_from_disk("de")
    # the trie and its array are saved before the form table: a build that
    # stops half-way leaves that one missing, and the next run builds again
    _save(index_path, lambda name: Path(name).write_bytes(indexes.tobytes()))
    _save(freq_path, words.save)
    _save(forms_path, marisa_trie.BytesTrie((_text(k), v if isinstance(v, bytes) else v.encode())
                                            for k, v in forms.items()).save)


def _text(key: str | bytes) -> str:
    return key.decode("utf-8") if isinstance(key, bytes) else key


def _save(path: Path, save: Callable[[str], object]) -> None:
    """Written under a temporary name and renamed: a second process building
    at the same time, or an interrupted build, never leaves half a table.
    ``save`` writes the table to the file name it is given."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

