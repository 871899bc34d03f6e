"""LAB TOOL (research, not product): the quality score's own evidence, kind by
kind, against chrF on WMT22 en→de (``../shared/realmt``), and what fitting
weights to nine systems would buy.

Every document of every file is cleaned in process with the project's rules,
once without and once with its English ``source``; what the score counted
(:func:`pipeline.stages.quality.tally`, one count per cost of
``rules/quality.toml``) is kept in ``build/quality-lab/tallies.json``, so later
runs only analyse.  Printed:

- per kind of evidence: system-level Pearson and Kendall τ of minus its rate
  against chrF (nine systems; with the two references), a 90 % bootstrap
  interval over documents, τ on the even and on the odd documents;
- per formula (the product's score with and without source, and variants that
  drop house style or keep only the source's evidence): the same, plus the
  mean τ of the systems ranked within each document, leave-one-system-out,
  and pairwise accuracy on the system pairs chrF orders significantly;
- ``--overfit``: a greedy fit of signs and kinds on the even documents, read
  on the odd ones (what tuning to nine systems finds: chance);
- ``--examples COST``: what one kind of evidence found, to read its precision.

    .venv/bin/python -m pipeline.tools.quality_lab [--overfit] [--examples NAME]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core import Document
from ..engine import Cleaner
from ..rules import load_rules
from ..stages.quality import QualitySettings, price, tally
from .evalquality import REFERENCES, SOURCE_FILE, chrf, german_files, kendall_tau, pearson, read_jsonl

SAVE = Path("build/quality-lab")
Table = dict[str, list[dict[str, Any]]]   # file -> its documents


def collect(data: Path, save: Path) -> Table:
    """Per file, per document: words, chrF against the references (a
    reference against the other one), and the score's counts without and
    with the source, with what the detectors found."""
    cache = save / "tallies.json"
    if cache.exists():
        return json.loads(cache.read_text("utf-8"))
    rules = load_rules()
    cleaner = Cleaner(rules)
    s: QualitySettings = rules.get("quality.score").settings
    inputs = {p.stem: read_jsonl(p) for p in german_files(data)}
    refs = {name: {r["id"].split("|", 1)[1]: r["text"].split("\n") for r in inputs[name]}
            for name in REFERENCES}
    table: Table = {}
    for name, records in inputs.items():
        print(f"  {name} ...", file=sys.stderr, flush=True)
        docs = []
        for rec in records:
            no = rec["id"].split("|", 1)[1]
            row: dict[str, Any] = {"no": no, "words": len(rec["text"].split()),
                                   "chars": len(rec["text"]), "source_chars": len(rec["source"]),
                                   "chrf": chrf(rec["text"].split("\n"),
                                                [refs[r][no] for r in REFERENCES if r != name])}
            for label, source in (("plain", ""), ("src", rec["source"])):
                doc = cleaner.run(Document(rec["id"], rec["text"], source=source))
                found = tally(doc, s, cleaner.resources)
                row[label] = {k: n for k, (n, _) in found.items() if n}
                if source:
                    row["evidence"] = {k: items[:5] for k, (_, items) in found.items() if items}
            docs.append(row)
        table[name] = docs
    save.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(table, ensure_ascii=False), encoding="utf-8")
    return table


def system_chrf(data: Path) -> dict[str, float]:
    inputs = {p.stem: read_jsonl(p) for p in german_files(data)}
    out = {}
    for name, records in inputs.items():
        hyps = [line for r in records for line in r["text"].split("\n")]
        refs = [[line for r in inputs[ref] for line in r["text"].split("\n")]
                for ref in REFERENCES if ref != name]
        out[name] = chrf(hyps, refs)
    return out


# --- statistics -------------------------------------------------------------------

def correlations(values: dict[str, list[float]], table: Table, sys_chrf: dict[str, float],
                 pooled_words: bool = False) -> dict[str, Any]:
    """System-level Pearson/τ (nine systems, with references), a bootstrap
    interval, split halves, and the mean within-document τ; ``values`` holds
    one number per document per file (higher = better)."""
    names = sorted(values)
    systems = [n for n in names if n not in REFERENCES]
    n_docs = len(table[names[0]])

    def mean(n: str, idx: list[int]) -> float:
        if pooled_words:
            w = [table[n][i]["words"] for i in idx]
            return sum(values[n][i] * wi for i, wi in zip(idx, w)) / max(sum(w), 1)
        return statistics.fmean(values[n][i] for i in idx)

    def sys_tau(members: list[str], idx: list[int]) -> tuple[float | None, float | None]:
        xs = [mean(n, idx) for n in members]
        ys = ([sys_chrf[n] for n in members] if len(idx) == n_docs else
              [statistics.fmean(table[n][i]["chrf"] for i in idx) for n in members])
        return pearson(xs, ys), kendall_tau(xs, ys)

    every = list(range(n_docs))
    res: dict[str, Any] = {}
    res["p9"], res["t9"] = sys_tau(systems, every)
    res["p11"], res["t11"] = sys_tau(names, every)
    res["even"], res["odd"] = sys_tau(systems, every[0::2])[1], sys_tau(systems, every[1::2])[1]
    rng = random.Random(14)
    boot = sorted(sys_tau(systems, [rng.randrange(n_docs) for _ in every])[1] or 0.0
                  for _ in range(200))
    res["lo"], res["hi"] = boot[9], boot[189]
    within = [kendall_tau([values[n][i] for n in systems], [table[n][i]["chrf"] for n in systems])
              for i in every]
    kept = [t for t in within if t is not None]
    res["within"] = statistics.fmean(kept) if kept else None
    loo = [kendall_tau([mean(n, every) for n in systems if n != left],
                       [sys_chrf[n] for n in systems if n != left]) or 0.0 for left in systems]
    res["loo"] = (min(loo), max(loo))
    return res


def significant_pairs(table: Table, systems: list[str], rounds: int = 1000) -> list[tuple[str, str]]:
    """(better, worse) pairs whose order by mean document chrF holds in 95 %
    of paired bootstrap resamples, as WMT's pairwise accuracy counts them."""
    rng = random.Random(7)
    n_docs = len(table[systems[0]])
    wins = {(a, b): 0 for a in systems for b in systems if a != b}
    for _ in range(rounds):
        idx = [rng.randrange(n_docs) for _ in range(n_docs)]
        sums = {n: sum(table[n][i]["chrf"] for i in idx) for n in systems}
        for a, b in wins:
            wins[(a, b)] += sums[a] > sums[b]
    return [pair for pair, w in wins.items() if w >= 0.95 * rounds]


