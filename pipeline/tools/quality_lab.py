"""LAB TOOL (research, not product code): candidate quality signals measured
against chrF on WMT22 en→de (issue 14).

Reads what ``make eval-quality`` left in ``build/eval-quality`` (klartext's
records per system) plus the inputs in ``../shared/realmt`` (the MT text and
its English ``source``, line for line), computes each candidate signal per
document, and prints its system-level Pearson/Kendall τ against chrF (nine
systems; with the two references), its document-level τ pooled over systems
and its mean within-document τ (systems ranked per document), and the same for
candidate combinations, with a split-half and leave-one-system-out check and a
bootstrap over documents.  It also scores the development set (clean native
German vs injected artifacts) with the source-free combinations: their AUC
must stay ≥ 0.98.

Every signal is a *cost*: a count per document (or a rate).  Correlations are
reported for minus the cost per 100 words, so positive means "tracks chrF".

    .venv/bin/python -m pipeline.tools.quality_lab [--signals] [--examples NAME]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import statistics
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

from .evalquality import REFERENCES, kendall_tau, pearson, read_jsonl
from .quality_formula import FORMULAS, score
from .quality_signals import SIGNALS, doc_signals

SAVE = Path("build/eval-quality")
DEV = Path("../shared/eval/data")


def load(data: Path, save: Path) -> dict[str, list[dict[str, Any]]]:
    """Per system: the documents with their input, source and klartext record."""
    systems = {}
    for path in sorted(data.glob("*.jsonl")):
        if path.stem == "src":
            continue
        out = {r["id"]: r for r in read_jsonl(save / f"{path.stem}.nosrc.jsonl")}
        docs = []
        for rec in read_jsonl(path):
            docs.append({"id": rec["id"], "no": rec["id"].split("|", 1)[1], "text": rec["text"],
                         "source": rec.get("source", ""), "record": out[rec["id"]]})
        systems[path.stem] = docs
    return systems


def doc_chrf(systems: dict[str, list[dict[str, Any]]]) -> dict[str, float]:
    metrics = json.loads((SAVE / "metrics.json").read_text(encoding="utf-8"))
    result = {}
    for name, s in metrics["systems"].items():
        result[name] = s["chrf"]
        for d in s["docs"]:
            result[f"{name}|{d['no']}"] = d["chrf"]
    return result


def within_doc_tau(values: dict[str, dict[str, float]], chrf: dict[str, float],
                   names: list[str], docs: list[str]) -> float:
    """Mean over documents of Kendall τ across systems (each document ranks the systems)."""
    taus = []
    for no in docs:
        xs = [values[n][no] for n in names]
        ys = [chrf[f"{n}|{no}"] for n in names]
        t = kendall_tau(xs, ys)
        if t is not None:
            taus.append(t)
    return statistics.fmean(taus) if taus else float("nan")


def evaluate(per_doc: dict[str, dict[str, float]], words: dict[str, dict[str, int]],
             chrf: dict[str, float], pooled: bool) -> dict[str, Any]:
    """Correlations of one predictor (higher = better) given per document.

    ``pooled``: the system value is the pooled rate (sum of costs / sum of
    words); otherwise the mean of the document values (what a mean score is)."""
    names = sorted(per_doc)
    systems = [n for n in names if n not in REFERENCES]
    docs = sorted(per_doc[names[0]])

    def system_value(n: str, subset: list[str]) -> float:
        if pooled:
            return sum(per_doc[n][d] * words[n][d] for d in subset) / max(
                sum(words[n][d] for d in subset), 1)
        return statistics.fmean(per_doc[n][d] for d in subset)

    def sys_corr(members: list[str], subset: list[str]) -> tuple[float | None, float | None]:
        xs = [system_value(n, subset) for n in members]
        if subset is docs:
            ys = [chrf[n] for n in members]
        else:  # chrF of the subset is not stored; the mean document chrF stands in
            ys = [statistics.fmean(chrf[f"{n}|{d}"] for d in subset) for n in members]
        return pearson(xs, ys), kendall_tau(xs, ys)

    res: dict[str, Any] = {}
    res["p9"], res["t9"] = sys_corr(systems, docs)
    res["p11"], res["t11"] = sys_corr(names, docs)
    pooled_x = [per_doc[n][d] for n in systems for d in docs]
    pooled_y = [chrf[f"{n}|{d}"] for n in systems for d in docs]
    res["doc"] = kendall_tau(pooled_x, pooled_y)
    res["within"] = within_doc_tau(per_doc, chrf, systems, docs)
    even, odd = docs[0::2], docs[1::2]
    res["t_even"], res["t_odd"] = sys_corr(systems, even)[1], sys_corr(systems, odd)[1]
    rng = random.Random(14)
    boot = []
    for _ in range(200):
        sample = [rng.choice(docs) for _ in docs]
        boot.append(sys_corr(systems, sample)[1] or 0.0)
    boot.sort()
    res["t9_lo"], res["t9_hi"] = boot[9], boot[189]
    return res


def significant_pairs(chrf: dict[str, float], names: list[str], docs: list[str],
                      rounds: int = 1000) -> list[tuple[str, str]]:
    """Pairs (better, worse) whose order by mean document chrF holds in ≥ 95 %
    of bootstrap resamples of the documents (paired: the same documents for
    both systems), as WMT's pairwise accuracy counts only such pairs."""
    rng = random.Random(7)
    wins = {(a, b): 0 for a in names for b in names if a != b}
    table = {n: [chrf[f"{n}|{d}"] for d in docs] for n in names}
    for _ in range(rounds):
        idx = [rng.randrange(len(docs)) for _ in docs]
        means = {n: sum(table[n][i] for i in idx) for n in names}
        for a, b in wins:
            wins[(a, b)] += means[a] > means[b]
    return [(a, b) for (a, b), w in wins.items() if w >= 0.95 * rounds]


