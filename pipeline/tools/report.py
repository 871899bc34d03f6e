"""``output/report.html``: one self-contained page to audit a cleaning run,
from five documents to ten thousand.

The page is built from ``corpus.jsonl`` (read as a stream, one record at a
time) after the run, so it shows exactly what was written.  Everything is
inline (CSS, JS, SVG) and works from ``file://`` with no network.  Each
document travels as a small JSON island (its original text, the hunks that
turn it into the clean text, its changes and flags) that the page parses
only when the document, a rule's hits or a search needs it; tables are
sorted and paged in the browser, so ten thousand documents load as fast as
ten.  The output is deterministic (no timestamps), so the committed
``output/report.html`` diffs like the rest of ``output/``.

Time and memory are linear in the changes: hunks are mapped by bisection,
and a document with more than :data:`PLACE_LIMIT` changes (a million
one-word lines) is counted in full but shown as its clean text, its
changes never held as objects.
"""

from __future__ import annotations

import io
import json
import logging
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..core import Change
from ..io.writers import atomic_open
from ..rules import RuleSet
from ..stages import STAGE_NAMES
from .alignment import hunks, segments
from .charts import hbars, histogram
from .records import RecordReader

log = logging.getLogger(__name__)

#: documents beyond this many are listed and counted, not embedded
DETAIL_LIMIT = 10_000
#: changes beyond this many in one document are counted, not placed in its text
PLACE_LIMIT = 200_000


def describe(rules: RuleSet, rule_id: str) -> str:
    """The rule's description ("" for a rule these rules do not have)."""
    try:
        return rules.get(rule_id).description
    except KeyError:
        return ""


def asset(name: str) -> str:
    return resources.files("pipeline.tools").joinpath("assets", name).read_text("utf-8")


def page_parts(title: str, scripts: Iterable[str], attrs: str = "") -> tuple[str, str]:
    """The head and the tail of a complete page, for a body written between them."""
    head = (f'<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{asset('report.css')}</style>\n"
            f"</head>\n<body{attrs}>\n")
    tail = "".join(f"<script>\n{asset(s)}</script>\n" for s in scripts) + "</body>\n</html>\n"
    return head, tail


def page(title: str, body: str, scripts: Iterable[str] = ("common.js", "report.js")) -> str:
    """A complete HTML page with the shared stylesheet and its scripts inline."""
    head, tail = page_parts(title, scripts)
    return head + body + "\n" + tail


def is_layout(before: str, after: str) -> bool:
    """A change of line breaks only (blank lines between blocks, the final
    newline): hidden by default, it would bury the changes that matter."""
    return not before.strip() and not after.strip() and ("\n" in before or "\n" in after)


def island(value: Any) -> str:
    """JSON that is safe inside ``<script type="application/json">``."""
    return (json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            .replace("</", "<\\/").replace("<!--", "<\\!--"))


@dataclass
class DocRow:
    """One line of the document index."""

    index: int
    id: str
    origin: str
    lang: str
    quality: float | None
    changes: int
    flags: int
    stages: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    layout: int = 0
    reasons: list[str] = field(default_factory=list)


class _Tally:
    """What the report keeps of one record's lists: counts per rule, stage
    and layout for every change, objects for the first :data:`PLACE_LIMIT`
    only (beyond, a document is not placed anyway), no blocks."""

    def __init__(self) -> None:
        self.rules: Counter = Counter()
        self.stages: Counter = Counter()
        self.layout: Counter = Counter()
        self.n = 0
        self.names: dict[str, str] = {}

    def __call__(self, key: str, obj: Any) -> Any:
        if key == "blocks" or not isinstance(obj, dict):
            return None
        if key == "flags":
            return obj
        rule = self.names.setdefault(obj["rule"], obj["rule"])
        stage = self.names.setdefault(obj["stage"], obj["stage"])
        self.rules[rule] += 1
        self.stages[stage] += 1
        self.layout[rule] += is_layout(obj["before"], obj["after"])
        self.n += 1
        if self.n > PLACE_LIMIT:
            return None
        return Change(rule, stage, obj["start"], obj["end"], obj["before"], obj["after"],
                      obj.get("detail"), obj.get("step", 0), obj.get("at", 0))


