"""``make bench``: how fast klartext cleans a corpus, against ftfy in the same run.

The corpus is the development set (../shared/eval/data) and the seeds,
repeated with fresh ids until it holds at least ``--mb`` megabytes of text,
as JSON Lines.  Measured, each the median of ``--runs`` runs (a ratio:
the median of the ratios of rounds that take its two measures in turn):

- ftfy: ``ftfy.fix_text`` on every record's text, in this process (CPU time);
- klartext, one core: ``klartext clean --jsonl --jobs 1`` as a user runs it
  (a subprocess; its CPU time from the kernel, start-up included), and the
  same without its start-up;
- klartext on each text once (no text repeats, as in a corpus of fresh
  news: the per-process word tables learn as they go, from empty), against
  ftfy on the same texts in the same rounds;
- start-up: ``klartext clean -`` on one sentence (wall time, peak memory);
- ``--jobs 2`` against ``--jobs 1`` (wall time), with the outputs compared,
  on the corpus and on a larger one (``--jobs-mb``), where what each
  process does once (start-up, filling its word tables) weighs less; and
  what keeps it under 2: the CPU ``--jobs 2`` spends over ``--jobs 1`` (all
  its processes), and the best speed-up that CPU allows
  (:func:`parallel_bound`);
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
from typing import Any, TypeVar

from ..io.cores import usable_cores

T = TypeVar("T")

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


def parallel_bound(ones: list[tuple[float, ...]], twos: list[tuple[float, ...]],
                   up_wall: float, up_cpu: float, workers: int = 2) -> float:
    """The best speed-up ``--jobs 2`` could show with the CPU it spent: its
    start-up on one core, then all the rest of its CPU (its workers and the
    main process) spread evenly over ``workers`` cores, against the wall time
    of ``--jobs 1`` in the same round (:func:`run`'s numbers; the median of
    the rounds).  Where the measured speed-up falls short of this, the cores
    were not all ours (the machine's neighbours); where this falls short of
    ``workers``, the work each worker does again (filling its own word
    tables, start-up) is why.

    >>> parallel_bound([(10.0, 10.0)], [(6.0, 11.0)], 0.5, 0.5)
    1.7391304347826086
    """
    return statistics.median(one[0] / (up_wall + max(two[1] - up_cpu, 0.0) / workers)
                             for one, two in zip(ones, twos))


def median(runs: int, measure: Callable[[], tuple[float, ...]]) -> tuple[float, ...]:
    samples = [measure() for _ in range(runs)]
    return tuple(statistics.median(column) for column in zip(*samples))


def rounds(runs: int, *measures: Callable[[], T]) -> list[list[T]]:
    """``runs`` rounds of the measures, one after the other in each round:
    the machine's speed drifts by 10-20 % over a bench here, and a ratio of
    two measures taken in the same round drifts far less than one of two
    medians taken minutes apart.  One list of samples per measure."""
    samples = [[measure() for measure in measures] for _ in range(runs)]
    return [list(column) for column in zip(*samples)]


def ratio(tops: list[float], bottoms: list[float]) -> float:
    """The median of the rounds' ratios."""
    return statistics.median(t / b for t, b in zip(tops, bottoms))


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


def ftfy_and_jobs(corpus: Path, tmp: Path, runs: int, with_ftfy: bool = True
                  ) -> tuple[list[float], list[tuple[float, ...]], list[tuple[float, ...]], bool]:
    """Rounds of ftfy (CPU seconds), ``clean --jsonl --jobs 1`` and
    ``--jobs 2`` (:func:`run`'s numbers) on ``corpus``, and whether the two
    wrote the same bytes."""
    one, two = tmp / "jobs1.jsonl", tmp / "jobs2.jsonl"
    measures: list[Callable[[], Any]] = [
        lambda: run(["clean", "--jsonl", "--jobs", "1"], corpus, one),
        lambda: run(["clean", "--jsonl", "--jobs", "2"], corpus, two)]
    if with_ftfy:
        measures.insert(0, lambda: ftfy_cpu(corpus))
    samples = rounds(runs, *measures)
    ftfys = samples.pop(0) if with_ftfy else []
    return ftfys, samples[0], samples[1], one.read_bytes() == two.read_bytes()


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
    parser.add_argument("--jobs-mb", type=float, default=20.0,
                        help="corpus size for the second --jobs 2 measurement (default 20 MB)")
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
        up_wall, up_cpu, up_rss, _ = median(args.runs, lambda: run(["clean", "-"],
                                                                    data=SENTENCE.encode()))
        ftfys, ones, twos, same = ftfy_and_jobs(corpus, Path(tmp), args.runs)
        ftfy_s = statistics.median(ftfys)
        wall1, cpu1, rss1, _ = (statistics.median(column) for column in zip(*ones))
        wall2 = statistics.median(two[0] for two in twos)
        one_core = ratio(ftfys, [one[1] for one in ones])    # ftfy's CPU / ours: rate / rate
        one_core_steady = ratio(ftfys, [max(one[1] - up_cpu, 1e-9) for one in ones])
        speedup = ratio([one[0] for one in ones], [two[0] for two in twos])
        large = Path(tmp) / "large.jsonl"
        large_mb = build_corpus(large, args.jobs_mb, args.seeds, args.data)[1] / 1e6
        _, large_ones, large_twos, large_same = ftfy_and_jobs(large, Path(tmp), args.runs,
                                                              with_ftfy=False)
        large_speedup = ratio([one[0] for one in large_ones], [two[0] for two in large_twos])
        # what keeps the speed-up under 2: the CPU --jobs 2 spends over
        # --jobs 1, and the start-up before any worker runs
        extra = ratio([two[1] for two in twos], [one[1] for one in ones])
        large_extra = ratio([two[1] for two in large_twos], [one[1] for one in large_ones])
        bound = parallel_bound(ones, twos, up_wall, up_cpu)
        large_bound = parallel_bound(large_ones, large_twos, up_wall, up_cpu)
        same = same and large_same
        fresh = Path(tmp) / "fresh.jsonl"      # each text once, as in a corpus of fresh news
        fresh_mb = write_distinct(corpus, fresh)
        # paired with ftfy on the same texts, round by round, as the corpus is
        fresh_ftfys, fresh_cpus = rounds(args.runs, lambda: ftfy_cpu(fresh),
                                         lambda: run(["clean", "--jsonl", "--jobs", "1"], fresh)[1])
        fresh_cpu = statistics.median(fresh_cpus)
        fresh_ratio = ratio(fresh_ftfys, [max(c - up_cpu, 1e-9) for c in fresh_cpus])
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
    print(f"ratio klartext / ftfy:             {one_core:6.2f} (without start-up "
          f"{one_core_steady:.2f}; each the median of {args.runs} rounds' ratios)")
    fresh_rate = fresh_mb / max(fresh_cpu - up_cpu, 1e-9)
    print(f"  each text once ({fresh_mb:.2f} MB):       {fresh_rate:6.2f} MB/s without start-up, "
          f"{fresh_ratio:.2f} of ftfy on the same texts (no text repeats)")
    print(f"start-up, clean - on one sentence: {up_wall:6.2f} s wall, {up_rss:.0f} MB peak RSS")
    print(f"--jobs 2 over --jobs 1:            {speedup:6.2f}x ({wall1:.2f} s -> "
          f"{wall2:.2f} s wall; {usable_cores()} cores; outputs "
          f"{'identical' if same else 'DIFFER'})")
    print(f"{f'  on {large_mb:.0f} MB:':35}{large_speedup:6.2f}x (a longer run: "
          f"start-up and the word tables each worker fills weigh less)")
    print(f"  CPU of --jobs 2 / --jobs 1:      {extra:6.2f} ({large_extra:.2f} on {large_mb:.0f} MB: "
          f"each worker fills its own word tables, records cross between processes)")
    print(f"  best speed-up with that CPU:     {bound:6.2f}x ({large_bound:.2f}x on {large_mb:.0f} MB: "
          f"start-up on one core, the rest spread evenly over two)")
    print_rule_seconds(total, seconds)
    if args.files > 0:
        print(f"{args.files:,} small files --out / JSON Lines --out: {files_cpu / lines_cpu:6.2f}x "
              f"({files_cpu:.2f} s / {lines_cpu:.2f} s CPU, one core; of it system time "
              f"{files_sys:.2f} s / {lines_sys:.2f} s, the file system's share, which varies "
              f"from run to run)")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