def pairwise_accuracy(values: dict[str, float], pairs: list[tuple[str, str]]) -> float:
    """Share of the pairs the predictor orders as chrF does (a tie counts 1/2)."""
    if not pairs:
        return float("nan")
    return sum((values[a] > values[b]) + 0.5 * (values[a] == values[b]) for a, b in pairs) / len(pairs)


def overfit_demo(table: dict[str, dict[str, dict[str, float]]], words: dict[str, dict[str, int]],
                 chrf: dict[str, float]) -> None:
    """What fitting would buy: greedily pick signals (and their signs) that
    maximise system-level τ on the even documents, then read τ on the odd
    ones.  Nine systems and forty signals: the fit finds chance."""
    names = [n for n in table if n not in REFERENCES]
    docs = sorted(table[names[0]])
    halves = {"even": docs[0::2], "odd": docs[1::2]}

    def rate(sig: str, n: str, subset: list[str]) -> float:
        return sum(table[n][d][sig] for d in subset) / max(sum(words[n][d] for d in subset), 1)

    def zs(sig: str, subset: list[str]) -> list[float]:
        xs = [rate(sig, n, subset) for n in names]
        sd = statistics.pstdev(xs) or 1.0
        mu = statistics.fmean(xs)
        return [(x - mu) / sd for x in xs]

    def target(subset: list[str]) -> list[float]:
        return [statistics.fmean(chrf[f"{n}|{d}"] for d in subset) for n in names]

    chosen: list[tuple[str, int]] = []
    best = -1.0
    for _ in range(5):
        step = None
        for sig in SIGNALS:
            for sign in (-1, 1):
                trial = chosen + [(sig, sign)]
                vals = [sum(sg * z[i] for (sg, z) in ((sg, zs(sg_sig, halves["even"]))
                        for sg_sig, sg in trial)) for i in range(len(names))]
                t = kendall_tau(vals, target(halves["even"])) or -1.0
                if t > best + 1e-9:
                    best, step = t, (sig, sign)
        if step is None:
            break
        chosen.append(step)
        held = [sum(sg * zs(sig, halves["odd"])[i] for sig, sg in chosen) for i in range(len(names))]
        print(f"  + {step[1]:+d} × {step[0]:<20} τ fit (even docs) {best:+.2f}   "
              f"τ held out (odd docs) {kendall_tau(held, target(halves['odd'])) or 0:+.2f}")