def _f(v: float | None) -> str:
    return "  n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:+.2f}"


def print_rows(rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"{'predictor':<30} {'P9':>6} {'τ9':>6} {'90% τ9':>14} {'P11':>6} {'τ11':>6} "
          f"{'even':>6} {'odd':>6} {'in-doc':>6} {'leave one out':>14}")
    for label, r in rows:
        interval = f"[{_f(r['lo'])},{_f(r['hi'])}]"
        print(f"{label:<30} {_f(r['p9']):>6} {_f(r['t9']):>6} {interval:>14} "
              f"{_f(r['p11']):>6} {_f(r['t11']):>6} {_f(r['even']):>6} {_f(r['odd']):>6} "
              f"{_f(r['within']):>6} {_f(r['loo'][0]) + '..' + _f(r['loo'][1]):>14}")


# --- formulas -------------------------------------------------------------------------

def formulas(s: QualitySettings) -> dict[str, Callable[[dict[str, Any]], float]]:
    """The product's score and variants, recomputed from the counts."""
    style = {k for k, c in s.costs.items() if c.sqrt}
    source = {k for k, c in s.costs.items() if c.needs_source}

    def score(row: dict[str, Any], run: str, keep: Callable[[str], bool]) -> float:
        return price({k: n for k, n in row[run].items() if keep(k)}, s, row["words"])[0]

    return {
        "score, without source": lambda r: score(r, "plain", lambda k: True),
        "score, with source": lambda r: score(r, "src", lambda k: True),
        "no house style": lambda r: score(r, "plain", lambda k: k not in style),
        "no house style, with source": lambda r: score(r, "src", lambda k: k not in style),
        "source evidence only": lambda r: score(r, "src", lambda k: k in source),
        "length ratio (needs source)": lambda r: r["chars"] / max(r["source_chars"], 1),
    }


