"""Output: the clean text, one JSON record per document, and a summary.

Every file is written to a temporary name in its own directory and renamed
into place, so an interrupted run leaves either the old complete file or the
new complete one, never half of one.  An output folder is locked while a run
fills it (a second run on it stops with a message); the next run removes the
temporary files a killed one left, and text files of documents no longer in
the corpus go once the new corpus is in place.  Every JSON written is valid
UTF-8: a string that cannot be (a lone surrogate) is written escaped.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import GeneratorType
from typing import IO, Any

from ..core import Change, Document

SAFE_NAME = re.compile(r"[^\w.-]+")
#: room for a ``-NNN`` suffix and ``.txt`` within a 255-byte file name
MAX_STEM_BYTES = 200


#: the name of a temporary file: ``.`` + the final name + a random part + this
TEMP_SUFFIX = ".tmp"
#: a record larger than this (characters of text, changes and flags) is
#: written piece by piece rather than made whole first
STREAM_CHARS, STREAM_ITEMS = 1_000_000, 10_000
#: a lone surrogate: valid in a Python string, not in UTF-8
SURROGATE = re.compile("[\ud800-\udfff]")


@contextmanager
def atomic_open(path: Path, mode: str = "w", sync: bool = True) -> Iterator[IO[Any]]:
    """A file (``mode`` "w": UTF-8 text, "wb": bytes) that appears whole or
    not at all (temporary name, renamed into place).  ``sync`` also makes it
    durable before the rename, which costs a disk flush per file: the corpus
    and the summary of a batch are synced, its many small text files are not
    (a killed run never leaves half of one; only a crash of the whole machine
    could lose what the kernel had not written yet).  A new file gets the
    mode a plain ``open`` gives, an existing one keeps its own."""
    with _replacing(path) as (fd, keep):
        with (os.fdopen(fd, mode) if "b" in mode else
              os.fdopen(fd, mode, encoding="utf-8", newline="")) as fh:
            yield fh
            fh.flush()
            _settle(fh.fileno(), keep, sync)


def write_atomically(path: Path, data: bytes, sync: bool = False) -> None:
    """``data`` into ``path`` as :func:`atomic_open` writes it, with plain
    system calls: the file object ``atomic_open`` hands out also asks how
    large the file is, whether it is a terminal and where it stands, four
    calls more (strace) for each of a batch's many small text files."""
    with _replacing(path) as (fd, keep):
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            _settle(fd, keep, sync)
        finally:
            os.close(fd)


@contextmanager
def _replacing(path: Path) -> Iterator[tuple[int, int | None]]:
    """A new temporary file beside ``path``: its descriptor (which the block
    closes) and the mode of the file it replaces, if there is one.  It is
    renamed over ``path`` when the block ends normally, removed otherwise."""
    try:
        keep: int | None = os.stat(path).st_mode & 0o7777
    except OSError:
        keep = None
    fd, tmp = _create_temp(path)
    try:
        yield fd, keep
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _settle(fd: int, keep: int | None, sync: bool) -> None:
    """The replaced file's mode, and with ``sync`` the bytes on disk."""
    if keep is not None:
        os.fchmod(fd, keep)
    if sync:
        os.fsync(fd)


def _create_temp(path: Path) -> tuple[int, str]:
    """A new file beside ``path`` under a random temporary name, created as
    ``open`` creates one (mode 0666 less the umask, which the kernel
    applies: no ``chmod`` per file), and its folder only when it is missing
    (a batch writes thousands of text files into one folder, so asking for
    the folder first would be one more system call each)."""
    made = False
    for _ in range(100):
        tmp = str(path.parent / f".{path.name}.{_random_part()}{TEMP_SUFFIX}")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666), tmp
        except FileExistsError:
            continue
        except FileNotFoundError:
            if made:
                raise
            path.parent.mkdir(parents=True, exist_ok=True)
            made = True
    raise FileExistsError(f"{path.parent}: no free temporary name for {path.name}")


def _random_part() -> str:
    """Eight characters of ``[a-z2-7]``, as :data:`TEMP_NAME` expects."""
    return base64.b32encode(os.urandom(5)).decode("ascii").lower()


def safe_stem(doc_id: str, taken: set[str]) -> str:
    """A file name for an id that can never leave the output directory
    (``../../etc/passwd`` becomes ``etc_passwd``), unique within the run even
    on a case-insensitive file system, and short enough for any (255 bytes)."""
    stem = SAFE_NAME.sub("_", doc_id).strip("._") or "document"
    stem = stem[:MAX_STEM_BYTES]
    while len(stem.encode("utf-8")) > MAX_STEM_BYTES:
        stem = stem[:-1]
    candidate, n = stem, 2
    while candidate.casefold() in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate.casefold())
    return candidate


