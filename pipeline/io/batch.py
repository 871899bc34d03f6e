"""Cleaning many inputs: files and folders into an output directory, or
JSON Lines from stdin to stdout or into an output directory.  A bad input
costs one line naming it; the batch goes on."""

from __future__ import annotations

import codecs
import json
import logging
import re
import sys
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from ..core import Document
from ..engine import Cleaner, RuleTimeout
from .inputs import InputError, iter_paths, read_text, source_meta
from .writers import SURROGATE, FolderBusy, Summary, dumps, locked, open_batch, write_record

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


#: what the input loops yield: the name a text file is named after, the
#: origin (``path`` or ``stdin:N``), and a document with extra fields, or a
#: one-line error (with the record's id when it has one)
Outcome = tuple[str, str, "Document | None", dict[str, Any], str | None]


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


def file_records(paths: list[Path], cleaner: Cleaner, debug: bool,
                 skip: Path | None = None, source_dir: Path | None = None) -> Iterator[Outcome]:
    for origin, path, text, encoding, error in read_inputs(paths, skip):
        if path is None or error is not None:
            yield (path.stem if path else ""), origin, None, {}, error
            continue
        try:
            meta = source_meta(text, encoding)
            yield path.stem, origin, process(cleaner, text, path.stem, origin, meta, debug,
                                             read_source(source_dir, path)), {}, None
        except Failure as exc:
            yield path.stem, origin, None, {}, str(exc)


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


def jsonl_records(stdin: BinaryIO, cleaner: Cleaner, debug: bool) -> Iterator[Outcome]:
    """One outcome per non-blank input line, in order: a bad line fails alone
    (not UTF-8, not JSON, a lone surrogate, no text, a duplicate id) and the
    stream goes on.  Read as bytes, so that a bad byte costs one line and not
    the stream; a UTF-8 byte-order mark before the first record is skipped."""
    seen: set[str] = set()
    for lineno, raw in enumerate(stdin, 1):
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        origin, doc_id, extra = f"stdin:{lineno}", None, {}
        try:
            rec = parse_record(raw)
            doc_id, key = record_id(rec.get("id"), lineno)
            if not isinstance(rec.get("id"), str) and rec.get("id") is not None:
                extra = {"id": rec["id"]}   # 123 stays a number in the output record
            if SURROGATE_ESCAPE.search(raw):
                where = lone_surrogate(rec)
                if where:
                    raise Failure(f"lone surrogate in {where} (not a character; "
                                  "cannot be written as UTF-8)")
            if key in seen:
                raise Failure(f"duplicate id {rec.get('id', doc_id)!r}")
            text = rec.get("text")
            if not isinstance(text, str):
                raise Failure("record has no string 'text'")
            source = rec.get("source", "")
            if not isinstance(source, str):
                raise Failure("record's 'source' (the English original) is not a string")
            seen.add(key)
            extra.update({k: v for k, v in rec.items() if k not in ("id", "text", "source")})
            yield doc_id, origin, process(cleaner, text, doc_id, origin, debug=debug,
                                          source=source), extra, None
        except Failure as exc:
            yield doc_id or "", origin, None, extra, str(exc)


#: a JSON escape of a surrogate code point: the only way one gets into a record
SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def parse_record(raw: bytes) -> dict[str, Any]:
    """One line of JSON Lines as an object, or the :class:`Failure` that
    says what is wrong with it."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Failure(f"not UTF-8 (byte {raw[exc.start]:#04x} at {exc.start})") from None
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        raise Failure(f"invalid JSON: {exc.msg}") from None
    except RecursionError:
        raise Failure("invalid JSON: nested too deep") from None
    if not isinstance(rec, dict):
        raise Failure("record is not a JSON object")
    return rec


def lone_surrogate(value: Any) -> str | None:
    """The path of the first string in ``value`` with a lone surrogate (JSON
    pairs are joined by the parser, so any surrogate left is alone)."""
    stack: list[tuple[str, Any]] = [("record", value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            if SURROGATE.search(item):
                return where
        elif isinstance(item, dict):
            stack += [(f"{where}.{k}", v) for k, v in item.items()] + \
                [(f"{where} key", k) for k in item]
        elif isinstance(item, list):
            stack += [(f"{where}[{i}]", v) for i, v in enumerate(item)]
    return None


def record_id(value: Any, lineno: int) -> tuple[str, str]:
    """A record's id as text (file names, messages) and the key that keeps
    ids apart: the integer 123 and the string "123" are different ids."""
    if value is None:
        value = f"line-{lineno}"
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise Failure(f"id must be a string or an integer, not {json.dumps(value)[:40]}")
    return (value if isinstance(value, str) else str(value)), json.dumps(value)


def write_jsonl(records: Iterator[Outcome], flush: bool) -> int:
    """Records on stdout; a failed line gets an error record, or, when it has
    no id (invalid JSON), only the message naming the line."""
    failed = 0
    for doc_id, origin, doc, extra, error in records:
        if doc is not None:
            write_record(sys.stdout, doc, extra)
        else:
            failed += 1
            if doc_id:
                sys.stdout.write(dumps({"id": extra.get("id", doc_id), "error": error,
                                        "line": int(origin.split(":")[1])}))
            print(f"{origin}: {error}", file=sys.stderr)
        if flush:
            sys.stdout.flush()
    return 1 if failed else 0


def fill_batch(out: Path, records: Iterator[Outcome], ids_from_names: bool,
               finish: Callable[[Summary], None] | None = None) -> int:
    """Text files, corpus and summary in ``out``; a failed input is named on
    stderr and in the summary, the others are written.  A file's id is its
    (unique, safe) file name; a JSON record keeps its own id.  ``finish``
    runs once corpus and summary are in place (the HTML report)."""
    errors = []
    try:
        with locked(out), open_batch(out) as batch:
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
        if finish is not None:
            with locked(out):
                finish(batch.summary)
    except FolderBusy as exc:
        print(f"klartext: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        for line in errors:
            print(line, file=sys.stderr)
        where = exc.filename or out
        print(f"{where}: cannot write output: {exc.strerror or exc}; "
              f"corpus and summary left as they were", file=sys.stderr)
        return 1
    for line in errors:
        print(line, file=sys.stderr)
    log.info("cleaned %d document(s) into %s, %d failed", len(batch.summary.documents), out,
             len(errors))
    return 1 if errors else 0
