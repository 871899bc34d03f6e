"""``klartext review``: what the working rules change against a base."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..io.writers import atomic_open
from ..rules import RuleError, RuleSet
from . import Command


def run_review(args: argparse.Namespace, rules: RuleSet) -> int:
    """Exit 0 whatever differs (a review is a report, not a check); 2 when
    the base rules cannot be loaded."""
    from ..tools.review import ReviewError, base_rules, review
    from ..tools.review_output import render_html, render_text
    try:
        with base_rules(args.base, rules) as base:
            result = review(args.paths or [Path("seeds")], base, rules, args.debug)
    except ReviewError as exc:
        print(f"klartext review: {exc}", file=sys.stderr)
        return 2
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    color = sys.stdout.isatty() and not args.no_color and not os.environ.get("NO_COLOR")
    for line in render_text(result, color):
        print(line)
    if args.html:
        try:
            with atomic_open(args.html) as fh:
                fh.write(render_html(result, rules, f"Klartext review against {args.base}"))
        except OSError as exc:
            print(f"{args.html}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0


def add_review_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, help="corpus (default: seeds/)")
    p.add_argument("--base", default="HEAD", help="git revision or rules directory (default: HEAD)")
    p.add_argument("--html", type=Path, help="also write the review as an HTML page")
    p.add_argument("--no-color", action="store_true", help="plain text even on a terminal")


REVIEW = Command("review", "what the working rules change against a base (git revision or directory)",
                 add_review_arguments, run_review)
