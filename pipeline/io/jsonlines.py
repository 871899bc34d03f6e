"""JSON Lines in and out: records read as bytes, so that a bad line (not
UTF-8, not JSON, a lone surrogate, an id of no kind) costs that line and
not the stream, and records written so that stdout is always valid UTF-8
JSON Lines.  The integer id ``123`` and the string id ``"123"`` are two
documents, and each keeps its JSON type in the output."""

from __future__ import annotations

import codecs
import json
import re
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

from ..core import Document
from ..engine import Cleaner
from .batch import Failure, Job, Pending, clean_pending
from .writers import SURROGATE, Rendered, dumps, rendered, write_record


def jsonl_records(stdin: BinaryIO, debug: bool) -> Iterator[Pending]:
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
            yield doc_id, origin, Job(doc_id, origin, text, {}, source, debug), extra, None
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


#: an Outcome whose document may have been made into its record already
Written = tuple[str, str, "Document | Rendered | None", dict[str, Any], str | None]


def render_pending(cleaner: Cleaner, items: list[Pending]) -> list[Written]:
    """A worker's task when the records go to stdout: each job cleaned and
    its record made there (a :class:`~.writers.Rendered`), so that the main
    process only writes; a record too big to make whole stays a Document."""
    return [(name, origin, (rendered(doc, extra) or doc) if doc is not None else None, extra, error)
            for name, origin, doc, extra, error in clean_pending(cleaner, items)]


def write_jsonl(records: Iterator[Written], flush: bool) -> int:
    """Records on stdout; a failed line gets an error record, or, when it has
    no id (invalid JSON), only the message naming the line."""
    failed = 0
    for doc_id, origin, doc, extra, error in records:
        if isinstance(doc, Rendered):
            sys.stdout.write(doc.line)
        elif doc is not None:
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


