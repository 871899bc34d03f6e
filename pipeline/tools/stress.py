"""``make bench-large``: the large inputs of issues 5 and 12, each cleaned
by a real ``klartext clean`` process: a 50 MB file without a newline,
1,000,000 one-word lines, a single 1 MB word (``a`` repeated, and CamelCase:
quadratic in its length before issue 12) and the 5.6 MB line of capitalised
words that timed out in ``structure.join-dateline``.  The words and the
long line come at two sizes, a quarter and the whole, so that the seconds
per MB show the time is linear.  Prints wall time and peak RSS (from the
process's own rusage, via ``os.wait4``)."""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

WORDS = ("der die das und mit für über nicht wurde Regierung Präsident Treffen Gipfel "
         "Krieg Frieden Berlin Woche sagte heute Kyiv Zelenskyy").split()


def write_single_line(path: Path, megabytes: float) -> None:
    rng, size, parts = random.Random(1), 0, []
    while size < megabytes * 1e6:
        word = rng.choice(WORDS)
        parts.append(word)
        size += len(word.encode("utf-8")) + 1
    path.write_text(" ".join(parts) + ".", encoding="utf-8")


def write_word_lines(path: Path, lines: int) -> None:
    """Different German words, so that few lines are duplicate blocks."""
    from wordfreq import top_n_list
    words = [w for w in top_n_list("de", 800_000) if w.isalpha()]
    path.write_text("\n".join(words[i % len(words)] for i in range(lines)) + "\n",
                    encoding="utf-8")


def write_single_word(path: Path, megabytes: float) -> None:
    """One word without a space."""
    path.write_text("a" * int(megabytes * 1e6), encoding="utf-8")


def write_camel_word(path: Path, megabytes: float) -> None:
    """One word without a space in CamelCase, so that the fused-word repair
    has case transitions to look at all the way."""
    path.write_text("Ab" * int(megabytes * 1e6 / 2), encoding="utf-8")


def write_camel_line(path: Path, megabytes: float) -> None:
    """Issue 12's line: ``KyivUndMoskau `` repeated, no newline."""
    path.write_text("KyivUndMoskau " * int(megabytes * 1e6 / 14), encoding="utf-8")


def measure(path: Path, out: Path) -> tuple[int, float, float, str]:
    """Exit code, wall seconds, peak RSS in MB, stderr of one clean run."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", str(path),
                                 "--out", str(out)], stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        message = err.read().decode("utf-8", "replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, wall, usage.ru_maxrss / 1024, message


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=50, help="size of the single line (MB)")
    parser.add_argument("--lines", type=int, default=1_000_000, help="one-word lines")
    parser.add_argument("--word-mb", type=float, default=1, help="size of the single word (MB)")
    parser.add_argument("--camel-mb", type=float, default=5.6,
                        help="size of the line of capitalised words (MB)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cases: list[tuple[Path, Callable[[Path], None]]] = [
            (Path(tmp) / "single-line.txt", lambda p: write_single_line(p, args.mb)),
            (Path(tmp) / "word-lines.txt", lambda p: write_word_lines(p, args.lines))]
        for name, write, size in (("single-word", write_single_word, args.word_mb),
                                  ("camel-word", write_camel_word, args.word_mb),
                                  ("camel-line", write_camel_line, args.camel_mb)):
            cases += [(Path(tmp) / f"{name}-quarter.txt", partial(write, megabytes=size / 4)),
                      (Path(tmp) / f"{name}.txt", partial(write, megabytes=size))]
        failed = 0
        for path, make in cases:
            make(path)
            code, wall, rss, message = measure(path, Path(tmp) / f"out-{path.stem}")
            mb = path.stat().st_size / 1e6
            print(f"{path.name}: {mb:.2f} MB, exit {code}, {wall:.1f} s wall "
                  f"({wall / mb:.2f} s/MB), peak RSS {rss:.0f} MB", flush=True)
            if code:
                failed += 1
                print(message, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
