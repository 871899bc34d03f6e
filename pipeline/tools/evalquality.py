"""``make eval-quality``: does the quality score track translation quality?

Contract §7 promises that better translations score above worse ones.  This
tool measures it on real machine translation: ``../shared/realmt/`` holds the
WMT22 English→German general test set, nine MT systems and two human
references, 204 documents of 10 segments each, every record with its English
``source``.  For each German file the public command (``klartext clean
--jsonl``) runs twice, once on records without ``source`` and once with it,
so the source-aware score is measured as soon as the pipeline has one.

Stand-in for human judgement: chrF (sacrebleu) of the system's segments (the
lines of ``text``) against both references; a reference is scored against the
other one.  Note that a reference therefore has one reference to match, a
system two, so the references' chrF is biased low: the system-level
correlations are printed for the nine systems alone and with the references.

Printed: one row per system (mean quality without and with source, chrF,
output ÷ source characters, flags per 1,000 tokens), then the system-level
Pearson and Kendall τ (tau-b) of each predictor against chrF, the
document-level Kendall τ of quality against document chrF (pooled over the
systems, which mostly measures whether hard documents score low; and the mean
τ of the systems ranked within each document), whether issue 14's targets are
met, the development set's AUC (``../shared/eval``, needs ≥ 0.98), and the
controlled degradations of the first reference (:mod:`quality_degrade`: one
known error per document; how often and how far the score fell).  A document
that gets no score (not German) is left out of the means and counted.
Raw outputs and ``metrics.json`` are kept in ``--save`` (``build/eval-quality``)
for the lab tools.  Statistics are the standard library's; sacrebleu is a dev
dependency only.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shlex
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import quality_degrade

REFERENCES = ("ref-A", "ref-B")
SOURCE_FILE = "src"
AUC_NEEDED = 0.98
DEFAULT_CMD = ".venv/bin/klartext clean --jsonl"


# --- statistics (standard library: no scipy) --------------------------------

def pearson(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Pearson's r, or None where it is undefined (fewer than 3 points, or a constant)."""
    if len(x) < 3 or len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return statistics.correlation(x, y)


