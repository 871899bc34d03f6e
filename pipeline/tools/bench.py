"""``make bench``: throughput of the whole pipeline on a synthetic corpus
built from the seeds (repeated with numbered ids), run in-process so that
start-up (rules, lexicon) is measured separately from cleaning."""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from ..core import Document
from ..engine import Cleaner
from ..rules import load_rules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to clean")
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    args = parser.parse_args(argv)
    texts = [p.read_text("utf-8") for p in sorted(args.seeds.glob("*.txt"))]
    if not texts:
        print(f"{args.seeds}: no *.txt files", file=sys.stderr)
        return 1
    t0 = time.perf_counter()
    cleaner = Cleaner(load_rules())
    cleaner.run(Document("warm-up", texts[0]))  # loads lexicon and detector
    t1 = time.perf_counter()
    chars = changes = 0
    for i in range(args.docs):
        text = texts[i % len(texts)]
        doc = cleaner.run(Document(f"doc-{i}", text))
        chars += len(text.encode("utf-8"))
        changes += len(doc.changes)
    t2 = time.perf_counter()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"start-up (rules, lexicon, detector): {t1 - t0:.2f} s")
    print(f"cleaned {args.docs} documents, {chars / 1e6:.2f} MB, {changes} changes "
          f"in {t2 - t1:.2f} s: {args.docs / (t2 - t1):.1f} docs/s, "
          f"{chars / 1e6 / (t2 - t1):.3f} MB/s; peak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