def read_records(corpus: Path) -> Iterator[dict[str, Any]]:
    """The records of a ``corpus.jsonl``, as plain dicts."""
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if isinstance(rec, dict) and "text" in rec:
                    yield rec


class _Builder:
    """Collects the index while the documents' islands are written."""

    def __init__(self, rules: RuleSet, out: IO[str]) -> None:
        self.rules = rules
        self.out = out
        self.rows: list[DocRow] = []
        self.rule_ix: dict[str, int] = {}
        #: per rule: hits, and changes that are layout only
        self.hits: Counter = Counter()
        self.layout: Counter = Counter()

    def is_layout_rule(self, rule_id: str) -> bool:
        """Every hit of the rule changed line breaks only."""
        return self.hits[rule_id] > 0 and self.layout[rule_id] == self.hits[rule_id]

    def ix(self, rule_id: str) -> int:
        return self.rule_ix.setdefault(rule_id, len(self.rule_ix))

    def add(self, rec: dict[str, Any], tally: _Tally) -> None:
        flags = [f for f in rec.get("flags", []) if isinstance(f, dict)]
        quality = rec.get("quality")
        row = DocRow(len(self.rows), str(rec.get("id", "")), str(rec.get("origin", "")),
                     str(rec.get("lang", "")), float(quality) if quality is not None else None,
                     tally.n, len(flags), Counter(tally.stages), Counter(tally.rules),
                     sum(tally.layout.values()), [str(r) for r in rec.get("quality_reasons", [])])
        row.stages.update(f["stage"] for f in flags)
        row.rules.update(f["rule"] for f in flags)
        for rule_id in row.rules:
            self.ix(rule_id)
        self.hits.update(row.rules)
        self.layout.update(tally.layout)
        self.rows.append(row)
        if row.index < DETAIL_LIMIT:
            self.out.write(f'<script type="application/json" class="doc" id="d{row.index}">'
                           f"{island(self._detail(rec, tally, flags))}</script>\n")

    def _detail(self, rec: dict[str, Any], tally: _Tally, flags: list[dict[str, Any]]) -> dict[str, Any]:
        """``o`` the original text, ``h`` the hunks ``[start, end, clean
        text, first change, last change + 1]`` in the original's offsets,
        ``c`` the changes ``[rule, before, after, detail, layout]``, ``f``
        the flags ``[rule, start, end, message, text]``; a document whose
        changes cannot be placed has its clean text and ``placed`` 0."""
        clean = rec["text"]
        f = [[self.ix(x["rule"]), x["start"], x["end"], x["message"], x["text"]] for x in flags]
        if tally.n > PLACE_LIMIT:
            return {"o": clean, "h": [], "c": [], "f": f, "placed": 0,
                    "why": f"{tally.n:,} changes: too many to place in the text"}
        changes = [c for c in rec["changes"] if isinstance(c, Change)]
        try:
            original, hs = hunks(clean, changes)
            segments(original, clean, hs)    # raises ValueError when they do not add up
        except ValueError as exc:  # never hide a document because the mapping failed
            log.warning("%s: cannot place changes in the text (%s)", rec.get("id"), exc)
            return {"o": clean, "h": [], "c": [], "f": f, "placed": 0,
                    "why": "the changes could not be placed in the text"}
        h: list[list[Any]] = []
        c: list[list[Any]] = []
        for hunk in hs:
            h.append([hunk.start, hunk.end, clean[hunk.clean_start:hunk.clean_end], len(c),
                      len(c) + len(hunk.changes)])
            c += [[self.ix(x.rule_id), x.before, x.after, x.detail or "",
                   int(is_layout(x.before, x.after))] for x in hunk.changes]
        return {"o": original, "h": h, "c": c, "f": f, "placed": 1}


