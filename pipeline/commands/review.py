"""``klartext review``: what the working rules change against a base."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..io.writers import atomic_open
from ..rules import RuleError, RuleSet
from ..tools.term import use_color
from . import Command, UsageError, exit_codes


def run_review(args: argparse.Namespace, rules: RuleSet) -> int:
    """Exit 0 whatever differs (a review is a report, not a check); 1 when
    an input failed on either side; 2 when the base cannot be had."""
    from ..tools.base import ReviewError, open_base
    from ..tools.review import review
    from ..tools.review_output import render_html, render_text
    corpus = args.paths or ([Path("seeds")] if Path("seeds").is_dir() else [])
    if not corpus:
        raise UsageError("give the corpus to review: files or folders of *.txt")
    try:
        with open_base(args.base, rules, args.profile) as base:
            result = review(corpus, base, rules, args.debug)
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
                   help="the corpus: files or folders (*.txt, recursed; default: seeds/ when the "
                   "working folder has one)")
    p.add_argument("--base", default="HEAD", metavar="REV|DIR",
                   help="a git revision, cleaned by its own code with its own rules, or a "
                   "rules folder (default: HEAD)")
    p.add_argument("--html", type=Path, metavar="FILE", help="also write the review as an HTML page")


REVIEW = Command(
    "review", "what the working rules change in a corpus, against a git revision",
    add_review_arguments, run_review,
    description="Clean the corpus as the base did (a git revision: its own code and rules, "
    "run in a temporary copy; or a rules folder) and with the working rules, and show what "
    "differs: the changed words with a few words of context, look-alike characters with "
    "their code points, the changes grouped by rule as before → after ×n, and per rule its "
    "hits before and after, how many of its outputs changed and whether it was edited.",
    epilog="examples:\n"
    "  klartext review seeds                          # the working tree against HEAD\n"
    "  klartext review --base main~3 corpus/ --html build/review.html\n"
    "  klartext review --base /path/to/old/rules corpus/\n\n"
    + exit_codes("0  reviewed (whatever differs: a review is a report)",
                 "1  an input failed on either side (an internal error in either code)",
                 "2  usage or rules error, or the base cannot be had (unknown revision)"))
