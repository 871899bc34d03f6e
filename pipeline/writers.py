"""Output: the clean text, one JSON record per document, and a summary.

Every file is written to a temporary name in its own directory and renamed
into place, so an interrupted run leaves either the old complete file or the
new complete one, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from .core import Change, Document

SAFE_NAME = re.compile(r"[^\w.-]+")


@contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO[Any]]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode, encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def safe_stem(doc_id: str, taken: set[str]) -> str:
    """A file name for an id that can never leave the output directory
    (``../../etc/passwd`` becomes ``etc_passwd``), unique within the run."""
    stem = SAFE_NAME.sub("_", doc_id).strip("._") or "document"
    stem = stem[:150]
    candidate, n = stem, 2
    while candidate in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate)
    return candidate


def change_record(c: Change) -> dict[str, Any]:
    out = {"rule": c.rule_id, "stage": c.stage, "start": c.start, "end": c.end,
           "before": c.before, "after": c.after, "step": c.step, "at": c.at}
    if c.detail:
        out["detail"] = c.detail
    return out


def record(doc: Document, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Lines record of a cleaned document."""
    spans = doc.block_spans()
    kinds = doc.block_kinds if len(doc.block_kinds) == len(spans) else ["paragraph"] * len(spans)
    langs = doc.block_langs if len(doc.block_langs) == len(spans) else [doc.lang] * len(spans)
    rec: dict[str, Any] = dict(extra or {})
    rec.update({
        "id": doc.id,
        "source": doc.source,
        "meta": {k: doc.metadata[k] for k in sorted(doc.metadata)},
        "text": doc.text,
        "blocks": [{"kind": k, "text": doc.text[s:e], "lang": lang}
                   for (s, e), k, lang in zip(spans, kinds, langs)],
        "lang": doc.lang,
        "lang_confidence": doc.lang_confidence,
        "quality": doc.quality,
        "quality_reasons": doc.quality_reasons,
        "changes": [change_record(c) for c in doc.changes],
        "flags": [{"rule": f.rule_id, "stage": f.stage, "start": f.start, "end": f.end,
                   "text": f.text, "message": f.message} for f in doc.flags],
    })
    return rec


def changes_from_record(rec: dict[str, Any]) -> list[Change]:
    return [Change(c["rule"], c["stage"], c["start"], c["end"], c["before"], c["after"],
                   c.get("detail"), c["step"], c["at"]) for c in rec["changes"]]


def dumps(rec: dict[str, Any]) -> str:
    return json.dumps(rec, ensure_ascii=False) + "\n"


class Summary:
    """Counts per rule and stage, and one line per document (datatrove's
    stats, in one JSON file)."""

    def __init__(self) -> None:
        self.rules: Counter = Counter()
        self.stages: Counter = Counter()
        self.documents: list[dict[str, Any]] = []
        self.failed: list[dict[str, str]] = []

    def add(self, doc: Document) -> None:
        for c in doc.changes:
            self.rules[c.rule_id] += 1
            self.stages[c.stage] += 1
        for f in doc.flags:
            self.rules[f.rule_id] += 1
        self.documents.append({
            "id": doc.id, "source": doc.source, "lang": doc.lang, "quality": doc.quality,
            "changes": len(doc.changes), "flags": len(doc.flags),
            "empty": not doc.text.strip(), "passthrough": doc.passthrough})

    def fail(self, source: str, reason: str) -> None:
        self.failed.append({"source": source, "error": reason})

    def as_dict(self) -> dict[str, Any]:
        return {"documents": len(self.documents), "failed": self.failed,
                "changes_per_stage": dict(sorted(self.stages.items())),
                "hits_per_rule": dict(sorted(self.rules.items())),
                "per_document": self.documents}
