"""``klartext explain``: every change and flag cleaning would make, with context."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import Cleaner
from ..rules import RuleSet
from ..tools.review import line_col
from ..tools.term import paint as _paint
from ..tools.term import use_color
from . import Command, cleaned_texts, exit_codes


def run_explain(args: argparse.Namespace, rules: RuleSet) -> int:
    color = use_color(sys.stdout, args.no_color)

    def paint(code: str, s: str) -> str:
        return _paint(color, code, s)

    errors: list[str] = []
    cleaner = Cleaner(rules)
    for path, text, doc, error in cleaned_texts(cleaner, args.paths, debug=args.debug):
        if doc is None:
            errors.append(f"{path}: {error}")
            continue
        quality = "—" if doc.quality is None else f"{doc.quality:.2f}"
        print(paint("1", f"== {path}: {len(doc.changes)} changes, {len(doc.flags)} "
                    f"flags, quality {quality}, lang {doc.lang}"))
        for c in doc.changes:
            lno, col = line_col(text, c.start)
            ctx = text[max(0, c.start - 30):c.end + 30].replace("\n", "⏎")
            print(f"{path}:{lno}:{col}: {paint('36', c.rule_id)} "
                  f"{paint('31', repr(c.before))} → {paint('32', repr(c.after))}"
                  + (f"  ({c.detail})" if c.detail else ""))
            print(f"    …{ctx}…")
        for f in doc.flags:
            lno, col = line_col(text, f.start)
            print(f"{path}:{lno}:{col}: {paint('33', f.rule_id)} flag: {f.message}: {f.text!r}")
        for reason in doc.quality_reasons:
            print(f"    quality: {reason}")
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


def add_explain_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                   help="files or folders (*.txt, recursed); - reads stdin")


EXPLAIN = Command(
    "explain", "show every change and flag, with its rule and context", add_explain_arguments,
    run_explain,
    description="Clean each input in memory and print, per change, file:line:col, the rule, "
    "before → after and the text around it; then the flags and the quality reasons. Nothing "
    "is written.",
    epilog="examples:\n"
    "  klartext explain seeds/000_7ae37cc3878cbd34.txt\n"
    '  echo "Der Präsident der UkraineVolodymyr Zelenskyywurde" | klartext explain -\n\n'
    + exit_codes("0  explained", "1  an input could not be read or cleaned", "2  usage or rules error"))
