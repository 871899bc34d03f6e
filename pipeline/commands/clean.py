"""``klartext clean`` and ``klartext restore``: the way in and the way back.
Neither writes where the user did not ask: a folder only with ``--out``."""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from ..core import RestoreError, restore
from ..engine import Cleaner
from ..io.batch import (
    Failure,
    Outcome,
    Pending,
    clean_pending,
    file_records,
    fill_batch,
    pending_size,
    process,
)
from ..io.cores import usable_cores
from ..io.inputs import InputError, decode, encode, iter_paths
from ..io.jsonlines import jsonl_records, render_pending, write_jsonl
from ..io.parallel import clean_all
from ..io.progress import Progress
from ..io.writers import Summary, atomic_open, changes_from_record, dumps, safe_stem
from ..rules import RuleSet
from . import STDIN, Command, UsageError, exit_codes


def run_clean(args: argparse.Namespace, rules: RuleSet) -> int:
    _utf8_stdout()
    if args.source_dir is not None and (args.jsonl or STDIN in args.paths or not args.paths
                                        or not args.source_dir.is_dir()):
        raise UsageError("--source-dir must be a directory, and is for files (a JSON Lines "
                         "record carries its own 'source')")
    if args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    if args.jsonl:
        if args.paths:
            raise UsageError("--jsonl reads records from stdin; give no paths")
        progress = Progress(_stdin_size(args), args.quiet)
        to_stdout = args.out is None
        records = progress.track(clean_all(
            rules, render_pending if to_stdout else clean_pending,
            jsonl_records(sys.stdin.buffer, args.debug), pending_size, args.jobs, args.dask))
        if to_stdout:
            code = write_jsonl(records, args.flush)
            progress.finish("stdout")
            return code
        return fill_batch(args.out, records, ids_from_names=False,
                          finish=_finish(args, rules, progress, args.out))
    if not args.paths:
        if sys.stdin.isatty():
            raise UsageError("nothing to clean: give files or folders and --out DIR, "
                             "or pipe a text in (klartext clean - < article.txt)")
        args.paths = [STDIN]
    if STDIN in args.paths:
        if len(args.paths) > 1 or args.out is not None:
            raise UsageError("- prints one clean text to stdout; it cannot be combined with "
                             "--out or other inputs")
        return _clean_stdin(args, rules)
    if args.out is None:
        raise UsageError("--out DIR is required to write the cleaned files "
                         "(klartext clean - < FILE prints one text instead)")
    missing = [p for p in args.paths if not p.exists() and not p.is_symlink()]
    if len(missing) == len(args.paths):   # nothing to clean: write nothing either
        for p in missing:
            print(f"{p}: no such file or directory", file=sys.stderr)
        return 2
    out = args.out
    progress = Progress(_files_size(args), args.quiet)
    records = progress.track(_cleaned(args, rules, file_records(
        args.paths, args.debug, skip=out, source_dir=args.source_dir)))

    return fill_batch(out, records, ids_from_names=True, finish=_finish(args, rules, progress, out))


def _finish(args: argparse.Namespace, rules: RuleSet, progress: Progress, out: Path
            ) -> Callable[[Summary], None]:
    """What ends a run into a folder, files or JSON Lines alike: the HTML
    report (unless ``--no-report``), then the closing line."""
    def report(summary: Summary) -> None:
        if not args.no_report:
            from ..tools.report import write_report  # only a folder of output has one
            write_report(out / "corpus.jsonl", out / "report.html", rules, summary.failed)
        progress.finish(f"{out}{os.sep}")   # only once everything is in place

    return report


def _cleaned(args: argparse.Namespace, rules: RuleSet, pending: Iterator[Pending]
             ) -> Iterator[Outcome]:
    return clean_all(rules, clean_pending, pending, pending_size, args.jobs, args.dask)


def _showing(args: argparse.Namespace) -> bool:
    return not args.quiet and sys.stderr.isatty()


def _files_size(args: argparse.Namespace) -> int | None:
    """The bytes to clean, for the time left (only when a bar is shown)."""
    if not _showing(args):
        return None
    total = 0
    for item in iter_paths(args.paths, args.out):
        if isinstance(item, Path):
            try:
                total += item.stat().st_size
            except OSError:
                pass
    return total


def _stdin_size(args: argparse.Namespace) -> int | None:
    try:
        info = os.fstat(sys.stdin.fileno())
    except (OSError, ValueError):
        return None
    return info.st_size if _showing(args) and stat.S_ISREG(info.st_mode) else None


def _clean_stdin(args: argparse.Namespace, rules: RuleSet) -> int:
    progress = Progress(quiet=args.quiet)
    try:
        text, _ = decode(sys.stdin.buffer.read())
        doc = process(Cleaner(rules), text, "-", "-", debug=args.debug)
    except (InputError, Failure) as exc:
        print(f"-: {exc}", file=sys.stderr)
        return 1
    for _ in progress.track([("-", "-", doc, {}, None)]):
        sys.stdout.write(doc.text)
    sys.stdout.flush()
    progress.finish("stdout")
    return 0