def change_record(c: Change) -> dict[str, Any]:
    out = {"rule": c.rule_id, "stage": c.stage, "start": c.start, "end": c.end,
           "before": c.before, "after": c.after, "step": c.step, "at": c.at}
    if c.detail:
        out["detail"] = c.detail
    return out


def _fields(doc: Document, extra: dict[str, Any] | None) -> dict[str, Any]:
    """The record's fields in order; the long lists stay generators, so that
    :func:`write_record` never holds a million change dicts at once."""
    rec: dict[str, Any] = dict(extra or {})
    rec.update({
        "id": rec.get("id", doc.id),   # an input's own id keeps its JSON type (123)
        "origin": doc.origin,
        **({"source": doc.source} if doc.source else {}),
        "meta": {k: doc.metadata[k] for k in sorted(doc.metadata)},
        "text": doc.text,
        "blocks": ({"kind": b.kind, "text": doc.text[b.start:b.end], "lang": b.lang}
                   for b in doc.blocks),
        "lang": doc.lang,
        "lang_confidence": doc.lang_confidence,
        "quality": doc.quality,
        "quality_reasons": doc.quality_reasons,
        "changes": (change_record(c) for c in doc.changes),
        "flags": ({"rule": f.rule_id, "stage": f.stage, "start": f.start, "end": f.end,
                   "text": f.text, "message": f.message} for f in doc.flags),
    })
    return rec