def _fmt(v: float | None) -> str:
    return "  n/a" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:+.2f}"


def print_table(rows: list[tuple[str, dict[str, Any]]]) -> None:
    print(f"{'predictor':<34} {'P9':>6} {'τ9':>6} {'90% τ9':>13} {'P11':>6} {'τ11':>6} "
          f"{'τ9 even':>7} {'τ9 odd':>7} {'doc τ':>6} {'in-doc τ':>8}")
    for label, r in rows:
        print(f"{label:<34} {_fmt(r['p9']):>6} {_fmt(r['t9']):>6} "
              f"{'[' + _fmt(r['t9_lo']) + ',' + _fmt(r['t9_hi']) + ']':>13} {_fmt(r['p11']):>6} "
              f"{_fmt(r['t11']):>6} {_fmt(r['t_even']):>7} {_fmt(r['t_odd']):>7} "
              f"{_fmt(r['doc']):>6} {_fmt(r['within']):>8}")


def signal_rows(table: dict[str, dict[str, dict[str, float]]], words: dict[str, dict[str, int]],
                chrf: dict[str, float]) -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for sig in SIGNALS:
        per_doc = {n: {d: -100 * table[n][d][sig] / max(words[n][d], 1) for d in table[n]}
                   for n in table}
        rows.append((f"-{sig} /100w", evaluate(per_doc, words, chrf, pooled=True)))
    return rows