def add_clean_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="files or folders (*.txt, recursed) to clean into --out; - (or no "
                   "path, with a text piped in) prints one clean text to stdout")
    p.add_argument("--out", type=Path, metavar="DIR",
                   help="the output folder: text/, corpus.jsonl, summary.json, report.html "
                   "(required for paths; with --jsonl: the records go there, not to stdout)")
    p.add_argument("--jsonl", action="store_true",
                   help='read JSON Lines records {"id", "text", ...} on stdin; write records '
                   "to stdout, or into --out DIR")
    p.add_argument("--flush", action="store_true", help="with --jsonl: flush stdout after every record")
    p.add_argument("--no-report", action="store_true", help="do not write report.html")
    p.add_argument("--source-dir", type=Path, metavar="DIR",
                   help="English originals: the file of the same name in DIR is an input's source")
    p.add_argument("--jobs", "-j", type=int, default=usable_cores(), metavar="N",
                   help="worker processes (default: one per core this process may use, by its "
                   "CPU affinity and cgroup quota: %(default)s here); the output is the same, "
                   "in input order")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="clean on a Dask cluster: a scheduler address (tcp://host:8786) or "
                   "'local' (a LocalCluster of --jobs workers); the output is the same")
    p.add_argument("--quiet", "-q", action="store_true",
                   help="no progress bar and no closing summary line on stderr")


def _utf8_stdout() -> None:
    """Records and clean text are UTF-8 whatever the locale says."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        reconfigure(encoding="utf-8", errors="strict")


def run_restore(args: argparse.Namespace, rules: RuleSet | None) -> int:
    """Every original as the bytes it was read from (its encoding and
    byte-order mark recorded in ``meta``), unless ``--text`` asks for UTF-8;
    several records on stdout go as JSON, which holds text, not bytes."""
    _utf8_stdout()
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
                if args.id is not None and not _id_matches(rec.get("id"), args.id):
                    continue
                original = restore(rec["text"], changes_from_record(rec))
                data = original.encode("utf-8") if args.text else \
                    encode(original, (rec.get("meta") or {}).get("encoding", "utf-8"))
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError, RestoreError,
                    UnicodeError, LookupError) as exc:
                failed += 1
                print(f"{args.corpus}:{lineno}: cannot restore: {exc}", file=sys.stderr)
                continue
            written += 1
            if args.out:
                with atomic_open(args.out / f"{safe_stem(str(rec['id']), taken)}.txt", "wb") as out:
                    out.write(data)
            elif args.id is not None:
                sys.stdout.flush()
                sys.stdout.buffer.write(data)
            else:   # several documents: one record each, never glued together
                sys.stdout.write(dumps({"id": rec["id"], "text": original}))
    if args.id is not None and not written and not failed:
        print(f"{args.corpus}: no record with id {args.id!r}", file=sys.stderr)
        return 1
    return 1 if failed else 0


def _id_matches(value: object, wanted: str) -> bool:
    """``--id 123`` finds the id "123" and the id 123."""
    return value == wanted or (isinstance(value, int) and not isinstance(value, bool)
                               and str(value) == wanted)


def add_restore_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("corpus", type=Path, metavar="CORPUS",
                   help="a corpus.jsonl written by clean (- reads stdin)")
    p.add_argument("--id", help="print the original of this record only, as it was")
    p.add_argument("--out", type=Path, metavar="DIR", help="write one <id>.txt per record here")
    p.add_argument("--text", action="store_true",
                   help="the original as UTF-8 text, not in the encoding it was read in")


CLEAN = Command(
    "clean", "clean texts: one from stdin to stdout, or files into an --out folder",
    add_clean_arguments, run_clean,
    description="Clean machine-translated German news text. A text piped in comes out clean "
    "on stdout; files and folders are cleaned into the --out folder (clean texts, "
    "corpus.jsonl with every change, summary.json, report.html). Nothing is written "
    "anywhere else.",
    epilog="examples:\n"
    "  klartext clean - < article.txt > clean.txt\n"
    "  klartext clean seeds --out output            # output/text/*.txt, corpus.jsonl, report.html\n"
    "  klartext clean --jsonl < in.jsonl > out.jsonl\n\n"
    + exit_codes("0  every input cleaned",
                 "1  some inputs failed (each named on stderr; the rest are written), or "
                 "another run is writing the --out folder",
                 "2  usage or rules error, or no input found (nothing written)",
                 "130/143  interrupted (every output file is the old or the new complete one)"))
RESTORE = Command(
    "restore", "give back the original texts from a corpus.jsonl", add_restore_arguments,
    run_restore, needs_rules=False,
    description="Replay the change log of corpus.jsonl backwards: the original inputs come "
    "back exactly, as the bytes that were read (a cp1252 or UTF-16 file in its encoding, "
    "with its byte-order mark). With --id, one original as it was; with --out, one file per "
    'record; otherwise one JSON record {"id", "text"} per line.',
    epilog="examples:\n"
    "  klartext restore output/corpus.jsonl --id 000_7ae37cc3878cbd34 > original.txt\n"
    "  klartext restore output/corpus.jsonl --out restored/\n\n"
    + exit_codes("0  restored", "1  a record cannot be restored or --id is not there",
                 "2  usage error"))
