"""``klartext clean`` and ``klartext restore``: the way in and the way back."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..core import RestoreError, restore
from ..engine import Cleaner
from ..io.batch import Failure, file_records, fill_batch, jsonl_records, process, write_jsonl
from ..io.inputs import InputError, decode
from ..io.writers import Summary, atomic_open, changes_from_record, safe_stem
from ..rules import RuleSet
from ..tools.report import write_report
from . import Command


def run_clean(args: argparse.Namespace, rules: RuleSet) -> int:
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
    records = file_records(args.paths or [Path("seeds")], Cleaner(rules), args.debug, skip=out)

    def report(summary: Summary) -> None:
        if not args.no_report:
            write_report(out / "corpus.jsonl", out / "report.html", rules, summary.failed)

    return fill_batch(out, records, ids_from_names=True, finish=report)


def add_clean_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, help="files or directories (default: seeds/); - for stdin")
    p.add_argument("--out", type=Path, help="output directory (default: output/; with --jsonl: "
                   "stdout unless given)")
    p.add_argument("--jsonl", action="store_true", help="read JSON Lines on stdin, write records on stdout")
    p.add_argument("--flush", action="store_true", help="flush stdout after every record")
    p.add_argument("--no-report", action="store_true", help="do not write report.html")


def run_restore(args: argparse.Namespace, rules: RuleSet | None) -> int:
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


def add_restore_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", type=Path, nargs="?", default=Path("output/corpus.jsonl"))
    p.add_argument("--id", help="only the record with this id")
    p.add_argument("--out", type=Path, help="write <id>.txt files here instead of stdout")


CLEAN = Command("clean", "clean texts into an output directory", add_clean_arguments, run_clean)
RESTORE = Command("restore", "rebuild originals from corpus.jsonl", add_restore_arguments,
                  run_restore, needs_rules=False)
