"""The ``klartext`` command.  Exit codes: 0 done, 1 some inputs failed (the
rest were written), 2 usage or rules error.  Users never see a traceback
unless they ask for it with ``--debug``."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import traceback
from pathlib import Path

from . import __version__
from .core import RestoreError, restore
from .engine import Cleaner
from .io.batch import Failure, cleaned_inputs, file_records, fill_batch, jsonl_records, process, write_jsonl
from .io.inputs import InputError, decode
from .io.writers import Summary, atomic_open, changes_from_record, safe_stem
from .rules import ENTITY_KINDS, RuleError, RuleSet, load_rules
from .tools.report import write_report
from .tools.review import line_col
from .tools.review_output import paint

log = logging.getLogger("klartext")


def cmd_clean(args: argparse.Namespace, rules: RuleSet) -> int:
    if args.source_dir is not None and (args.jsonl or args.paths == [Path("-")]
                                        or not args.source_dir.is_dir()):
        print("klartext clean: --source-dir must be a directory, and is for files (a JSON Lines "
              "record carries its own 'source')", file=sys.stderr)
        return 2
    if args.jsonl:
        records = jsonl_records(sys.stdin, Cleaner(rules), args.debug)
        if args.out is None:
            return write_jsonl(records, args.flush)
        return fill_batch(args.out, records, ids_from_names=False)
    if args.paths == [Path("-")]:
        data = sys.stdin.buffer.read()
        try:
            text, _ = decode(data)
        except InputError as exc:
            print(f"-: {exc}", file=sys.stderr)
            return 1
        try:
            doc = process(Cleaner(rules), text, "-", "-", debug=args.debug)
        except Failure as exc:
            print(f"-: {exc}", file=sys.stderr)
            return 1
        sys.stdout.write(doc.text)
        return 0
    out = args.out or Path("output")
    records = file_records(args.paths or [Path("seeds")], Cleaner(rules), args.debug, skip=out,
                           source_dir=args.source_dir)

    def report(summary: Summary) -> None:
        if not args.no_report:
            write_report(out / "corpus.jsonl", out / "report.html", rules, summary.failed)

    return fill_batch(out, records, ids_from_names=True, finish=report)


def cmd_explain(args: argparse.Namespace, rules: RuleSet) -> int:
    color = sys.stdout.isatty() and not args.no_color
    errors: list[str] = []
    for path, text, doc in cleaned_inputs(args.paths, Cleaner(rules), errors, args.debug):
        print(paint(color, "1", f"== {path}: {len(doc.changes)} changes, {len(doc.flags)} "
                     f"flags, quality {'—' if doc.quality is None else f'{doc.quality:.2f}'}, "
                     f"lang {doc.lang}"))
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


def cmd_check(args: argparse.Namespace, rules: RuleSet) -> int:
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


def cmd_restore(args: argparse.Namespace, rules: RuleSet | None) -> int:
    stream = sys.stdin if str(args.corpus) == "-" else None
    try:
        fh = stream or open(args.corpus, encoding="utf-8")
    except OSError as exc:
        print(f"{args.corpus}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    failed, written, taken = 0, 0, set[str]()
    with fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
                if args.id is not None and rec.get("id") != args.id:
                    continue
                original = restore(rec["text"], changes_from_record(rec))
            except (json.JSONDecodeError, KeyError, TypeError, RestoreError) as exc:
                failed += 1
                print(f"{args.corpus}:{lineno}: cannot restore: {exc}", file=sys.stderr)
                continue
            written += 1
            if args.out:
                with atomic_open(args.out / f"{safe_stem(str(rec['id']), taken)}.txt") as out:
                    out.write(original)
            else:
                sys.stdout.write(original)
    if args.id is not None and not written and not failed:
        print(f"{args.corpus}: no record with id {args.id!r}", file=sys.stderr)
        return 1
    return 1 if failed else 0


def cmd_rules(args: argparse.Namespace, rules: RuleSet) -> int:
    from .tools.rulecheck import check_examples, corpus_hits, list_rules, overlaps, show_rule, unfired
    if args.rules_cmd == "check":
        problems = check_examples(rules)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 2
        print(f"{len(rules.rules)} rules and {len(rules.entities)} name entities: all examples hold")
        shared = overlaps(rules)
        if shared:
            print(f"{len(shared)} example(s) where rules share territory:")
            for line in shared:
                print(f"  {line}")
        corpus = args.paths or ([Path("seeds")] if Path("seeds").is_dir() else [])
        if corpus:
            errors: list[str] = []
            hits = corpus_hits(rules, corpus, errors)
            idle = unfired(rules, hits)
            where = ", ".join(map(str, corpus))
            print(f"{len(idle)} rule(s) never fired in {where}" + (":" if idle else ""))
            for rule_id in idle:
                print(f"  {rule_id}")
            for line in errors:
                print(line, file=sys.stderr)
        return 0
    if args.rules_cmd == "list":
        return list_rules(rules, args.paths or [Path("seeds")])
    return show_rule(rules, args.rule_id, args.paths or [Path("seeds")])


def cmd_review(args: argparse.Namespace, rules: RuleSet) -> int:
    """Exit 0 whatever differs (a review is a report, not a check); 2 when
    the base rules cannot be loaded."""
    import os

    from .tools.review import ReviewError, base_rules, review
    from .tools.review_output import render_html, render_text
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


def cmd_names(args: argparse.Namespace, rules: RuleSet) -> int:
    """Without --profile: the gazetteer's size and its profiles; with one:
    every entity's spelling in it."""
    from .resources.gazetteer import describe_gazetteer, list_spellings
    if args.profile is None and args.kind is None and not args.variants:
        lines = describe_gazetteer(rules.entities, rules.profiles, rules.profile)
    else:
        lines = list_spellings(rules.entities, rules.profiles, rules.profile, args.kind,
                               args.variants)
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a global option given before the command survives the
    # subcommand's parser (which would otherwise reset it to its default)
    common.add_argument("--rules", type=Path, default=argparse.SUPPRESS,
                        help="rules directory (default: the project's rules/)")
    common.add_argument("--profile", default=argparse.SUPPRESS,
                        help="names profile: de-press (default), de-official, en")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")
    parser = argparse.ArgumentParser(prog="klartext", parents=[common],
                                     description="Clean machine-translated German news text.")
    parser.add_argument("--version", action="version", version=f"klartext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", parents=[common], help="clean texts into an output directory")
    p.add_argument("paths", nargs="*", type=Path, help="files or directories (default: seeds/); - for stdin")
    p.add_argument("--out", type=Path, help="output directory (default: output/; with --jsonl: "
                   "stdout unless given)")
    p.add_argument("--jsonl", action="store_true", help="read JSON Lines on stdin, write records on stdout")
    p.add_argument("--flush", action="store_true", help="flush stdout after every record")
    p.add_argument("--no-report", action="store_true", help="do not write report.html")
    p.add_argument("--source-dir", type=Path, metavar="DIR",
                   help="English originals: the file of the same name in DIR is an input's source")
    p = sub.add_parser("explain", parents=[common], help="show every change and flag")
    p.add_argument("paths", nargs="+", type=Path)
    p.add_argument("--no-color", action="store_true")
    p = sub.add_parser("check", parents=[common], help="lint: exit 1 if cleaning would change anything")
    p.add_argument("paths", nargs="*", type=Path)
    p = sub.add_parser("restore", parents=[common], help="rebuild originals from corpus.jsonl")
    p.add_argument("corpus", type=Path, nargs="?", default=Path("output/corpus.jsonl"))
    p.add_argument("--id", help="only the record with this id")
    p.add_argument("--out", type=Path, help="write <id>.txt files here instead of stdout")
    p = sub.add_parser("review", parents=[common],
                       help="what the working rules change against a base (git revision or directory)")
    p.add_argument("paths", nargs="*", type=Path, help="corpus (default: seeds/)")
    p.add_argument("--base", default="HEAD", help="git revision or rules directory (default: HEAD)")
    p.add_argument("--html", type=Path, help="also write the review as an HTML page")
    p.add_argument("--no-color", action="store_true", help="plain text even on a terminal")
    p = sub.add_parser("rules", parents=[common], help="check, list or show rules")
    rsub = p.add_subparsers(dest="rules_cmd", required=True)
    q = rsub.add_parser("check", parents=[common],
                        help="run every example; report shared territory and rules that never fire")
    q.add_argument("paths", nargs="*", type=Path, help="corpus for the hit count (default: seeds/)")
    q = rsub.add_parser("list", parents=[common], help="every rule with its hits in a corpus")
    q.add_argument("paths", nargs="*", type=Path)
    q = rsub.add_parser("show", parents=[common], help="one rule, its examples and its hits")
    q.add_argument("rule_id")
    q.add_argument("paths", nargs="*", type=Path)
    p = sub.add_parser("names", parents=[common],
                       help="the names gazetteer: counts, or every spelling of a --profile")
    p.add_argument("--kind", choices=sorted(ENTITY_KINDS), help="only entities of this kind")
    p.add_argument("--variants", action="store_true",
                   help="also the spellings rewritten to each canonical one")
    return parser


COMMANDS = {"clean": cmd_clean, "explain": cmd_explain, "check": cmd_check,
            "rules": cmd_rules, "review": cmd_review, "names": cmd_names}


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that every ``with`` block
    (each output's temp file) unwinds as for Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that Python's own flush
    at exit cannot fail again with a second message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name, default in (("rules", None), ("profile", None), ("debug", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="klartext: %(message)s")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return run_command(args)
    except (KeyboardInterrupt, Terminated) as exc:
        print("klartext: interrupted; finished files are complete, nothing half-written",
              file=sys.stderr)
        return 128 + (exc.args[0] if isinstance(exc, Terminated) else signal.SIGINT)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:   # stdout full or gone: file outputs report their own
        _silence_stdout()
        print(f"klartext: cannot write output: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(f"klartext: internal error: {type(exc).__name__}: {exc} "
              f"(--debug shows the traceback)", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_command(args: argparse.Namespace) -> int:
    if args.command == "restore":
        return cmd_restore(args, None)
    try:
        rules = load_rules(args.rules, args.profile)
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    code = COMMANDS[args.command](args, rules)
    sys.stdout.flush()   # a full disk shows here, not in Python's flush at exit
    return code