def record(doc: Document, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Lines record of a cleaned document."""
    return {k: list(v) if isinstance(v, GeneratorType) else v
            for k, v in _fields(doc, extra).items()}


@dataclass(frozen=True, slots=True)
class Rendered:
    """A cleaned document as its output record, made where it was cleaned:
    a worker sends back one string instead of a Document, whose unpickling
    (every change and step an object) cost the main process more than the
    writing; with what the progress line counts."""

    line: str
    size: int
    changes: int
    flags: int


def rendered(doc: Document, extra: dict[str, Any] | None = None) -> Rendered | None:
    """``doc``'s record as a :class:`Rendered`, or None for a record too big
    to be made whole in memory (it is written piece by piece)."""
    if len(doc.text) >= STREAM_CHARS or len(doc.changes) + len(doc.flags) >= STREAM_ITEMS:
        return None
    return Rendered(_whole_line(doc, extra) or "".join(_record_pieces(doc, extra)),
                    len(doc.original.encode("utf-8", "surrogatepass")),
                    len(doc.changes), len(doc.flags))


def write_record(fh: IO[str], doc: Document, extra: dict[str, Any] | None = None) -> None:
    """``dumps(record(doc, extra))``, written piece by piece: the same bytes
    in memory proportional to one change, not to the whole change log.  A
    record of ordinary size is made whole before it is written, so nothing
    can stop it half-way."""
    if len(doc.text) < STREAM_CHARS and len(doc.changes) + len(doc.flags) < STREAM_ITEMS:
        fh.write(_whole_line(doc, extra) or "".join(_record_pieces(doc, extra)))
    else:
        for piece in _record_pieces(doc, extra):
            fh.write(piece)


def _whole_line(doc: Document, extra: dict[str, Any] | None) -> str | None:
    """The record of an ordinary document as one call of the JSON encoder
    makes it (the bytes :func:`_record_pieces` joins, a field at a time, in
    about half the time), or None where it holds a lone surrogate: the
    piece that holds one is written escaped, and only that piece."""
    line = json.dumps(record(doc, extra), ensure_ascii=False)
    return None if SURROGATE.search(line) else line + "\n"


def _record_pieces(doc: Document, extra: dict[str, Any] | None) -> Iterator[str]:
    yield "{"
    for i, (key, value) in enumerate(_fields(doc, extra).items()):
        yield ("" if i == 0 else ", ") + _json(key) + ": "
        if isinstance(value, GeneratorType):
            yield "["
            for j, item in enumerate(value):
                yield ("" if j == 0 else ", ") + _json(item)
            yield "]"
        else:
            yield _json(value)
    yield "}\n"


def _json(value: Any) -> str:
    """JSON that is always valid UTF-8: a string with a lone surrogate
    (which UTF-8 cannot hold) is written with ASCII escapes instead."""
    text = json.dumps(value, ensure_ascii=False)
    return json.dumps(value) if SURROGATE.search(text) else text


def changes_from_record(rec: dict[str, Any]) -> list[Change]:
    return [Change(c["rule"], c["stage"], c["start"], c["end"], c["before"], c["after"],
                   c.get("detail"), c["step"], c["at"]) for c in rec["changes"]]


def dumps(rec: dict[str, Any]) -> str:
    return _json(rec) + "\n"


class Summary:
    """Counts per rule and stage, and one line per document (datatrove's
    stats, in one JSON file)."""

    def __init__(self) -> None:
        self.rules: Counter = Counter()
        self.stages: Counter = Counter()
        self.documents: list[dict[str, Any]] = []
        self.failed: list[dict[str, str]] = []
        self.conflicts: list[dict[str, Any]] = []

    def add(self, doc: Document) -> None:
        for c in doc.changes:
            self.rules[c.rule_id] += 1
            self.stages[c.stage] += 1
        for f in doc.flags:
            self.rules[f.rule_id] += 1
        for undo in doc.conflicts:
            self.conflicts.append({"origin": doc.origin, "start": undo.first.start,
                                   "rules": [undo.first.rule_id, undo.second.rule_id],
                                   "text": undo.first.before})
        self.documents.append({
            "id": doc.id, "origin": doc.origin, "lang": doc.lang, "quality": doc.quality,
            "changes": len(doc.changes), "flags": len(doc.flags),
            "empty": not doc.text.strip(), "passthrough": doc.passthrough})

    def fail(self, source: str, reason: str) -> None:
        self.failed.append({"origin": source, "error": reason})

    def as_dict(self) -> dict[str, Any]:
        conflicts = {"rule_conflicts": self.conflicts} if self.conflicts else {}
        return {"documents": len(self.documents), "failed": self.failed, **conflicts,
                "changes_per_stage": dict(sorted(self.stages.items())),
                "hits_per_rule": dict(sorted(self.rules.items())),
                "per_document": self.documents}


class Batch:
    """An output directory being filled: ``text/<stem>.txt`` per document,
    ``corpus.jsonl`` and ``summary.json``.  The corpus and the summary appear
    (by rename) only when the batch ends normally; a text file appears whole
    as soon as its document is done."""

    def __init__(self, out: Path, corpus: IO[str]) -> None:
        self.out = out
        self.corpus = corpus
        self.summary = Summary()
        self.taken: set[str] = set()
        self.written: set[str] = set()

    def stem(self, name: str) -> str:
        return safe_stem(name, self.taken)

    def add(self, doc: Document, stem: str, extra: dict[str, Any] | None = None) -> None:
        write_atomically(self.out / "text" / f"{stem}.txt", doc.text.encode("utf-8"))
        self.written.add(f"{stem}.txt")
        write_record(self.corpus, doc, extra)
        self.summary.add(doc)

    def remove_stale(self) -> None:
        """Text files of documents that are not in this run's corpus: only
        called once the corpus is in place, so an interrupted run never
        loses the texts of the last complete one."""
        for path in sorted((self.out / "text").glob("*.txt")):
            if path.name not in self.written:
                path.unlink(missing_ok=True)


@contextmanager
def open_batch(out: Path) -> Iterator[Batch]:
    with atomic_open(out / "corpus.jsonl") as corpus:
        batch = Batch(out, corpus)
        yield batch
        with atomic_open(out / "summary.json") as fh:
            fh.write(json.dumps(batch.summary.as_dict(), ensure_ascii=False, indent=2) + "\n")
    batch.remove_stale()


class FolderBusy(Exception):
    """Another run holds the output folder."""


#: what :func:`atomic_open` names its temporary files (``_random_part``)
TEMP_NAME = re.compile(r"^\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX) + "$")


#: the descriptors of the folder locks this process holds.  A forked worker
#: (``--jobs``) closes its copies at once: a lock belongs to every copy of its
#: descriptor, and a worker orphaned by a ``kill -9`` of its run would hold
#: the folder for good.
_held: set[int] = set()


def _drop_held_locks() -> None:
    for fd in _held:
        try:
            os.close(fd)
        except OSError:
            pass
    _held.clear()


os.register_at_fork(after_in_child=_drop_held_locks)


@contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold ``out`` for one run (an advisory lock on the folder itself, so
    no lock file is left behind, and the kernel frees it when the process
    dies, even by ``kill -9``).  A second run stops with :class:`FolderBusy`.
    The temporary files a killed run left are removed: while the lock is
    held, no other run can be writing them."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise FolderBusy(f"{out}: another klartext run is writing this output folder; "
                             "wait until it has finished, or use another --out") from None
        _held.add(fd)
        remove_stray_temps(out)
        yield
    finally:
        _held.discard(fd)
        os.close(fd)


def remove_stray_temps(out: Path) -> list[Path]:
    """Remove the temporary files of an interrupted run from ``out`` and
    ``out/text``; returns what was removed."""
    gone = []
    for folder in (out, out / "text"):
        if folder.is_dir():
            for path in sorted(folder.iterdir()):
                if TEMP_NAME.match(path.name) and path.is_file():
                    path.unlink(missing_ok=True)
                    gone.append(path)
    return gone