def overfit(table: Table, sys_chrf: dict[str, float], kinds: list[str]) -> None:
    """Greedily add (sign, kind) to maximise τ on the even documents; read τ
    on the odd ones."""
    systems = [n for n in table if n not in REFERENCES]
    n_docs = len(table[systems[0]])
    halves = {"even": list(range(0, n_docs, 2)), "odd": list(range(1, n_docs, 2))}

    def z(kind: str, idx: list[int]) -> list[float]:
        rates = [sum(table[n][i]["src"].get(kind, 0) for i in idx) /
                 max(sum(table[n][i]["words"] for i in idx), 1) for n in systems]
        mu, sd = statistics.fmean(rates), statistics.pstdev(rates) or 1.0
        return [(x - mu) / sd for x in rates]

    def tau(chosen: list[tuple[str, int]], idx: list[int]) -> float:
        zs = {k: z(k, idx) for k, _ in chosen}
        xs = [sum(sign * zs[k][j] for k, sign in chosen) for j in range(len(systems))]
        ys = [statistics.fmean(table[n][i]["chrf"] for i in idx) for n in systems]
        return kendall_tau(xs, ys) or 0.0

    chosen: list[tuple[str, int]] = []
    best = -1.0
    for _ in range(5):
        trials = [(tau(chosen + [(k, sign)], halves["even"]), k, sign)
                  for k in kinds for sign in (-1, 1) if (k, sign) not in chosen]
        t, k, sign = max(trials)
        if t <= best:
            break
        best = t
        chosen.append((k, sign))
        print(f"  {sign:+d} × {k:<24} τ on the even documents {t:+.2f}   "
              f"on the odd ones {tau(chosen, halves['odd']):+.2f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="quality_lab", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/realmt"))
    ap.add_argument("--save", type=Path, default=SAVE)
    ap.add_argument("--overfit", action="store_true")
    ap.add_argument("--examples", metavar="COST", help="what one kind of evidence found")
    args = ap.parse_args(argv)
    if not (args.data / f"{SOURCE_FILE}.jsonl").exists():
        print(f"quality_lab: no data in {args.data}", file=sys.stderr)
        return 2
    table = collect(args.data, args.save)
    if args.examples:
        for name, docs in table.items():
            for d in docs:
                for item in d.get("evidence", {}).get(args.examples, []):
                    print(f"{name}|{d['no']}\t{item}")
        return 0
    s: QualitySettings = load_rules().get("quality.score").settings
    sys_chrf = system_chrf(args.data)
    kinds = sorted(s.costs)
    if args.overfit:
        print("# greedy fit on the even documents, read on the odd ones (nine systems)")
        overfit(table, sys_chrf, kinds)
        return 0
    print("# each kind of evidence: minus its rate per word (system value pooled over documents)")
    rows = []
    for kind in kinds:
        values = {n: [-d["src"].get(kind, 0) / max(d["words"], 1) for d in docs]
                  for n, docs in table.items()}
        if any(v for vs in values.values() for v in vs):
            rows.append((kind, correlations(values, table, sys_chrf, pooled_words=True)))
    print_rows(rows)
    order = sorted(table, key=lambda n: -sys_chrf[n])
    print("\n# hits per file (with source), files in chrF order")
    print(f"{'':<24}" + "".join(f"{n[:8]:>9}" for n in order))
    for kind in kinds:
        print(f"{kind:<24}" + "".join(f"{sum(d['src'].get(kind, 0) for d in table[n]):9d}" for n in order))
    print("\n# formulas (system value: mean document score)")
    fs = formulas(s)
    rows = [(label, correlations({n: [f(d) for d in docs] for n, docs in table.items()}, table, sys_chrf))
            for label, f in fs.items()]
    print_rows(rows)
    print(f"\n{'mean per file':<30}" + "".join(f"{n[:8]:>9}" for n in order))
    print(f"{'chrF':<30}" + "".join(f"{sys_chrf[n]:9.2f}" for n in order))
    means = {label: {n: statistics.fmean(f(d) for d in table[n]) for n in table} for label, f in fs.items()}
    for label in fs:
        print(f"{label:<30}" + "".join(f"{means[label][n]:9.4f}" for n in order))
    systems = [n for n in table if n not in REFERENCES]
    pairs = significant_pairs(table, systems)
    print(f"\n# pairwise accuracy on the {len(pairs)} of {len(systems) * (len(systems) - 1) // 2} "
          "system pairs chrF orders significantly (a tie counts 1/2)")
    for label in fs:
        m = means[label]
        acc = sum((m[a] > m[b]) + 0.5 * (m[a] == m[b]) for a, b in pairs) / max(len(pairs), 1)
        print(f"{label:<30} {acc:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
