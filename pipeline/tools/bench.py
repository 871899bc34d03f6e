"""``make bench``: how fast klartext cleans a corpus, against ftfy in the same run.

The corpus is the development set (../shared/eval/data) and the seeds,
repeated with fresh ids until it holds at least ``--mb`` megabytes of text,
as JSON Lines.  Measured, each the median of ``--runs`` runs:

- ftfy: ``ftfy.fix_text`` on every record's text, in this process (CPU time);
- klartext, one core: ``klartext clean --jsonl --jobs 1`` as a user runs it
  (a subprocess; its CPU time from the kernel, start-up included), and the
  same without its start-up;
- klartext on each text once (no text repeats, as in a corpus of fresh
  news: the per-process word tables learn as they go, from empty);
- start-up: ``klartext clean -`` on one sentence (wall time, peak memory);
- ``--jobs 2`` against ``--jobs 1`` (wall time), with the outputs compared;
- where the time goes: the share of each rule's proposals in one pass over
  the corpus in this process (the rules that cost most first);
- a folder of ``--files`` small files (a paragraph each) into ``--out``
  against the same texts as JSON Lines into ``--out`` (CPU time, one core):
  what reading and writing a file per document costs.

Nothing here is a test: numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "data"
SENTENCE = "Der Präsident sagte, dass US -Truppen bleiben.\n"


def build_corpus(dest: Path, megabytes: float, seeds: Path, data: Path) -> tuple[int, int]:
    """Records ``{"id", "text"}`` until ``megabytes`` of text; (records, bytes)."""
    texts = [json.loads(line)["text"] for name in ("clean", "injected", "nongerman")
             for line in (data / f"{name}.jsonl").read_text("utf-8").splitlines() if line.strip()]
    texts += [p.read_text("utf-8") for p in sorted(seeds.glob("*.txt"))]
    if not texts:
        raise SystemExit(f"no texts in {data} or {seeds}")
    n = size = 0
    with open(dest, "w", encoding="utf-8") as fh:
        while size < megabytes * 1e6:
            text = texts[n % len(texts)]
            fh.write(json.dumps({"id": f"doc-{n}", "text": text}, ensure_ascii=False) + "\n")
            size += len(text.encode("utf-8"))
            n += 1
    return n, size


def run(argv: list[str], stdin: Path | None = None, stdout: Path | None = None,
        data: bytes | None = None) -> tuple[float, float, float, float]:
    """Wall seconds, CPU seconds (user + system), peak RSS (MB) and system
    seconds of one klartext process, from the kernel's account of it."""
    with open(stdin or os.devnull, "rb") as fin, open(stdout or os.devnull, "wb") as fout:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", *argv],
                                stdin=subprocess.PIPE if data is not None else fin,
                                stdout=fout, stderr=subprocess.PIPE)
        if data is not None:
            assert proc.stdin is not None
            proc.stdin.write(data)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"klartext {' '.join(argv)} failed:\n{err}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, usage.ru_stime


def median(runs: int, measure: Callable[[], tuple[float, ...]]) -> tuple[float, ...]:
    samples = [measure() for _ in range(runs)]
    return tuple(statistics.median(column) for column in zip(*samples))


def corpus_records(corpus: Path) -> list[dict[str, Any]]:
    """The records of a corpus written by :func:`build_corpus`."""
    return [json.loads(line) for line in corpus.read_text("utf-8").splitlines()]