def render_report(records: IO[bytes], rules: RuleSet, out: IO[str],
                  failed: list[dict[str, str]] | None = None, title: str = "Klartext report",
                  rules_href: str = "") -> None:
    """Write the page for the JSON Lines ``records`` to ``out``.  Records
    are read value by value and the documents' islands go through a
    temporary file, so memory holds the index and one document's text and
    placed changes, never a whole record line or the page."""
    with tempfile.TemporaryFile("w+", encoding="utf-8") as islands:
        builder = _Builder(rules, islands)
        for rec, tally in RecordReader(records).records(_Tally):
            if "text" in rec and isinstance(tally, _Tally):
                builder.add(rec, tally)
        head, tail = page_parts(title, ("common.js", "report.js"),
                                f' data-rules-href="{escape(rules_href)}"')
        out.write(head)
        out.write(_overview(title, builder, failed or []))
        out.write(f'<script type="application/json" id="index">{island(_index(builder))}</script>\n')
        islands.seek(0)
        shutil.copyfileobj(islands, out)
        out.write(tail)


def build_report(records: Iterable[dict[str, Any]], rules: RuleSet,
                 failed: list[dict[str, str]] | None = None, title: str = "Klartext report") -> str:
    """The page for records in memory (tests, small corpora)."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")
    buf = io.StringIO()
    render_report(io.BytesIO(data), rules, buf, failed, title)
    return buf.getvalue()


def write_report(corpus: Path, dest: Path, rules: RuleSet,
                 failed: list[dict[str, str]] | None = None) -> None:
    """``dest`` for ``corpus``; links to rule files are relative to ``dest``."""
    href = Path(os.path.relpath(rules.root.resolve(), dest.parent.resolve())).as_posix() + "/"
    with open(corpus, "rb") as records, atomic_open(dest) as fh:
        render_report(records, rules, fh, failed, rules_href=href)


def _stage_order(stage: str) -> int:
    return STAGE_NAMES.index(stage) if stage in STAGE_NAMES else len(STAGE_NAMES)


def _index(b: _Builder) -> dict[str, Any]:
    """The rules (by index) and one row per document, for the page's tables."""
    rules_out = []
    for rule_id in b.rule_ix:
        try:
            rule = b.rules.get(rule_id)
            where = [rule.path.name, rule.line]
        except KeyError:
            where = ["", 0]
        rules_out.append([rule_id, rule_id.split(".", 1)[0], describe(b.rules, rule_id), *where,
                          int(b.is_layout_rule(rule_id))])
    docs = [[r.id, r.origin, r.lang, r.quality, r.changes, r.flags,
             [[b.rule_ix[k], n] for k, n in sorted(r.rules.items())], r.reasons,
             int(r.index < DETAIL_LIMIT)] for r in b.rows]
    return {"rules": rules_out, "docs": docs}


