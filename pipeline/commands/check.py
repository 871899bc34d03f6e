"""``klartext check``: the linter, for a build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..engine import Cleaner
from ..rules import RuleSet
from ..tools.lint import FORMATS, SEVERITIES, Printer, Selection, at_least, findings
from ..tools.term import use_color
from . import STDIN, Command, UsageError, cleaned_texts, exit_codes


def run_check(args: argparse.Namespace, rules: RuleSet) -> int:
    paths = list(args.paths)
    if args.stdin_filename and not paths:
        paths = [STDIN]
    if not paths:
        raise UsageError("give files or folders to check, or - to read stdin")
    selection = Selection(tuple(args.select or ()), tuple(args.ignore or ()))
    unknown = selection.unknown(rules)
    if unknown:
        raise UsageError(f"no rule or prefix {', '.join(unknown)} (see klartext rules list)")
    printer = Printer(args.format, sys.stdout, use_color(sys.stdout, args.no_color))
    cleaner = Cleaner(rules)
    counts = dict.fromkeys(SEVERITIES, 0)
    failed, files = [], 0
    for name, text, doc, error in cleaned_texts(cleaner, paths, args.stdin_filename or "-",
                                                args.debug):
        if doc is None:
            failed.append(f"{name}: {error}")
            continue
        files += 1
        found = [f for f in findings(name, text, doc, rules) if selection(f.rule, rules.owner(f.rule))]
        for f in found:
            counts[f.severity] += 1
        printer.write(found)
    printer.close()
    for line in failed:
        print(line, file=sys.stderr)
    if not args.quiet:
        print(f"klartext check: {files} file(s), {counts['error']} error(s), "
              f"{counts['warning']} warning(s); failing on {args.fail_on}"
              + (f"; {len(failed)} input(s) could not be checked" if failed else ""),
              file=sys.stderr)
    if failed:
        return 2
    return 1 if any(n and at_least(sev, args.fail_on) for sev, n in counts.items()) else 0


def add_check_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (*.txt, recursed); - reads stdin")
    p.add_argument("--format", choices=FORMATS, default="text",
                   help="text: file:line:col: severity rule: message (default); json: one array "
                   "of objects; github: GitHub Actions annotations")
    p.add_argument("--fail-on", choices=SEVERITIES, default=None,
                   help="exit 1 when a finding is at least this severe (default: error, or the "
                   "configuration's fail-on)")
    p.add_argument("--select", action="append", metavar="RULE",
                   help="report only these rules or prefixes (repeatable, or comma-separated)")
    p.add_argument("--ignore", action="append", metavar="RULE",
                   help="never report these rules or prefixes (repeatable, or comma-separated)")
    p.add_argument("--stdin-filename", metavar="NAME",
                   help="the name findings on stdin are reported under (implies -)")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")


CHECK = Command(
    "check", "lint: report what cleaning would change (errors) or flag (warnings)",
    add_check_arguments, run_check,
    description="Report, without changing anything, every change cleaning would make (an "
    "error: the text is not canonical) and every flag it would raise (a warning: a person "
    "should look). One line per finding: file:line:col: severity rule-id: message.",
    epilog="examples:\n"
    "  klartext check texts/                         # every *.txt below texts/\n"
    "  klartext check --format github --select spacing,names texts/\n"
    "  cat a.txt | klartext check - --stdin-filename a.txt --fail-on warning\n\n"
    + exit_codes("0  no finding at or above --fail-on (default: error)",
                 "1  findings at or above --fail-on",
                 "2  usage, input or rules error (a missing file, an unknown rule id)"))
