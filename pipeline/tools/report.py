"""``output/report.html``: one self-contained page to review a cleaning run.

The page is built from ``corpus.jsonl`` (read as a stream) after the run, so
it shows exactly what was written.  Everything is inline (CSS, JS, SVG): it
works from ``file://`` with no network.  Each document's body sits in an
inert ``<template>`` that the page renders only when it is opened, which keeps
a corpus of thousands of documents quick to load.  The output is
deterministic (no timestamps), so the committed ``output/report.html`` diffs
like the rest of ``output/``.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from .. import __version__
from ..core import Change
from ..io.writers import atomic_open, changes_from_record
from ..rules import RuleSet
from ..stages import STAGE_NAMES
from .alignment import ForwardMap, Hunk, hunks, segments

log = logging.getLogger(__name__)

#: documents beyond this many are counted in the tables and charts but not
#: embedded in full (a page of many GB helps nobody)
DETAIL_LIMIT = 5000
CONTEXT = 80


def describe(rules: RuleSet, rule_id: str) -> str:
    """The rule's description ("" for a rule these rules do not have)."""
    try:
        return rules.get(rule_id).description
    except KeyError:
        return ""


def asset(name: str) -> str:
    return resources.files("pipeline.tools").joinpath("assets", name).read_text("utf-8")


def page(title: str, body: str) -> str:
    """A complete HTML page with the shared stylesheet and script inline."""
    return (f'<!doctype html>\n<html lang="de">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{asset('report.css')}</style>\n"
            f"</head>\n<body>\n{body}\n<script>\n{asset('report.js')}</script>\n</body>\n</html>\n")


@dataclass
class DocRow:
    """One line of the document index."""

    index: int
    id: str
    origin: str
    lang: str
    quality: float | None   # None: not German, no score (shown as "—")
    changes: int
    flags: int
    stages: Counter
    rules: Counter
    reasons: list[str] = field(default_factory=list)


def _tip(rules: RuleSet, changes: Iterable[Change]) -> str:
    lines = []
    for c in changes:
        line = f"{c.rule_id}: {describe(rules, c.rule_id)}"
        if c.detail:
            line += f" [{c.detail}]"
        lines.append(line)
    return "\n".join(lines)


def _marker(s: str) -> str:
    """How a whitespace-only removal or insertion is made visible."""
    return s.replace(" ", "·").replace("\n", "⏎").replace("\t", "→")


def _flag_ranges(rec: dict[str, Any], fmap: ForwardMap) -> list[tuple[int, int, dict[str, Any]]]:
    out = []
    for f in rec.get("flags", []):
        out.append((fmap(f["start"], "start"), fmap(f["end"], "end"), f))
    return sorted(out, key=lambda t: (t[0], t[1]))


def render_body(rec: dict[str, Any], rules: RuleSet) -> str:
    """The clean text with every change in place: ``<del>`` what went,
    ``<ins>`` what came, classes for stage and rule, the original context
    in data attributes for the click-through."""
    changes = changes_from_record(rec)
    clean = rec["text"]
    original, hs = hunks(clean, changes)
    fmap = ForwardMap(changes)
    flags = _flag_ranges(rec, fmap)
    try:
        pieces = segments(original, clean, hs)
    except ValueError as exc:  # never hide a document because the mapping failed
        log.warning("%s: cannot place changes in the text (%s)", rec.get("id"), exc)
        return f'<pre class="plain">{escape(clean)}</pre>'
    out, cpos = [], 0
    for removed, kept, hunk in pieces:
        if hunk is None:
            out.append(_plain(kept, cpos, flags))
        else:
            out.append(_hunk(original, removed, kept, hunk, flags, rules))
        cpos += len(kept)
    return "".join(out)


