"""``klartext review``: what the working rules change against a base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..io.writers import atomic_open
from ..rules import RuleError, RuleSet
from ..tools.term import use_color
from . import Command


def run_review(args: argparse.Namespace, rules: RuleSet) -> int:
    """Exit 0 whatever differs (a review is a report, not a check); 1 when
    an input failed on either side; 2 when the base cannot be had."""
    from ..tools.base import ReviewError, open_base
    from ..tools.review import review
    from ..tools.review_output import render_html, render_text
    try:
        with open_base(args.base, rules, args.profile) as base:
            result = review(args.paths or [Path("seeds")], base, rules, args.debug)
    except ReviewError as exc:
        print(f"klartext review: {exc}", file=sys.stderr)
        return 2
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    for line in render_text(result, use_color(sys.stdout, args.no_color), rules):
        print(line)
    if args.html:
        try:
            with atomic_open(args.html) as fh:
                fh.write(render_html(result, rules, f"Klartext review against {result.base}"))
        except OSError as exc:
            print(f"{args.html}: cannot write: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 1 if result.errors else 0


def add_review_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="the corpus: files or folders (*.txt, recursed; default: seeds/)")
    p.add_argument("--base", default="HEAD", metavar="REV|DIR",
                   help="a git revision, cleaned by its own code with its own rules, or a "
                   "rules folder (default: HEAD)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the review as an HTML page")
    p.add_argument("--no-color", action="store_true", help="plain text even on a terminal")


REVIEW = Command("review", "what the working rules change in a corpus, against a git revision",
                 add_review_arguments, run_review)
