"""The word tables behind the lexicon, in a form that loads in milliseconds.

wordfreq's large German and English lists and simplemma's German form
dictionary take over a second and 200 MB to load as Python dicts, in every
process (every worker of ``--jobs``).  Built once into two memory-mapped
marisa tries (about 11 MB on disk), they open instantly and are shared by
all processes through the page cache.  The tables are derived data: they
are built from the installed packages on first use (``make`` builds them
during set-up) and named after those packages' versions, so an upgrade
builds new ones.  Frequencies are stored as wordfreq's own centibel bucket
index, so every zipf value is the float wordfreq itself would give.
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from pathlib import Path

import marisa_trie

log = logging.getLogger(__name__)

#: bump when the layout of the tables changes
FORMAT = 1
LANGS = ("de", "en")
#: one record per word: the wordfreq bucket index + 1 per language (0: unseen)
FREQ_RECORD = "<" + "H" * len(LANGS)
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


def table_paths() -> tuple[Path, Path]:
    tag = f"v{FORMAT}-wordfreq{_version('wordfreq')}-simplemma{_version('simplemma')}"
    folder = cache_dir()
    return folder / f"freq-{tag}.marisa", folder / f"forms-de-{tag}.marisa"


def _version(name: str) -> str:
    """An installed package's version, from the name of its ``.dist-info``
    folder where there is one: importing ``importlib.metadata`` (and the
    e-mail parser it reads metadata with) took 14 ms of every start."""
    for entry in sys.path:
        for info in Path(entry or ".").glob(f"{name}-*.dist-info"):
            return info.name[len(name) + 1:-len(".dist-info")]
    from importlib.metadata import version
    return version(name)


def open_tables() -> tuple[marisa_trie.RecordTrie, marisa_trie.BytesTrie]:
    """The frequency and form tables, memory-mapped; built first if missing."""
    freq_path, forms_path = table_paths()
    if not (freq_path.exists() and forms_path.exists()):
        build_tables(freq_path, forms_path)
    freq = marisa_trie.RecordTrie(FREQ_RECORD)
    freq.mmap(str(freq_path))
    forms = marisa_trie.BytesTrie()
    forms.mmap(str(forms_path))
    return freq, forms


def build_tables(freq_path: Path, forms_path: Path) -> None:
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
    _save(marisa_trie.RecordTrie(FREQ_RECORD, ((w, tuple(v)) for w, v in rows.items())), freq_path)
    forms = _load_dictionary_from_disk("de")
    _save(marisa_trie.BytesTrie((_text(k), v if isinstance(v, bytes) else v.encode())
                                for k, v in forms.items()), forms_path)


def _text(key: str | bytes) -> str:
    return key.decode("utf-8") if isinstance(key, bytes) else key


def _save(trie: marisa_trie.Trie, path: Path) -> None:
    """Written under a temporary name and renamed: a second process building
    at the same time, or an interrupted build, never leaves half a table."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        trie.save(tmp)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