def _plain(text: str, offset: int, flags: list[tuple[int, int, dict[str, Any]]]) -> str:
    """Unchanged text, with flagged stretches marked."""
    cuts = {0, len(text)}
    inside = [(s, e, f) for s, e, f in flags if s < offset + len(text) and e > offset]
    for s, e, _ in inside:
        cuts.update((max(0, s - offset), min(len(text), e - offset)))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = escape(text[a:b])
        hits = [f for s, e, f in inside if s - offset < b and e - offset > a]
        if hits:
            f = hits[0]
            out.append(f'<mark class="flag" data-rules="{escape(f["rule"])}" '
                       f'data-stages="{escape(f["stage"])}" '
                       f'title="{escape(f["rule"] + ": " + f["message"])}">{piece}</mark>')
        else:
            out.append(piece)
    return "".join(out)


def _hunk(original: str, removed: str, kept: str, hunk: Hunk,
          flags: list[tuple[int, int, dict[str, Any]]], rules: RuleSet) -> str:
    stages = sorted({c.stage for c in hunk.changes}, key=STAGE_NAMES.index)
    rule_ids = sorted({c.rule_id for c in hunk.changes})
    flagged = [f for s, e, f in flags if s < hunk.clean_end and e > hunk.clean_start]
    tip = _tip(rules, hunk.changes)
    if flagged:
        tip += "\n" + "\n".join(f"flag {f['rule']}: {f['message']}" for f in flagged)
    left = original[max(0, hunk.start - CONTEXT):hunk.start]
    right = original[hunk.end:hunk.end + CONTEXT]
    attrs = {"class": f"hunk st-{stages[0]}" + (" flagged" if flagged else ""),
             "data-stages": " ".join(stages), "data-rules": " ".join(rule_ids),
             "data-left": left, "data-orig": removed, "data-right": right,
             "data-steps": json.dumps([[c.rule_id, c.stage, c.before, c.after, c.detail or "",
                                        describe(rules, c.rule_id)] for c in hunk.changes],
                                      ensure_ascii=False),
             "title": tip}
    attr = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    parts = [f"<span {attr}>"]
    if removed.strip():
        parts.append(f"<del>{escape(removed)}</del>")
    elif removed:   # the whitespace itself is gone: show a marker only
        parts.append(f'<del class="ws" data-ws="{escape(_marker(removed))}"></del>')
    if kept.strip():
        parts.append(f"<ins>{escape(kept)}</ins>")
    elif kept:      # keep the real whitespace (the layout), mark it while highlighted
        parts.append(f'<ins class="ws" data-ws="{escape(_marker(kept))}">{escape(kept)}</ins>')
    parts.append("</span>")
    return "".join(parts)


def read_records(corpus: Path) -> Iterator[dict[str, Any]]:
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                rec = json.loads(line)
                if isinstance(rec, dict) and "text" in rec:
                    yield rec