def kendall_tau(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b (ties in either variable corrected, as scipy's default).

    >>> kendall_tau([1, 2, 3, 4], [1, 3, 2, 4])
    0.6667
    >>> kendall_tau([1, 2, 3], [3, 2, 1])
    -1.0
    """
    n = len(x)
    if n < 3:
        return None
    concordant = discordant = ties_x = ties_y = 0
    for i in range(n):
        xi, yi = x[i], y[i]
        for j in range(i + 1, n):
            dx, dy = x[j] - xi, y[j] - yi
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                ties_x += 1
            elif dy == 0:
                ties_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    denom = math.sqrt((concordant + discordant + ties_x) * (concordant + discordant + ties_y))
    return None if denom == 0 else round((concordant - discordant) / denom, 4)


# --- data ---------------------------------------------------------------------

def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def german_files(data: Path) -> list[Path]:
    """Every system and reference file; the English source is not German."""
    return sorted(p for p in data.glob("*.jsonl") if p.stem != SOURCE_FILE)


def run_cleaner(cmd: str, records: list[dict[str, Any]], out: Path) -> dict[str, dict[str, Any]]:
    """Feed ``records`` to the command, keep its stdout in ``out``, return records by id."""
    payload = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    proc = subprocess.run(shlex.split(cmd), input=payload, capture_output=True, text=True,
                          encoding="utf-8", check=False)
    if proc.returncode not in (0, 1):
        sys.exit(f"eval-quality: {cmd!r} exited {proc.returncode}: {proc.stderr.strip()[-500:]}")
    out.write_text(proc.stdout, encoding="utf-8")
    result = {}
    for line in proc.stdout.splitlines():
        if line.strip():
            rec = json.loads(line)
            result[rec["id"]] = rec
    return result


def chrf(hyps: list[str], refs: list[list[str]]) -> float:
    from sacrebleu.metrics import CHRF  # dev dependency: imported where it is needed
    return float(CHRF().corpus_score(hyps, refs).score)


def tokens(text: str) -> int:
    return len(text.split())


# --- measurement --------------------------------------------------------------

def measure(data: Path, cmd: str, save: Path) -> dict[str, Any]:
    save.mkdir(parents=True, exist_ok=True)
    files = german_files(data)
    inputs = {p.stem: read_jsonl(p) for p in files}
    doc_no = [rec["id"].split("|", 1)[1] for rec in inputs[REFERENCES[0]]]
    ref_lines = {name: {rec["id"].split("|", 1)[1]: rec["text"].split("\n") for rec in inputs[name]}
                 for name in REFERENCES}
    systems: dict[str, Any] = {}
    for name, records in inputs.items():
        print(f"  cleaning {name} ...", file=sys.stderr, flush=True)
        without = [{k: v for k, v in r.items() if k != "source"} for r in records]
        out_plain = run_cleaner(cmd, without, save / f"{name}.nosrc.jsonl")
        out_src = run_cleaner(cmd, records, save / f"{name}.src.jsonl")
        refs = [r for r in REFERENCES if r != name]
        hyps_all: list[str] = []
        refs_all: list[list[str]] = [[] for _ in refs]
        docs = []
        for rec in records:
            no = rec["id"].split("|", 1)[1]
            lines = rec["text"].split("\n")
            doc_refs = [ref_lines[r][no] for r in refs]
            hyps_all += lines
            for acc, ref in zip(refs_all, doc_refs):
                acc += ref
            plain, src = out_plain.get(rec["id"], {}), out_src.get(rec["id"], {})
            docs.append({
                "no": no,
                "chrf": chrf(lines, doc_refs),
                "quality": plain.get("quality"),
                "quality_src": src.get("quality"),
                "lang": plain.get("lang"),
                "flags": len(plain.get("flags", [])),
                "tokens": tokens(rec["text"]),
                "chars": len(rec["text"]),
                "source_chars": len(rec.get("source", "")),
            })
        systems[name] = {"reference": name in REFERENCES, "chrf": chrf(hyps_all, refs_all),
                         "docs": docs, **_system_means(docs)}
    return {"systems": systems, "doc_numbers": doc_no}


def _mean(values: list[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return statistics.fmean(kept) if kept else None


def _system_means(docs: list[dict[str, Any]]) -> dict[str, Any]:
    toks = sum(d["tokens"] for d in docs)
    return {
        "quality": _mean([d["quality"] for d in docs]),
        "quality_src": _mean([d["quality_src"] for d in docs]),
        "unscored": sum(d["quality"] is None for d in docs),
        "not_german": sum(d["lang"] not in (None, "de") for d in docs),
        "length_ratio": sum(d["chars"] for d in docs) / max(sum(d["source_chars"] for d in docs), 1),
        "flags_per_1k": 1000 * sum(d["flags"] for d in docs) / max(toks, 1),
    }


PREDICTORS = (
    ("quality, without source", lambda s: s["quality"]),
    ("quality, with source", lambda s: s["quality_src"]),
    ("length ratio (needs source)", lambda s: s["length_ratio"]),
    ("- flags per 1,000 tokens", lambda s: -s["flags_per_1k"]),
)

DOC_PREDICTORS = (
    ("quality, without source", lambda d: d["quality"]),
    ("quality, with source", lambda d: d["quality_src"]),
    ("length ratio (needs source)", lambda d: d["chars"] / max(d["source_chars"], 1)),
    ("- flags per 1,000 tokens", lambda d: -1000 * d["flags"] / max(d["tokens"], 1)),
)


def correlations(systems: dict[str, Any]) -> dict[str, Any]:
    groups = {"systems": [s for s in systems.values() if not s["reference"]],
              "with_refs": list(systems.values())}
    result: dict[str, Any] = {"system": {}, "document": {}}
    for label, get in PREDICTORS:
        row = {}
        for group, members in groups.items():
            pairs = [(get(s), s["chrf"]) for s in members if get(s) is not None]
            xs, ys = [p[0] for p in pairs], [p[1] for p in pairs]
            row[group] = {"pearson": pearson(xs, ys), "kendall": kendall_tau(xs, ys)}
        result["system"][label] = row
    for label, dget in DOC_PREDICTORS:
        row = {}
        for group, members in groups.items():
            pairs = [(dget(d), d["chrf"]) for s in members for d in s["docs"] if dget(d) is not None]
            row[group] = {"kendall": kendall_tau([p[0] for p in pairs], [p[1] for p in pairs]),
                          "n": len(pairs)}
        result["document"][label] = row
    # pooled τ mostly ranks documents by difficulty; ranking the systems
    # within each document and averaging asks what the score is for
    nine = groups["systems"]
    for label, dget in DOC_PREDICTORS:
        taus = []
        for i in range(len(nine[0]["docs"])):
            pairs = [(dget(s["docs"][i]), s["docs"][i]["chrf"]) for s in nine]
            if all(p[0] is not None for p in pairs):
                t = kendall_tau([p[0] for p in pairs], [p[1] for p in pairs])
                if t is not None:
                    taus.append(t)
        result["document"][label]["within"] = statistics.fmean(taus) if taus else None
    return result


def dev_auc(cmd: str, score_py: Path) -> float | None:
    """The development set's AUC (clean native German above injected artifacts)."""
    proc = subprocess.run([sys.executable, str(score_py), "--cmd", cmd], capture_output=True,
                          text=True, check=False)
    found = re.findall(r"\bauc=([0-9.]+)", proc.stdout)
    return float(found[-1]) if found else None


# --- report -------------------------------------------------------------------

def _f(value: float | None, fmt: str = "+.2f") -> str:
    """A number, or "—" where there is none (no score: not German)."""
    return "—" if value is None else format(value, fmt)


def report(metrics: dict[str, Any]) -> str:
    systems, corr = metrics["systems"], metrics["correlations"]
    order = sorted(systems, key=lambda n: -systems[n]["chrf"])
    out = ["", f"{'system':<18} {'chrF':>6} {'quality':>8} {'+source':>8} {'len÷src':>8} "
               f"{'flags/1k':>9} {'not de':>6} {'no score':>8}"]
    for name in order:
        s = systems[name]
        mark = " (ref)" if s["reference"] else ""
        out.append(f"{name + mark:<18} {s['chrf']:6.2f} {_f(s['quality'], '.4f'):>8} "
                   f"{_f(s['quality_src'], '.4f'):>8} {s['length_ratio']:8.3f} "
                   f"{s['flags_per_1k']:9.2f} {s['not_german']:6d} {s['unscored']:8d}")
    n_sys = sum(not s["reference"] for s in systems.values())
    out += ["", f"system level against chrF     {n_sys} systems: Pearson  Kendall τ"
                f"   with references: Pearson  Kendall τ"]
    for label, row in corr["system"].items():
        a, b = row["systems"], row["with_refs"]
        out.append(f"  {label:<28} {_f(a['pearson']):>25} {_f(a['kendall']):>10}"
                   f" {_f(b['pearson']):>27} {_f(b['kendall']):>10}")
    out += ["", "document level against document chrF, pooled over systems (Kendall τ)"]
    for label, row in corr["document"].items():
        a, b = row["systems"], row["with_refs"]
        out.append(f"  {label:<28} {_f(a['kendall']):>7} ({a['n']} docs)"
                   f"   with references {_f(b['kendall']):>6} ({b['n']} docs)"
                   f"   systems ranked within each document, mean τ {_f(row['within'])}")
    targets = corr["system"]
    t_plain = targets["quality, without source"]["systems"]["kendall"]
    t_src = targets["quality, with source"]["systems"]["kendall"]
    out += ["", f"issue 14 targets ({n_sys} systems): τ >= 0.6 without source: "
                f"{'met' if (t_plain or -1) >= 0.6 else 'not met'} ({_f(t_plain)}); "
                f"τ >= 0.75 with source: {'met' if (t_src or -1) >= 0.75 else 'not met'} ({_f(t_src)})"]
    auc = metrics.get("dev_auc")
    if "dev_auc" in metrics:
        verdict = "n/a" if auc is None else ("ok" if auc >= AUC_NEEDED else "BELOW TARGET")
        out += ["", f"development set (make eval): auc={_f(auc, '.2f')} (needs >= {AUC_NEEDED}): {verdict}"]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="eval-quality", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/realmt"))
    ap.add_argument("--cmd", default=DEFAULT_CMD, help="the cleaner: JSON Lines in, records out")
    ap.add_argument("--save", type=Path, default=Path("build/eval-quality"),
                    help="where raw outputs and metrics.json are kept")
    ap.add_argument("--dev-score", type=Path, default=Path("../shared/eval/score.py"),
                    help="the development set's scorer (for its auc=)")
    ap.add_argument("--no-dev", action="store_true", help="skip the development set's AUC")
    ap.add_argument("--no-degrade", action="store_true",
                    help="skip the controlled degradations of the first reference")
    args = ap.parse_args(argv)
    if not args.data.is_dir():
        print(f"eval-quality: no data folder {args.data}", file=sys.stderr)
        return 2
    metrics = measure(args.data, args.cmd, args.save)
    metrics["correlations"] = correlations(metrics["systems"])
    if not args.no_dev:
        print("  development set ...", file=sys.stderr, flush=True)
        metrics["dev_auc"] = dev_auc(args.cmd, args.dev_score)
    if not args.no_degrade:
        print("  controlled degradations ...", file=sys.stderr, flush=True)
        refs = read_jsonl(args.data / f"{REFERENCES[0]}.jsonl")
        metrics["degradations"] = quality_degrade.measure(refs, args.cmd)
    (args.save / "metrics.json").write_text(json.dumps(metrics, indent=1), encoding="utf-8")
    print(report(metrics))
    if "degradations" in metrics:
        print(f"\ncontrolled degradations of {REFERENCES[0]}: one error in one line of each "
              "document; fell = share of documents whose score fell")
        print(quality_degrade.report(metrics["degradations"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
