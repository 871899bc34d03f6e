"""How a :class:`~pipeline.review.Review` is shown: coloured text for a
terminal (plain when piped) and the same content as one HTML page."""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from ..core import Change, Flag
from ..rules import RuleSet
from .report import describe, page
from .review import DocDiff, Review, diff_lines, line_col

RED, GREEN, CYAN, YELLOW, BOLD, DIM = "31", "32", "36", "33", "1", "2"
HIGHLIGHT = {"-": "1;97;41", "+": "1;30;42"}


def paint(on: bool, code: str, s: str) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if on and s else s


def _where(d: DocDiff, item: Change | Flag) -> str:
    line, col = line_col(d.original, item.start)
    return f"{d.source}:{line}:{col}"


def render_text(result: Review, color: bool) -> Iterator[str]:
    """The review as terminal lines, the summary line last."""
    for d in result.diffs:
        yield paint(color, BOLD, f"== {d.source}")
        for kind, header, pieces in diff_lines(d.old, d.new):
            if kind == "@":
                yield paint(color, CYAN, header)
                continue
            base = {"-": RED, "+": GREEN, " ": DIM}[kind]
            body = "".join(paint(color, HIGHLIGHT[kind] if changed and kind in HIGHLIGHT else base,
                                 text) for changed, text in pieces)
            yield paint(color, base, kind) + body
        for sign, code, changes in (("−", RED, d.gone), ("+", GREEN, d.added)):
            for c in changes:
                yield (f"  {paint(color, code, sign)} change {paint(color, CYAN, c.rule_id)} "
                       f"{c.before!r} → {c.after!r}  {_where(d, c)}")
        for sign, code, flags in (("−", RED, d.flags_gone), ("+", GREEN, d.flags_added)):
            for f in flags:
                yield (f"  {paint(color, code, sign)} flag {paint(color, YELLOW, f.rule_id)} "
                       f"{f.message}: {f.text!r}  {_where(d, f)}")
    moved = result.moved()
    if moved:
        yield paint(color, BOLD, "== hits per rule (before → after)")
        width = max(len(k) for k, _, _ in moved)
        for rule_id, before, after in moved:
            note = _rule_note(result, rule_id)
            delta = after - before
            code = GREEN if delta > 0 else RED if delta < 0 else DIM
            yield (f"  {rule_id:{width}s} {before:6d} → {after:<6d} "
                   f"{paint(color, code, f'{delta:+d}')}{note}")
    for line in result.errors:
        yield paint(color, RED, line)
    yield paint(color, BOLD, result.summary())


def _rule_note(result: Review, rule_id: str) -> str:
    if rule_id in result.edited:
        return "  (rule edited)"
    if rule_id in result.added_rules:
        return "  (rule added)"
    if rule_id in result.removed_rules:
        return "  (rule removed)"
    return ""


def render_html(result: Review, rules: RuleSet, title: str) -> str:
    """The same review as a self-contained page."""
    body = [f"<header><h1>{escape(title)}</h1><p class=\"stats\">{escape(result.summary())}"
            "</p></header><main>"]
    for d in result.diffs:
        body.append(f'<section class="docdiff"><h2>{escape(d.source)}</h2><div class="diff">')
        for kind, header, pieces in diff_lines(d.old, d.new):
            if kind == "@":
                body.append(f'<div class="at">{escape(header)}</div>')
                continue
            cls = {"-": "minus", "+": "plus", " ": "same"}[kind]
            tag = {"-": "del", "+": "ins"}.get(kind)
            text = "".join(f"<{tag}>{escape(t)}</{tag}>" if changed and tag else escape(t)
                           for changed, t in pieces)
            body.append(f'<div class="{cls}">{escape(kind)} {text}</div>')
        body.append("</div><ul>")
        for cls, sign, changes in (("gone", "−", d.gone), ("new", "+", d.added)):
            for c in changes:
                tip = escape(describe(rules, c.rule_id))
                body.append(f'<li class="{cls}">{sign} change <b title="{tip}">'
                            f"{escape(c.rule_id)}</b> {escape(repr(c.before))} → "
                            f"{escape(repr(c.after))} <small>{escape(_where(d, c))}</small></li>")
        for cls, sign, flags in (("gone", "−", d.flags_gone), ("new", "+", d.flags_added)):
            for f in flags:
                body.append(f'<li class="{cls}">{sign} flag <b>{escape(f.rule_id)}</b> '
                            f"{escape(f.message)}: {escape(repr(f.text))} "
                            f"<small>{escape(_where(d, f))}</small></li>")
        body.append("</ul></section>")
    moved = result.moved()
    if moved:
        body.append('<section><h2>Hits per rule</h2><table id="moved"><thead><tr><th>rule</th>'
                    "<th>description</th><th>before</th><th>after</th><th>Δ</th></tr></thead><tbody>")
        for rule_id, before, after in moved:
            delta = after - before
            cls = "up" if delta > 0 else "down" if delta < 0 else ""
            body.append(f'<tr class="moved {cls}"><td>{escape(rule_id)}{escape(_rule_note(result, rule_id))}'
                        f"</td><td>{escape(describe(rules, rule_id))}</td><td class=\"num\">{before}</td>"
                        f'<td class="num">{after}</td><td class="num">{delta:+d}</td></tr>')
        body.append("</tbody></table></section>")
    if result.errors:
        body.append("<section><h2>Failed inputs</h2><ul>"
                    + "".join(f"<li>{escape(e)}</li>" for e in result.errors) + "</ul></section>")
    body.append("</main>")
    return page(title, "\n".join(body))