def dev_set_auc(formulas: list[str], cmd: str) -> dict[str, tuple[float, float]]:
    """AUC of clean native German above injected artifacts, per source-free
    formula: against every injected document and against those with link fusions."""
    out = {}
    cache = {}
    fused: set[str] = set()
    for part in ("clean", "injected"):
        path = SAVE / f"dev-{part}.jsonl"
        if not path.exists():
            with (DEV / f"{part}.jsonl").open(encoding="utf-8") as fh:
                stdin = "".join(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False)
                                + "\n" for r in map(json.loads, fh))
            proc = subprocess.run(cmd.split(), input=stdin, capture_output=True, text=True, check=False)
            path.write_text(proc.stdout, encoding="utf-8")
        inputs = {r["id"]: r for r in read_jsonl(DEV / f"{part}.jsonl")}
        fused |= {i for i, r in inputs.items() if any(e["type"] == "fusion" for e in r.get("injected", []))}
        cache[part] = [(r["id"], doc_signals({"text": inputs[r["id"]]["text"], "source": "", "record": r}))
                       for r in read_jsonl(path)]

    def auc(pos: list[float], neg: list[float]) -> float:
        return sum((p > q) + 0.5 * (p == q) for p in pos for q in neg) / (len(pos) * len(neg))

    for f in formulas:
        pos = [score(f, s)[0] for _, s in cache["clean"]]
        neg = [score(f, s)[0] for _, s in cache["injected"]]
        neg_fused = [score(f, s)[0] for i, s in cache["injected"] if i in fused]
        out[f] = (auc(pos, neg), auc(pos, neg_fused))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="quality_lab")
    ap.add_argument("--data", type=Path, default=Path("../shared/realmt"))
    ap.add_argument("--signals", action="store_true", help="every single signal, not only formulas")
    ap.add_argument("--examples", metavar="SIGNAL", help="print documents' evidence for a signal")
    ap.add_argument("--cmd", default=".venv/bin/klartext clean --jsonl")
    ap.add_argument("--overfit", action="store_true", help="what fitting weights to nine systems buys")
    args = ap.parse_args(argv)
    systems = load(args.data, SAVE)
    chrf = doc_chrf(systems)
    table: dict[str, dict[str, dict[str, float]]] = {}
    words: dict[str, dict[str, int]] = {}
    evidence: dict[str, list[tuple[str, Any]]] = {}
    for name, docs in systems.items():
        table[name], words[name] = {}, {}
        for doc in docs:
            found = doc_signals(doc)
            table[name][doc["no"]] = found
            words[name][doc["no"]] = int(found["words"])
            for ev in found.get("_evidence", []):
                evidence.setdefault(ev[0], []).append((doc["id"], ev[1]))
    if args.examples:
        for doc_id, ev in evidence.get(args.examples, [])[:60]:
            print(doc_id, ev)
        return 0
    if args.overfit:
        print("# greedy fit of signals to the nine systems on half the documents")
        overfit_demo(table, words, chrf)
        return 0
    if args.signals:
        print("# single signals (cost per 100 words, sign flipped; system value = pooled rate)")
        print_table(signal_rows(table, words, chrf))
        totals = {sig: {n: sum(table[n][no][sig] for no in table[n]) for n in table} for sig in SIGNALS}
        print("\n# raw totals per system (chrF order)")
        order = sorted(table, key=lambda n: -chrf[n])
        print(f"{'signal':<22}" + "".join(f"{n[:8]:>9}" for n in order))
        for sig in SIGNALS:
            print(f"{sig:<22}" + "".join(f"{totals[sig][n]:9.0f}" for n in order))
    print("\n# formulas (system value = mean document score)")
    rows = []
    for f in FORMULAS:
        per_doc = {n: {no: score(f, table[n][no])[0] for no in table[n]} for n in table}
        rows.append((f, evaluate(per_doc, words, chrf, pooled=False)))
    print_table(rows)
    means = {f: {n: statistics.fmean(score(f, table[n][no])[0] for no in table[n]) for n in table}
             for f in FORMULAS}
    print("\n# mean score per system (chrF order)")
    order = sorted(table, key=lambda n: -chrf[n])
    print(f"{'formula':<22}" + "".join(f"{n[:8]:>9}" for n in order))
    print(f"{'chrF':<22}" + "".join(f"{chrf[n]:9.2f}" for n in order))
    for f in FORMULAS:
        print(f"{f:<22}" + "".join(f"{means[f][n]:9.4f}" for n in order))
    names9 = [n for n in table if n not in REFERENCES]
    pairs = significant_pairs(chrf, names9, sorted(table[names9[0]]))
    print(f"\n# pairwise accuracy on the {len(pairs)} of 36 system pairs that chrF orders"
          " significantly (paired bootstrap over documents, 95 %)")
    for f in FORMULAS:
        print(f"{f:<22} {pairwise_accuracy(means[f], pairs):.2f}")
    print("\n# leave one system out: τ of the other eight (min .. max)")
    for f, _r in rows:
        taus = []
        names9 = [n for n in table if n not in REFERENCES]
        for left in names9:
            kept = [n for n in names9 if n != left]
            taus.append(kendall_tau([means[f][n] for n in kept], [chrf[n] for n in kept]) or 0.0)
        print(f"{f:<22} {min(taus):+.2f} .. {max(taus):+.2f}  mean {statistics.fmean(taus):+.2f}")
    free = [f for f in FORMULAS if not f.endswith("+src")]
    print("\n# development set AUC (clean vs injected), source-free formulas")
    for f, (auc, auc_fused) in dev_set_auc(free, args.cmd).items():
        print(f"{f:<22} auc={auc:.3f}  fusion docs only: {auc_fused:.3f}")
    counter: Counter[str] = Counter()
    for n in table:
        for no in table[n]:
            for reason in score("proposal+src", table[n][no])[1]:
                counter[reason.split(" (")[0].split(" ", 1)[-1]] += 1
    print("\n# most frequent reasons of proposal+src:", counter.most_common(12))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