def _quality(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def show_quality(value: float | None) -> str:
    """A score with two decimals; no score (a document that is not German) is "—"."""
    return "—" if value is None else f"{value:.2f}"


def _row(i: int, rec: dict[str, Any]) -> DocRow:
    flags = rec.get("flags", [])
    stages: Counter = Counter(c["stage"] for c in rec["changes"])
    stages.update(f["stage"] for f in flags)     # the chart counts changes and flags
    hits: Counter = Counter(c["rule"] for c in rec["changes"])
    hits.update(f["rule"] for f in flags)
    return DocRow(i, str(rec["id"]), rec.get("origin", ""), rec.get("lang", ""),
                  _quality(rec.get("quality")), len(rec["changes"]), len(rec.get("flags", [])),
                  stages, hits, list(rec.get("quality_reasons", [])))


def build_report(records: Iterable[dict[str, Any]], rules: RuleSet,
                 failed: list[dict[str, str]] | None = None, title: str = "Klartext report") -> str:
    rows: list[DocRow] = []
    templates: list[str] = []
    for i, rec in enumerate(records):
        row = _row(i, rec)
        rows.append(row)
        if i < DETAIL_LIMIT:
            templates.append(_template(row, rec, rules))
    body = [_header(title, rows, failed or [], rules), _filters(rows),
            '<main id="overview">', _charts(rows), _rules_table(rows, rules),
            _docs_table(rows), _failed_table(failed or []), "</main>",
            '<section id="docview" hidden><p><a href="#" class="back">← all documents</a></p>'
            '<div id="docbody"></div><aside id="context" hidden></aside></section>',
            *templates]
    return page(title, "\n".join(body))


def write_report(corpus: Path, dest: Path, rules: RuleSet,
                 failed: list[dict[str, str]] | None = None) -> None:
    html = build_report(read_records(corpus), rules, failed)
    with atomic_open(dest) as fh:
        fh.write(html)


def _header(title: str, rows: list[DocRow], failed: list[dict[str, str]], rules: RuleSet) -> str:
    changes = sum(r.changes for r in rows)
    flags = sum(r.flags for r in rows)
    return (f"<header><h1>{escape(title)}</h1><p class=\"stats\">{len(rows)} documents · "
            f"{changes} changes · {flags} flags · {len(failed)} failed · profile "
            f"{escape(rules.profile)} · klartext {escape(__version__)}</p></header>")


def _filters(rows: list[DocRow]) -> str:
    stages = sorted({s for r in rows for s in r.stages}, key=_stage_order)
    rule_ids = sorted({k for r in rows for k in r.rules})
    opts = "".join(f'<option value="{escape(s)}">{escape(s)}</option>' for s in stages)
    ropts = "".join(f'<option value="{escape(k)}">{escape(k)}</option>' for k in rule_ids)
    return ('<nav id="filters"><label>stage <select id="f-stage"><option value="">all stages'
            f"</option>{opts}</select></label> <label>rule <select id=\"f-rule\"><option value=\"\">"
            f"all rules</option>{ropts}</select></label> <label><input type=\"checkbox\" "
            'id="f-flags"> flags only</label> <span id="f-count"></span></nav>')


def _stage_order(stage: str) -> int:
    return STAGE_NAMES.index(stage) if stage in STAGE_NAMES else len(STAGE_NAMES)


def _charts(rows: list[DocRow]) -> str:
    return f'<section class="charts">{_quality_chart(rows)}{_stage_chart(rows)}</section>'


def _quality_chart(rows: list[DocRow]) -> str:
    width, height = 480, 120
    n = max(1, len(rows))
    bar = width / n
    bars = []
    for r in rows:
        q = 0.0 if r.quality is None else r.quality
        h = max(1.0, q * (height - 20))
        fill = "#999" if r.quality is None else f"hsl({round(120 * q)},60%,45%)"
        bars.append(f'<a href="#doc={r.index}"><rect x="{r.index * bar:.2f}" y="{height - h:.2f}" '
                    f'width="{max(bar - 1, 0.5):.2f}" height="{h:.2f}" fill="{fill}">'
                    f"<title>{escape(r.id)}: quality {show_quality(r.quality)}</title></rect></a>")
    return (f'<figure><figcaption>quality per document</figcaption><svg role="img" '
            f'aria-label="quality per document" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}">{"".join(bars)}</svg></figure>')


def _stage_chart(rows: list[DocRow]) -> str:
    totals: Counter = Counter()
    for r in rows:
        totals.update(r.stages)
    stages = sorted(totals, key=_stage_order)
    top = max(totals.values(), default=1)
    width, line = 480, 22
    bars = []
    for i, s in enumerate(stages):
        w = max(1.0, (width - 160) * totals[s] / top)
        bars.append(f'<g class="st-{escape(s)}"><text x="0" y="{i * line + 15}">{escape(s)}</text>'
                    f'<rect x="100" y="{i * line + 3}" width="{w:.1f}" height="16"/>'
                    f'<text x="{105 + w:.1f}" y="{i * line + 15}">{totals[s]}</text></g>')
    height = max(line, line * len(stages))
    return (f'<figure><figcaption>changes and flags per stage</figcaption><svg role="img" '
            f'aria-label="changes per stage" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}">{"".join(bars)}</svg></figure>')


def _rules_table(rows: list[DocRow], rules: RuleSet) -> str:
    hits: Counter = Counter()
    docs: Counter = Counter()
    for r in rows:
        hits.update(r.rules)
        docs.update(r.rules.keys())
    body = []
    for rule_id, n in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0])):
        stage = rule_id.split(".", 1)[0]
        body.append(f'<tr data-rule="{escape(rule_id)}"><td><a href="#" class="pick-rule" '
                    f'data-rule="{escape(rule_id)}">{escape(rule_id)}</a></td>'
                    f'<td><span class="chip st-{escape(stage)}">{escape(stage)}</span></td>'
                    f'<td class="num">{n}</td><td class="num">{docs[rule_id]}</td>'
                    f"<td>{escape(describe(rules, rule_id))}</td></tr>")
    return ('<section><h2>Rules by hits</h2><table id="rules"><thead><tr><th>rule</th><th>stage'
            '</th><th>hits</th><th>docs</th><th>description</th></tr></thead><tbody>'
            + "".join(body) + "</tbody></table></section>")


