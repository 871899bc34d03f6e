"""``klartext check`` as a linter, in the manner of Vale and ruff.

Each change that cleaning would make is a finding of severity ``error``
(the text is not canonical: cleaning fixes it), each flag one of severity
``warning`` (a person should look; cleaning cannot fix it).  Findings are
selected by rule id or prefix, and printed as ``file:line:col: severity
rule-id: message`` lines, as JSON, or as GitHub Actions annotations.
"""

from __future__ import annotations

import json
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TextIO

from ..core import Document
from ..rules import RuleSet
from ..suggest import did_you_mean
from .term import BOLD, CYAN, RED, YELLOW, paint
from .worddiff import lookalikes

SEVERITIES = ("warning", "error")
FORMATS = ("text", "json", "github")


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding; ``end_line``/``end_column`` are just past the span (a
    change that inserts text has an empty one)."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: str
    rule: str
    message: str
    text: str
    kind: str
    before: str | None = None
    after: str | None = None
    defined_at: str = ""


class Lines:
    """Line and column (1-based, in code points) of offsets into one text."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def quote(s: str) -> str:
    """``s`` in double quotes on one line: line breaks, tabs and invisible
    characters escaped (``"\\u00a0"``), everything else as it is."""
    body = json.dumps(s, ensure_ascii=False)
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Zs", "Cf", "Zl", "Zp")
                   and ch != " " else ch for ch in body)


def where(rules: RuleSet | None, rule_id: str) -> str:
    """The rule's ``file:line``, relative to the working folder when inside it."""
    if rules is None:
        return ""
    try:
        rule = rules.get(rule_id)
    except KeyError:
        return ""
    try:
        path = rule.path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        path = rule.path
    return f"{path}:{rule.line}"


def findings(path: str, original: str, doc: Document, rules: RuleSet) -> list[Finding]:
    """Every change and flag of ``doc`` as a finding, in reading order."""
    lines = Lines(original)
    out = []
    for c in doc.changes:
        alike = lookalikes(c.before, c.after)
        message = f"{quote(c.before)} → {quote(c.after)}" + (f" ({alike})" if alike else "")
        out.append(Finding(path, *lines(c.start), *lines(c.end), "error", c.rule_id, message,
                           original[c.start:c.end], "change", c.before, c.after,
                           where(rules, c.rule_id)))
    for f in doc.flags:
        out.append(Finding(path, *lines(f.start), *lines(f.end), "warning", f.rule_id,
                           f.message if f.text.strip() and f.text.strip() in f.message
                           else f"{f.message}: {quote(f.text)}", f.text, "flag",
                           defined_at=where(rules, f.rule_id)))
    return sorted(out, key=lambda x: (x.line, x.column, x.rule))


def covers(selector: str, rule_id: str) -> bool:
    """A selector names a rule id, or a prefix of ids at a ``.`` or ``-``:
    ``spacing`` covers every spacing rule, ``spacing.split`` covers
    ``spacing.split-fused-words``."""
    return (rule_id == selector or rule_id.startswith(selector + ".")
            or rule_id.startswith(selector + "-")
            or (selector.endswith((".", "-")) and rule_id.startswith(selector)))


@dataclass(frozen=True)
class Selection:
    """Which rules' findings are reported: those ``select`` covers (all when
    empty) and ``ignore`` does not; an entity counts as itself and as the
    rule that makes its rewrites (``names.gazetteer``)."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def __call__(self, rule_id: str, owner: str) -> bool:
        ids = (rule_id, owner)
        if self.select and not any(covers(s, i) for s in self.select for i in ids):
            return False
        return not any(covers(s, i) for s in self.ignore for i in ids)

    def unknown(self, rules: RuleSet) -> list[str]:
        """Selectors that cover no rule of these rules, with a suggestion."""
        known = [r.id for r in (*rules.rules, *rules.entity_rules)]
        stages = sorted({k.split(".", 1)[0] for k in known})
        return [f"{s!r}{did_you_mean(s, known + stages)}" for s in (*self.select, *self.ignore)
                if not any(covers(s, k) for k in known)]


def at_least(severity: str, threshold: str) -> bool:
    return SEVERITIES.index(severity) >= SEVERITIES.index(threshold)


def _github(s: str, prop: bool = False) -> str:
    s = s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return s.replace(":", "%3A").replace(",", "%2C") if prop else s


class Printer:
    """Writes findings in one format; ``close`` ends the output (the JSON
    array's bracket)."""

    def __init__(self, fmt: str, out: TextIO, color: bool = False) -> None:
        self.fmt, self.out, self.color = fmt, out, color
        self.n = 0

    def write(self, found: Iterable[Finding]) -> None:
        for f in found:
            self.out.write(self.line(f))
            self.n += 1

    def line(self, f: Finding) -> str:
        if self.fmt == "json":
            fields = {k: v for k, v in asdict(f).items() if v is not None}
            return ("[\n" if self.n == 0 else ",\n") + json.dumps(fields, ensure_ascii=False)
        if self.fmt == "github":
            props = (f"file={_github(f.path, True)},line={f.line},col={f.column},"
                     f"endLine={f.end_line},endColumn={f.end_column},"
                     f"title={_github('klartext ' + f.rule, True)}")
            return f"::{f.severity} {props}::{_github(f.message)}\n"
        sev = paint(self.color, RED if f.severity == "error" else YELLOW, f.severity)
        return (f"{paint(self.color, BOLD, f.path)}:{f.line}:{f.column}: {sev} "
                f"{paint(self.color, CYAN, f.rule)}: {f.message}\n")

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.n == 0 else "\n]\n")
