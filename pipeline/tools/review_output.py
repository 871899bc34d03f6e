"""How a :class:`~pipeline.tools.review.Review` is shown: text for a
terminal (coloured there, with ``[-removed-]{+added+}`` markers when piped)
and the same content as one HTML page with a table of contents, one
collapsible section per document and one section per rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from html import escape

from ..rules import RuleSet
from .lint import where
from .report import describe, page
from .review import DocDiff, Item, Review
from .term import BOLD, CYAN, DIM, GREEN, HIGHLIGHT, RED, YELLOW, paint
from .worddiff import Window, lookalikes, visible

#: distinct ``before → after`` shown per rule before "… n more"
DISTINCT = 12
#: documents linked from a rule's section before "… n more"
LINKED = 40


def pair(kind: str, before: str, after: str) -> str:
    """``"␣-" → "␣–"`` for a change, ``"der Weißes": message`` for a flag."""
    if kind == "flag":
        return f'flag "{before}": {after}'
    return f'"{visible(before)}" → "{visible(after)}"'


def _note(kind: str, before: str, after: str) -> str:
    alike = lookalikes(before, after) if kind == "change" else ""
    return f"   ({alike})" if alike else ""


def grouped(items: Iterable[Item]) -> list[tuple[Item, int, int]]:
    """Items by (rule, kind, before, after): the first of each, how many,
    and in how many lines; in order of first appearance."""
    first: dict[tuple[str, str, str, str], Item] = {}
    count: Counter = Counter()
    lines: dict[tuple[str, str, str, str], set[int]] = {}
    for i in items:
        key = (i.rule_id, i.kind, i.before, i.after)
        first.setdefault(key, i)
        count[key] += 1
        lines.setdefault(key, set()).add(i.line)
    return [(item, count[key], len(lines[key])) for key, item in first.items()]


def window_text(w: Window, color: bool) -> str:
    """One window on one line: the changed words highlighted (coloured) or
    between ``[-…-]`` and ``{+…+}`` (plain), whitespace there made visible."""
    parts = ["…" if w.cut_left else ""]
    for op, text in w.pieces:
        if op == "=":
            parts.append(paint(color, DIM, text.replace("\n", "⏎")) if color else text.replace("\n", "⏎"))
        elif color:
            parts.append(paint(color, HIGHLIGHT[op], visible(text)))
        else:
            parts.append(f"[-{visible(text)}-]" if op == "-" else f"{{+{visible(text)}+}}")
    parts.append("…" if w.cut_right else "")
    return "".join(parts)


def window_note(w: Window) -> str:
    old = "".join(t for op, t in w.pieces if op == "-")
    new = "".join(t for op, t in w.pieces if op == "+")
    return lookalikes(old, new)


def render_text(result: Review, color: bool, rules: RuleSet | None = None) -> Iterator[str]:
    """The review as terminal lines, the summary line last."""
    for d in result.diffs:
        yield from _doc_text(d, color)
    groups = result.groups()
    if groups:
        yield paint(color, BOLD, "== changes by rule (− only before, + only after)")
        for rule_id, counts in groups.items():
            yield f"  {paint(color, CYAN, rule_id)}  {where(rules, rule_id)}".rstrip()
            for line in _pairs_text(counts, color):
                yield f"    {line}"
    moved = result.moved()
    if moved:
        yield paint(color, BOLD, "== hits per rule (before → after; outputs gone/added)")
        width = max(len(r.rule_id) for r in moved)
        for r in moved:
            delta = r.after - r.before
            code = GREEN if delta > 0 else RED if delta < 0 else DIM
            yield (f"  {r.rule_id:{width}s} {r.before:6d} → {r.after:<6d} "
                   f"{paint(color, code, f'{delta:+6d}')}   outputs −{r.gone} +{r.added}"
                   + (f"   (rule {r.definition})" if r.definition else ""))
    for line in result.errors:
        yield paint(color, RED, line)
    yield paint(color, BOLD, result.summary())


def _doc_text(d: DocDiff, color: bool) -> Iterator[str]:
    (cg, ca), (fg, fa) = d.count("change"), d.count("flag")
    yield paint(color, BOLD, f"== {d.source}  (changes −{cg} +{ca}, flags −{fg} +{fa})")
    last = ""
    for w in d.windows:
        yield f"  {paint(color, CYAN, f'clean line {w.line}:')} {window_text(w, color)}"
        note = window_note(w)
        if note and note != last:   # said once per document, not under every window
            yield f"      ({note})"
        last = note or last
    for sign, code, items in (("−", RED, d.gone), ("+", GREEN, d.added)):
        for item, n, _ in grouped(items):
            name = paint(color, YELLOW if item.kind == "flag" else CYAN, item.rule_id)
            yield (f"  {paint(color, code, sign)} {name} {pair(item.kind, item.before, item.after)} "
                   f"×{n}  {d.source}:{item.line}:{item.col}"
                   + _note(item.kind, item.before, item.after))


def ordered_pairs(counts: Counter) -> list[tuple[tuple[str, str, str, str], int]]:
    """Most frequent first; a − and a + of the same input side by side."""
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1], kv[0][2], kv[0][0] != "−",
                                                  kv[0][3]))


def _pairs_text(counts: Counter, color: bool) -> Iterator[str]:
    ordered = ordered_pairs(counts)
    for (sign, kind, before, after), n in ordered[:DISTINCT]:
        code = RED if sign == "−" else GREEN
        yield f"{paint(color, code, sign)} {pair(kind, before, after)} ×{n}{_note(kind, before, after)}"
    if len(ordered) > DISTINCT:
        rest = sum(n for _, n in ordered[DISTINCT:])
        yield f"… {len(ordered) - DISTINCT} more distinct, {rest} in all"


# --- HTML ---------------------------------------------------------------------------


def _anchor(rule_id: str) -> str:
    return "rule-" + rule_id


def _windows_html(ws: list[Window]) -> str:
    """The windows of one document; a look-alike note only where it is new."""
    out, last = [], ""
    for w in ws:
        note = window_note(w)
        out.append(_window_html(w, note if note != last else ""))
        last = note or last
    return "".join(out)


def _window_html(w: Window, note: str) -> str:
    parts = ['<span class="cut">…</span>' if w.cut_left else ""]
    for op, text in w.pieces:
        if op == "=":
            parts.append(escape(text.replace("\n", "⏎")))
        else:
            tag = "del" if op == "-" else "ins"
            parts.append(f"<{tag}>{escape(visible(text))}</{tag}>")
    parts.append('<span class="cut">…</span>' if w.cut_right else "")
    return (f'<div class="window"><span class="at">clean line {w.line}</span> {"".join(parts)}'
            + (f'<div class="alike">{escape(note)}</div>' if note else "") + "</div>")


def _items_html(d: DocDiff) -> str:
    rows = []
    for cls, sign, items in (("gone", "−", d.gone), ("new", "+", d.added)):
        for item, n, _ in grouped(items):
            note = _note(item.kind, item.before, item.after).strip()
            rows.append(f'<li class="{cls}">{sign} <a href="#{escape(_anchor(item.rule_id))}">'
                        f"{escape(item.rule_id)}</a> <code>{escape(pair(item.kind, item.before, item.after))}"
                        f"</code> ×{n} <small>{escape(d.source)}:{item.line}:{item.col}"
                        f"{' ' + escape(note) if note else ''}</small></li>")
    return f'<ul class="items">{"".join(rows)}</ul>' if rows else ""


def render_html(result: Review, rules: RuleSet, title: str) -> str:
    """The same review as a self-contained page."""
    groups = result.groups()
    moved = result.moved()
    docs_of: dict[str, list[int]] = {}
    for n, d in enumerate(result.diffs):
        for rule_id in sorted({i.rule_id for i in d.gone + d.added}):
            docs_of.setdefault(rule_id, []).append(n)
    toc = "".join(f'<li><a href="#{escape(_anchor(k))}">{escape(k)}</a> '
                  f"<small>{sum(groups[k].values())}</small></li>" for k in groups)
    body = [f'<header><h1>{escape(title)}</h1><p class="stats">{escape(result.summary())}</p>'
            '</header><nav id="toc"><h2>Contents</h2><ol>'
            f'<li><a href="#rules">Changes by rule</a> ({len(groups)})<ol class="cols">{toc}</ol></li>'
            f'<li><a href="#hits">Hits per rule</a> ({len(moved)})</li>'
            f'<li><a href="#documents">Documents</a> ({len(result.diffs)} of {result.documents} differ)'
            "</li>" + ('<li><a href="#failed">Failed inputs</a></li>' if result.errors else "")
            + "</ol></nav><main>"]
    body.append('<section id="rules"><h2>Changes by rule</h2>')
    for rule_id, counts in groups.items():
        body.append(_rule_html(result, rules, rule_id, counts, docs_of.get(rule_id, [])))
    body.append("</section>")
    body.append(_hits_html(moved, rules))
    body.append('<section id="documents"><h2>Documents</h2><p class="tools"><input type="search" '
                'id="doc-search" placeholder="filter documents (name or text)"> '
                '<button type="button" id="open-all">open all</button> '
                '<button type="button" id="close-all">close all</button> <span id="doc-count">'
                f"{len(result.diffs)} documents</span></p>")
    for n, d in enumerate(result.diffs):
        (cg, ca), (fg, fa) = d.count("change"), d.count("flag")
        body.append(f'<details class="docdiff" id="doc-{n}"><summary><b>{escape(d.source)}</b> '
                    f"<small>changes −{cg} +{ca}, flags −{fg} +{fa}</small></summary>"
                    f'<div class="diff">{_windows_html(d.windows)}</div>'
                    f"{_items_html(d)}</details>")
    body.append("</section>")
    if result.errors:
        body.append('<section id="failed"><h2>Failed inputs</h2><ul>'
                    + "".join(f"<li>{escape(e)}</li>" for e in result.errors) + "</ul></section>")
    body.append("</main>")
    return page(title, "\n".join(body), scripts=("common.js", "review.js"))


def _rule_html(result: Review, rules: RuleSet, rule_id: str, counts: Counter,
               docs: list[int]) -> str:
    ordered = ordered_pairs(counts)
    rows = "".join(
        f'<tr class="{"gone" if sign == "−" else "new"}"><td>{sign}</td><td>{escape(kind)}</td>'
        f"<td><code>{escape(visible(before))}</code></td><td><code>"
        f"{escape(visible(after) if kind == 'change' else after)}</code></td>"
        f'<td class="num">{n}</td><td>{escape(_note(kind, before, after).strip(" ()"))}</td></tr>'
        for (sign, kind, before, after), n in ordered)
    links = ", ".join(f'<a href="#doc-{n}">{escape(result.diffs[n].source)}</a>'
                      for n in docs[:LINKED])
    more = f" … and {len(docs) - LINKED} more" if len(docs) > LINKED else ""
    definition = result.definition(rule_id)
    loc = where(rules, rule_id)
    return (f'<section class="rule" id="{escape(_anchor(rule_id))}"><h3>{escape(rule_id)} '
            + (f'<span class="tag">rule {escape(definition)}</span> ' if definition else "")
            + (f"<small>{escape(loc)}</small>" if loc else "") + "</h3>"
            + f"<p>{escape(describe(rules, rule_id))}</p>"
            + '<table class="sortable pairs"><thead><tr><th></th><th>kind</th><th>before / text'
            '</th><th>after / message</th><th data-type="num">n</th><th>look-alikes</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>"
            + f'<p class="docs">{len(docs)} document(s): {links}{more}</p></section>')


def _hits_html(moved: list, rules: RuleSet) -> str:
    rows = []
    for r in moved:
        delta = r.after - r.before
        cls = "up" if delta > 0 else "down" if delta < 0 else ""
        rows.append(f'<tr class="moved {cls}"><td><a href="#{escape(_anchor(r.rule_id))}">'
                    f"{escape(r.rule_id)}</a></td><td>{escape(describe(rules, r.rule_id))}</td>"
                    f'<td class="num">{r.before}</td><td class="num">{r.after}</td>'
                    f'<td class="num">{delta:+d}</td><td class="num">−{r.gone} +{r.added}</td>'
                    f"<td>{escape(r.definition)}</td></tr>")
    return ('<section id="hits"><h2>Hits per rule</h2><table id="moved" class="sortable"><thead>'
            '<tr><th>rule</th><th>description</th><th data-type="num">before</th>'
            '<th data-type="num">after</th><th data-type="num">Δ</th><th>outputs changed</th>'
            "<th>definition</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table></section>")
