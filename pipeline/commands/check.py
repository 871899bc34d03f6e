"""``klartext check``: the linter, for a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import Cleaner
from ..io.batch import cleaned_inputs
from ..rules import RuleSet
from ..tools.review import line_col
from . import Command


def run_check(args: argparse.Namespace, rules: RuleSet) -> int:
    """Lint mode: exit 1 when cleaning would change anything or flag anything."""
    errors: list[str] = []
    dirty = False
    for path, text, doc in cleaned_inputs(args.paths or [Path("seeds")], Cleaner(rules), errors,
                                          args.debug):
        for c in doc.changes:
            dirty = True
            print(f"{path}:{line_col(text, c.start)[0]}: {c.rule_id}: "
                  f"{c.before!r} → {c.after!r}")
        for f in doc.flags:
            dirty = True
            print(f"{path}:{line_col(text, f.start)[0]}: {f.rule_id}: {f.message}")
    for line in errors:
        print(line, file=sys.stderr)
    return 1 if dirty or errors else 0


def add_check_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path)


CHECK = Command("check", "lint: exit 1 if cleaning would change anything", add_check_arguments,
                run_check)
