"""Cleaning many inputs: files and folders into an output directory, or
JSON Lines from stdin to stdout or into an output directory.  A bad input
costs one line naming it; the batch goes on."""

from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import Document
from ..engine import Cleaner, RuleTimeout
from .inputs import InputError, iter_paths, read_text, source_meta
from .writers import FolderBusy, Summary, locked, open_batch

log = logging.getLogger("klartext")


class Failure(Exception):
    """One input failed; the message is the one line the user sees."""


def process(cleaner: Cleaner, text: str, doc_id: str, origin: str,
            meta: dict[str, Any] | None = None, debug: bool = False, source: str = "") -> Document:
    """One input through the cleaner; any failure is a :class:`Failure` with
    the one line the user sees.  ``source`` is the English original, if any."""
    doc = Document(doc_id, text, origin, metadata=dict(meta or {}), source=source)
    try:
        cleaner.run(doc)
    except RuleTimeout as exc:
        raise Failure(str(exc)) from None
    except Exception as exc:  # a bug must cost one document, not the batch
        if debug:
            traceback.print_exc()
        raise Failure(f"internal error: {type(exc).__name__}: {exc}") from None
    for undo in doc.conflicts:   # a rule bug: the text is still exact, so warn
        log.warning("%s: %s", origin, undo.describe())
    return doc


#: what the cleaning yields: the name a text file is named after, the origin
#: (``path`` or ``stdin:N``), and a document with extra fields, or a one-line
#: error (with the record's id when it has one)
Outcome = tuple[str, str, "Document | None", dict[str, Any], str | None]


@dataclass(frozen=True, slots=True)
class Job:
    """One document to clean, as a worker gets it."""

    doc_id: str
    origin: str
    text: str
    meta: dict[str, Any]
    source: str = ""
    debug: bool = False


#: what the input loops yield: an Outcome whose document is still a Job
Pending = tuple[str, str, "Job | None", dict[str, Any], str | None]


def clean_pending(cleaner: Cleaner, items: list[Pending]) -> list[Outcome]:
    """A worker's task: each job cleaned (or failed with its one line),
    inputs that failed to be read passed on as they are."""
    out: list[Outcome] = []
    for name, origin, job, extra, error in items:
        if job is None:
            out.append((name, origin, None, extra, error))
            continue
        try:
            doc = process(cleaner, job.text, job.doc_id, job.origin, job.meta, job.debug,
                          job.source)
            out.append((name, origin, doc, extra, None))
        except Failure as exc:
            out.append((name, origin, None, extra, str(exc)))
    return out


def pending_size(item: Pending) -> int:
    return len(item[2].text) if item[2] is not None else 0


def read_inputs(paths: list[Path], skip: Path | None = None
                ) -> Iterator[tuple[str, Path | None, str, str, str | None]]:
    """Every input as ``(origin, path, text, encoding, error)``: directories
    recursed, each file decoded; an input that cannot be read has its
    one-line ``error`` and no text.  The one loop every command reads with."""
    for item in iter_paths(paths, skip):
        if isinstance(item, InputError):
            origin, _, reason = str(item).partition(": ")
            yield origin, None, "", "", reason
            continue
        try:
            text, encoding = read_text(item)
        except InputError as exc:
            yield str(item), item, "", "", str(exc)
            continue
        yield str(item), item, text, encoding, None


def read_source(source_dir: Path | None, path: Path) -> str:
    """The English original of an input file: the file of the same name in
    ``source_dir``.  None there (or unreadable) is a warning, and the text is
    cleaned without it: a score without the source is still a score."""
    if source_dir is None:
        return ""
    candidate = source_dir / path.name
    try:
        return read_text(candidate)[0]
    except InputError as exc:
        log.warning("%s: no source (%s: %s)", path, candidate, exc)
        return ""


def file_records(paths: list[Path], debug: bool, skip: Path | None = None,
                 source_dir: Path | None = None) -> Iterator[Pending]:
    for origin, path, text, encoding, error in read_inputs(paths, skip):
        if path is None or error is not None:
            yield (path.stem if path else ""), origin, None, {}, error
            continue
        meta = source_meta(text, encoding)
        yield path.stem, origin, Job(path.stem, origin, text, meta,
                                     read_source(source_dir, path), debug), {}, None


def cleaned_inputs(paths: list[Path], cleaner: Cleaner, errors: list[str],
                   debug: bool = False) -> Iterator[tuple[Path, str, Document]]:
    """Every readable input with its text, cleaned; failures land in
    ``errors``, one line each (explain, check, rules list/show)."""
    for origin, path, text, _, error in read_inputs(paths):
        if path is None or error is not None:
            errors.append(f"{origin}: {error}")
            continue
        try:
            yield path, text, process(cleaner, text, path.stem, origin, debug=debug)
        except Failure as exc:
            errors.append(f"{origin}: {exc}")


def fill_batch(out: Path, records: Iterator[Outcome], ids_from_names: bool,
               finish: Callable[[Summary], None] | None = None) -> int:
    """Text files, corpus and summary in ``out``; a failed input is named on
    stderr and in the summary, the others are written.  A file's id is its
    (unique, safe) file name; a JSON record keeps its own id.  ``finish``
    runs once corpus and summary are in place (the HTML report)."""
    errors = []
    try:
        with locked(out):
            with open_batch(out) as batch:
                for name, origin, doc, extra, error in records:
                    if doc is None:
                        errors.append(f"{origin}: {error}")
                        batch.summary.fail(origin, str(error))
                        continue
                    stem = batch.stem(name)
                    if ids_from_names:
                        doc.id = stem
                    else:   # a sanitised id: the record says which file is its text
                        extra = {**extra, "file": f"text/{stem}.txt"}
                    batch.add(doc, stem, extra)
            failed = len(errors)
            _say(errors)   # before the closing summary line that ``finish`` may print
            if finish is not None:
                finish(batch.summary)
    except FolderBusy as exc:
        print(f"klartext: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        _say(errors)
        where = exc.filename or out
        print(f"{where}: cannot write output: {exc.strerror or exc}; "
              f"corpus and summary left as they were", file=sys.stderr)
        return 1
    log.info("cleaned %d document(s) into %s, %d failed", len(batch.summary.documents), out,
             failed)
    return 1 if failed else 0


def _say(errors: list[str]) -> None:
    """Print the error lines not yet printed, once."""
    for line in errors:
        print(line, file=sys.stderr)
    errors.clear()