def build_small_files(folder: Path, records: Path, count: int, corpus: Path) -> None:
    """``count`` small texts (the first paragraph of each corpus record, in
    turn) as files in ``folder`` and as JSON Lines in ``records``."""
    texts = [rec["text"].split("\n\n")[0] for rec in corpus_records(corpus)]
    folder.mkdir()
    with open(records, "w", encoding="utf-8") as fh:
        for i in range(count):
            text = texts[i % len(texts)]
            (folder / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
            fh.write(json.dumps({"id": f"doc{i:05d}", "text": text}, ensure_ascii=False) + "\n")


def write_distinct(corpus: Path, dest: Path) -> float:
    """The corpus's records with each text once (the texts before it
    repeats), into ``dest``; their megabytes of text."""
    seen: set[str] = set()
    size = 0
    with open(dest, "w", encoding="utf-8") as fh:
        for rec in corpus_records(corpus):
            if rec["text"] not in seen:
                seen.add(rec["text"])
                size += len(rec["text"].encode("utf-8"))
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return size / 1e6


def ftfy_cpu(corpus: Path) -> float:
    import ftfy
    texts = [rec["text"] for rec in corpus_records(corpus)]
    start = time.process_time()
    for text in texts:
        ftfy.fix_text(text)
    return time.process_time() - start


def rule_seconds(corpus: Path) -> tuple[float, dict[str, float]]:
    """One pass over the corpus in this process: its seconds, and the
    seconds each rule's proposals took (a cleaner that times its rules)."""
    from ..core import Document
    from ..engine import Cleaner
    from ..rules import load_rules

    class TimedCleaner(Cleaner):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            self.seconds: defaultdict[str, float] = defaultdict(float)

        def propose(self, doc: Any, rule: Any, stage: Any) -> Any:
            start = time.perf_counter()
            try:
                return super().propose(doc, rule, stage)
            finally:
                self.seconds[rule.id] += time.perf_counter() - start

    cleaner = TimedCleaner(load_rules())
    start = time.perf_counter()
    for rec in corpus_records(corpus):
        cleaner.run(Document(rec["id"], rec["text"], "bench"))
    return time.perf_counter() - start, cleaner.seconds


def print_rule_seconds(total: float, seconds: dict[str, float], top: int = 12) -> None:
    print(f"where the time goes (one pass in process, {total:.2f} s):")
    ranked = sorted(seconds.items(), key=lambda item: -item[1])
    for rule_id, s in ranked[:top]:
        print(f"  {rule_id:36} {s:6.2f} s {100 * s / total:5.1f} %")
    rest = sum(s for _, s in ranked[top:])
    outside = total - sum(seconds.values())
    print(f"  {f'{len(seconds) - top} other rules':36} {rest:6.2f} s {100 * rest / total:5.1f} %")
    print(f"  {'engine (edits, change log, flags)':36} {outside:6.2f} s {100 * outside / total:5.1f} %")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=5.0, help="corpus size (default 5 MB)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--data", type=Path, default=EVAL, help="the development set's data/")
    parser.add_argument("--files", type=int, default=10_000,
                        help="small files for the folder measurement (default 10,000; 0: none)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="klartext-bench-") as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        records, size = build_corpus(corpus, args.mb, args.seeds, args.data)
        mb = size / 1e6
        print(f"corpus: {records} records, {mb:.2f} MB of text (development set + seeds, repeated)",
              flush=True)
        (ftfy_s,) = median(args.runs, lambda: (ftfy_cpu(corpus),))
        up_wall, up_cpu, up_rss, _ = median(args.runs, lambda: run(["clean", "-"],
                                                                    data=SENTENCE.encode()))
        one = Path(tmp) / "jobs1.jsonl"
        wall1, cpu1, rss1, _ = median(args.runs, lambda: run(["clean", "--jsonl", "--jobs", "1"],
                                                             corpus, one))
        two = Path(tmp) / "jobs2.jsonl"
        wall2, *_ = median(args.runs, lambda: run(["clean", "--jsonl", "--jobs", "2"],
                                                  corpus, two))
        same = one.read_bytes() == two.read_bytes()
        fresh = Path(tmp) / "fresh.jsonl"      # each text once, as in a corpus of fresh news
        fresh_mb = write_distinct(corpus, fresh)
        _, fresh_cpu, *_ = median(args.runs, lambda: run(["clean", "--jsonl", "--jobs", "1"], fresh))
        total, seconds = rule_seconds(corpus)
        files_cpu = lines_cpu = files_sys = lines_sys = 0.0
        if args.files > 0:
            folder, small = Path(tmp) / "small", Path(tmp) / "small.jsonl"
            build_small_files(folder, small, args.files, corpus)
            outs = iter(range(1_000_000))     # a fresh output folder for every run
            files_cpu, files_sys = median(args.runs, lambda: run(
                ["clean", str(folder), "--out", str(Path(tmp) / f"out{next(outs)}"), "--jobs", "1",
                 "--quiet"])[1::2])
            lines_cpu, lines_sys = median(args.runs, lambda: run(
                ["clean", "--jsonl", "--out", str(Path(tmp) / f"out{next(outs)}"), "--jobs", "1",
                 "--quiet"], small)[1::2])
    ftfy_rate, rate = mb / ftfy_s, mb / cpu1
    steady = mb / max(cpu1 - up_cpu, 1e-9)
    print(f"ftfy.fix_text, one core:           {ftfy_rate:6.2f} MB/s ({ftfy_s:.2f} s CPU)")
    print(f"klartext clean --jsonl --jobs 1:   {rate:6.2f} MB/s ({cpu1:.2f} s CPU, start-up "
          f"included; peak RSS {rss1:.0f} MB)")
    print(f"  without start-up:                {steady:6.2f} MB/s")
    print(f"ratio klartext / ftfy:             {rate / ftfy_rate:6.2f} (without start-up "
          f"{steady / ftfy_rate:.2f})")
    fresh_rate = fresh_mb / max(fresh_cpu - up_cpu, 1e-9)
    print(f"  each text once ({fresh_mb:.2f} MB):       {fresh_rate:6.2f} MB/s without start-up, "
          f"{fresh_rate / ftfy_rate:.2f} of ftfy (no text repeats)")
    print(f"start-up, clean - on one sentence: {up_wall:6.2f} s wall, {up_rss:.0f} MB peak RSS")
    print(f"--jobs 2 over --jobs 1:            {wall1 / wall2:6.2f}x ({wall1:.2f} s -> "
          f"{wall2:.2f} s wall; {os.cpu_count()} cores; outputs "
          f"{'identical' if same else 'DIFFER'})")
    print_rule_seconds(total, seconds)
    if args.files > 0:
        print(f"{args.files:,} small files --out / JSON Lines --out: {files_cpu / lines_cpu:6.2f}x "
              f"({files_cpu:.2f} s / {lines_cpu:.2f} s CPU, one core; of it system time "
              f"{files_sys:.2f} s / {lines_sys:.2f} s, the file system's share, which varies "
              f"from run to run)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
