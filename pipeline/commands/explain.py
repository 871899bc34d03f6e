"""``klartext explain``: every change and flag cleaning would make, with context."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import Cleaner
from ..io.batch import cleaned_inputs
from ..rules import RuleSet
from ..tools.review import line_col
from ..tools.review_output import paint
from . import Command


def run_explain(args: argparse.Namespace, rules: RuleSet) -> int:
    color = sys.stdout.isatty() and not args.no_color
    errors: list[str] = []
    for path, text, doc in cleaned_inputs(args.paths, Cleaner(rules), errors, args.debug):
        print(paint(color, "1", f"== {path}: {len(doc.changes)} changes, {len(doc.flags)} "
                     f"flags, quality {doc.quality:.2f}, lang {doc.lang}"))
        for c in doc.changes:
            lno, col = line_col(text, c.start)
            ctx = text[max(0, c.start - 30):c.end + 30].replace("\n", "⏎")
            print(f"{path}:{lno}:{col}: {paint(color, '36', c.rule_id)} "
                  f"{paint(color, '31', repr(c.before))} → {paint(color, '32', repr(c.after))}"
                  + (f"  ({c.detail})" if c.detail else ""))
            print(f"    …{ctx}…")
        for f in doc.flags:
            lno, col = line_col(text, f.start)
            print(f"{path}:{lno}:{col}: {paint(color, '33', f.rule_id)} flag: {f.message}: "
                  f"{f.text!r}")
        for reason in doc.quality_reasons:
            print(f"    quality: {reason}")
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


def add_explain_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--no-color", action="store_true")


EXPLAIN = Command("explain", "show every change and flag", add_explain_arguments, run_explain)