def _overview(title: str, b: _Builder, failed: list[dict[str, str]]) -> str:
    rows = b.rows
    changes = sum(r.changes for r in rows)
    flags = sum(r.flags for r in rows)
    layout = sum(r.layout for r in rows)
    stages: Counter = Counter()
    for r in rows:
        stages.update(r.stages)
    stage_opts = "".join(f'<option value="{escape(s)}">{escape(s)}</option>'
                         for s in sorted(stages, key=_stage_order))
    header = (f'<header><h1>{escape(title)}</h1><p class="stats">{len(rows)} documents · '
              f"{changes} changes ({layout} of them layout) · {flags} flags · {len(failed)} failed · "
              f"profile {escape(b.rules.profile)} · klartext {escape(__version__)}</p></header>")
    nav = ('<nav id="filters"><a href="#" class="home">overview</a> '
           '<input type="search" id="f-search" placeholder="search documents, rules, hits" '
           'aria-label="search"> <label>stage <select id="f-stage"><option value="">all stages'
           f'</option>{stage_opts}</select></label> <label><input type="checkbox" id="f-flags"> '
           'flags only</label> <label title="changes of line breaks only, such as '
           'structure.block-separator"><input type="checkbox" id="f-layout"> layout changes'
           '</label> <span id="f-quality" hidden></span> <span id="f-count"></span></nav>')
    charts = (f'<section class="charts"><figure><figcaption>quality per document '
              f"({sum(r.quality is not None for r in rows)} scored)</figcaption>"
              f"{histogram([r.quality for r in rows if r.quality is not None])}</figure>"
              f"<figure><figcaption>changes and flags per stage</figcaption>"
              f"{hbars([(s, stages[s]) for s in sorted(stages, key=_stage_order)])}</figure></section>")
    more = ("" if len(rows) <= DETAIL_LIMIT else
            f"<p>Documents after the first {DETAIL_LIMIT} are listed without their text.</p>")
    docs = ('<section><h2>Documents</h2><table id="docs" class="paged"><thead><tr>'
            '<th data-key="0">id</th><th data-key="1">origin</th><th data-key="2">lang</th>'
            '<th data-key="3" data-type="num">quality</th><th data-key="4" data-type="num">changes</th>'
            '<th data-key="5" data-type="num">flags</th><th>quality reasons</th></tr></thead>'
            '<tbody></tbody></table><p class="pager" id="docs-pager"></p>' + more + "</section>")
    return "\n".join([header, nav, '<main id="overview">', charts, _rules_table(b), docs,
                      _failed_table(failed), "</main>",
                      '<section id="docview" hidden></section>',
                      '<section id="ruleview" hidden></section>',
                      '<aside id="context" hidden></aside>'])


def _rules_table(b: _Builder) -> str:
    docs: Counter = Counter()
    for r in b.rows:
        docs.update(r.rules.keys())
    body = []
    for rule_id, n in sorted(b.hits.items(), key=lambda kv: (-kv[1], kv[0])):
        stage = rule_id.split(".", 1)[0]
        try:
            rule = b.rules.get(rule_id)
            loc = f'<a class="src" data-file="{escape(rule.path.name)}" data-line="{rule.line}">' \
                  f"{escape(rule.path.name)}:{rule.line}</a>"
        except KeyError:
            loc = ""
        layout = ' class="layout"' if b.is_layout_rule(rule_id) else ""
        body.append(f'<tr data-rule="{escape(rule_id)}" data-stage="{escape(stage)}"{layout}>'
                    f'<td><a href="#rule={escape(rule_id)}">{escape(rule_id)}</a></td>'
                    f'<td><span class="chip st-{escape(stage)}">{escape(stage)}</span></td>'
                    f'<td class="num">{n}</td><td class="num">{docs[rule_id]}</td>'
                    f"<td>{escape(describe(b.rules, rule_id))}</td><td>{loc}</td></tr>")
    return ('<section><h2>Rules by hits</h2><p class="hint">A rule’s name opens every hit in '
            'context. Rules that change only line breaks are hidden with the layout changes.</p>'
            '<table id="rules" class="sortable"><thead><tr><th>rule</th><th>stage</th>'
            '<th data-type="num">hits</th><th data-type="num">docs</th><th>description</th>'
            "<th>defined at</th></tr></thead><tbody>" + "".join(body) + "</tbody></table></section>")


def _failed_table(failed: list[dict[str, str]]) -> str:
    if not failed:
        return ""
    body = "".join(f"<tr><td>{escape(f['origin'])}</td><td>{escape(f['error'])}</td></tr>"
                   for f in failed)
    return ('<section><h2>Failed inputs</h2><table id="failed" class="sortable"><thead><tr>'
            f"<th>input</th><th>error</th></tr></thead><tbody>{body}</tbody></table></section>")


