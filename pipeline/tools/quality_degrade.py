"""Controlled degradations: does the score fall when a translation gets worse?

chrF on nine strong systems cannot say whether a score orders a translation
above a *worse copy of itself*; this can.  Each document gets one error of a
known kind in one line (the first from the middle on that the kind can
change), and the score of the copy is compared with the score of the
original, without and with the English source.  A kind whose score does not
fall is an error the score cannot see; house style (``style``) must cost less
than every real error.

The kinds are deterministic (no random choice), so the test suite runs them on
hand-written texts (``tests/test_quality_degrade.py``) and ``make
eval-quality`` on the human references of ``../shared/realmt``:

    .venv/bin/python -m pipeline.tools.quality_degrade [--ref ref-A]
"""

from __future__ import annotations

import argparse
import json
import shlex
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+)*")


def _fusion(line: str, src: str) -> str | None:
    """Two link fusions, as a broken HTML-to-text step leaves them."""
    words = line.split(" ")
    if len(words) < 8:
        return None
    i, j = len(words) // 3, 2 * len(words) // 3
    words[i] += words[i + 1].capitalize()
    words[j] += words[j + 1]
    del words[j + 1], words[i + 1]
    return " ".join(words)


def _unk(line: str, src: str) -> str | None:
    words = line.split(" ")
    if len(words) < 6:
        return None
    words[len(words) // 2] = "<unk>"
    return " ".join(words)


def _mojibake(line: str, src: str) -> str | None:
    return None if line.isascii() else line.encode("utf-8").decode("cp1252", errors="replace")


def _loop(line: str, src: str) -> str | None:
    """The decoder says the middle of the line again, and again."""
    words = line.split()
    if len(words) < 8:
        return None
    mid = len(words) // 2
    return " ".join(words[:mid + 3] + words[mid:mid + 3] * 2 + words[mid + 3:])


def _truncate(line: str, src: str) -> str | None:
    words = line.split()
    return " ".join(words[: len(words) // 2]) if len(words) >= 8 else None


def _copy(line: str, src: str) -> str | None:
    return src if src and src != line else None


def _number(line: str, src: str) -> str | None:
    m = next((m for m in NUMBER.finditer(line) if len(regex.sub(r"\D", "", m.group())) >= 2), None)
    if m is None:
        return None
    changed = m.group()[:-1] + ("1" if m.group()[-1] != "1" else "2")
    return line[:m.start()] + changed + line[m.end():]


def _style(line: str, src: str) -> str | None:
    """House style only: typewriter quotes and a hyphen used as a dash."""
    words = line.split(" ")
    if len(words) < 6:
        return None
    words.insert(len(words) // 2, "-")
    return '"' + " ".join(words) + '"'


KINDS: dict[str, Callable[[str, str], str | None]] = {
    "style": _style, "fusion": _fusion, "unk": _unk, "mojibake": _mojibake, "loop": _loop,
    "truncate": _truncate, "copy": _copy, "number": _number,
}
#: kinds only a comparison with the source can see
SOURCE_ONLY = frozenset({"truncate", "number"})


def degrade(text: str, source: str, kind: str) -> str | None:
    """``text`` with one error of ``kind`` in one line, or None when no line
    can take it.  Lines pair with the source's by position when the counts
    agree (else the copy kind has nothing to copy)."""
    lines, src = text.split("\n"), source.split("\n")
    if len(src) != len(lines):
        src = [""] * len(lines)
    make = KINDS[kind]
    mid = len(lines) // 2
    for i in [*range(mid, len(lines)), *range(mid)]:
        new = make(lines[i], src[i])
        if new is not None and new != lines[i]:
            return "\n".join(lines[:i] + [new] + lines[i + 1:])
    return None


# --- the fuller run on the references (through the public command) -------------

def run_cli(cmd: str, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    proc = subprocess.run(shlex.split(cmd), input=payload, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"quality_degrade: {cmd!r} exited {proc.returncode}: {proc.stderr[-500:]}")
    return {r["id"]: r for r in map(json.loads, proc.stdout.splitlines()) if "id" in r}


def measure(records: list[dict[str, Any]], cmd: str) -> dict[str, dict[str, Any]]:
    """Per kind and with/without source: documents, share whose score fell,
    mean fall."""
    batch = []
    for rec in records:
        batch.append({"id": f"orig|{rec['id']}", "text": rec["text"], "source": rec["source"]})
        for kind in KINDS:
            new = degrade(rec["text"], rec["source"], kind)
            if new is not None:
                batch.append({"id": f"{kind}|{rec['id']}", "text": new, "source": rec["source"]})
    runs = {"source": run_cli(cmd, batch),
            "no source": run_cli(cmd, [{k: v for k, v in r.items() if k != "source"} for r in batch])}
    result: dict[str, dict[str, Any]] = {}
    for kind in KINDS:
        ids = [r["id"] for r in batch if r["id"].startswith(kind + "|")]
        for label, out in runs.items():
            drops = [(out[f"orig|{i.split('|', 1)[1]}"]["quality"] or 0) - (out[i]["quality"] or 0)
                     for i in ids if i in out]
            result.setdefault(kind, {})[label] = {
                "docs": len(drops), "fell": sum(d > 0 for d in drops) / max(len(drops), 1),
                "mean_drop": statistics.fmean(drops) if drops else 0.0}
    return result


def report(result: dict[str, dict[str, Any]]) -> str:
    out = [f"{'kind':<10} {'docs':>5}   {'without source':>22}   {'with source':>22}",
           f"{'':<10} {'':>5}   {'fell   mean drop':>22}   {'fell   mean drop':>22}"]
    for kind, row in result.items():
        cells = [f"{100 * row[k]['fell']:5.0f}% {row[k]['mean_drop']:+10.3f}"
                 for k in ("no source", "source")]
        out.append(f"{kind:<10} {row['source']['docs']:>5}   {cells[0]:>22}   {cells[1]:>22}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="quality_degrade", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/realmt"))
    ap.add_argument("--ref", default="ref-A", help="the file whose documents are degraded")
    ap.add_argument("--cmd", default=".venv/bin/klartext clean --jsonl")
    args = ap.parse_args(argv)
    path = args.data / f"{args.ref}.jsonl"
    if not path.is_file():
        print(f"quality_degrade: no {path}", file=sys.stderr)
        return 2
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    print(report(measure(records, args.cmd)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