def _docs_table(rows: list[DocRow]) -> str:
    body = []
    for r in rows:
        link = (f'<a href="#doc={r.index}">{escape(r.id)}</a>' if r.index < DETAIL_LIMIT
                else escape(r.id))
        body.append(
            f'<tr class="docrow" data-doc="{r.index}" data-stages="{escape(" ".join(r.stages))}" '
            f'data-rules="{escape(" ".join(sorted(r.rules)))}" data-flags="{r.flags}">'
            f"<td>{link}</td><td>{escape(r.origin)}</td><td>{escape(r.lang)}</td>"
            + (f'<td class="num">{show_quality(None)}</td>' if r.quality is None else
               f'<td class="num"><meter min="0" max="1" value="{r.quality:.3f}"></meter> '
               f'{show_quality(r.quality)}</td>')
            + f'<td class="num">{r.changes}</td><td class="num">{r.flags}</td>'
            f"<td>{escape('; '.join(r.reasons))}</td></tr>")
    more = ("" if len(rows) <= DETAIL_LIMIT else
            f"<p>Documents after the first {DETAIL_LIMIT} are listed without their text.</p>")
    return ('<section><h2>Documents</h2><table id="docs"><thead><tr><th>id</th><th>origin</th>'
            '<th>lang</th><th>quality</th><th>changes</th><th>flags</th><th>quality reasons</th>'
            "</tr></thead><tbody>" + "".join(body) + "</tbody></table>" + more + "</section>")


def _failed_table(failed: list[dict[str, str]]) -> str:
    if not failed:
        return ""
    body = "".join(f"<tr><td>{escape(f['origin'])}</td><td>{escape(f['error'])}</td></tr>"
                   for f in failed)
    return ('<section><h2>Failed inputs</h2><table id="failed"><thead><tr><th>input</th>'
            f"<th>error</th></tr></thead><tbody>{body}</tbody></table></section>")


def _template(row: DocRow, rec: dict[str, Any], rules: RuleSet) -> str:
    reasons = "".join(f"<li>{escape(r)}</li>" for r in row.reasons)
    flags = "".join(
        f'<li class="flagitem" data-rules="{escape(f["rule"])}" data-stages="{escape(f["stage"])}">'
        f'<b>{escape(f["rule"])}</b>: {escape(f["message"])} — „{escape(f["text"])}“</li>'
        for f in rec.get("flags", []))
    stages = " · ".join(f"{escape(s)} {n}" for s, n in
                        sorted(row.stages.items(), key=lambda kv: _stage_order(kv[0])))
    return (f'<template id="doc-{row.index}"><article class="doc" data-id="{escape(row.id)}">'
            f"<h2>{escape(row.id)}</h2><p class=\"meta\">{escape(row.origin)} · lang "
            f"{escape(row.lang)} · quality <b>{show_quality(row.quality)}</b> · {row.changes} changes · "
            f"{row.flags} flags{' · ' + stages if stages else ''}</p>"
            + (f'<details class="reasons"><summary>quality reasons ({len(row.reasons)})</summary>'
               f"<ul>{reasons}</ul></details>" if reasons else "")
            + (f'<ul class="flags">{flags}</ul>' if flags else "")
            + f'<div class="text">{render_body(rec, rules)}</div></article></template>')
