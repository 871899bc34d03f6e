"""``make eval-realmt``: what ``klartext clean --jsonl`` does to real machine translation
and to human translations (WMT22 en→de in ``../shared/realmt/``), per file: edits and
flags per 1,000 whitespace tokens, house style apart from the rest, and the top rules.

Only the public CLI contract is used (records with ``text``, ``quality``, ``lang``,
``changes`` and ``flags``, spans in code points of the input text), so the tool keeps
working whatever the pipeline's modules look like inside.  Standard library only.

On the human references an edit that is not house style is almost certainly wrong: the
summary line puts that number first.  ``--sample N`` writes N edits and N flags, spread
over (group, rule) and seeded, with their context in the input, for a person to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import subprocess
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REALMT = Path("../shared/realmt")
SOURCE_FILE = "src.jsonl"  # the English source: not German, never cleaned
CONTEXT = 60

# House style: edits a careful copy editor makes to any German text, native or
# translated, because the contract (CANONICAL.md §2, §4, §5) prescribes one form where
# German writers use several (quote marks, dashes, spacing, invisible characters,
# layout).  They say nothing about the translation, and on professional human
# references they are expected.  A rule id belongs here when it equals one of these
# or starts with one that ends in "."; rules that mark themselves with
# ``house_style = true`` in rules/*.toml are read in addition (see house_style_ids).
HOUSE_STYLE = (
    "typography.german-quotes",
    "spacing.dash",
    "spacing.number-range",
    "spacing.one-space",
    "spacing.space-before-punctuation",
    "spacing.space-after-bracket",
    "unicode.",
    "structure.block-separator",
    "structure.final-newline",
    "structure.trim-start",
)

# Layout only (a line break doubled, a newline added): right by construction, so never
# sampled for hand-checking, though counted as house style.
LAYOUT = ("structure.block-separator", "structure.final-newline", "unicode.line-endings")


def matches(rule: str, prefixes: Iterable[str]) -> bool:
    """A rule id that is one of the ids, or under one that ends in "." (a family).

    >>> matches("unicode.plain-space", HOUSE_STYLE), matches("spacing.dash", HOUSE_STYLE)
    (True, True)
    >>> matches("spacing.glued-dash", HOUSE_STYLE), matches("spacing.split-fused-words", HOUSE_STYLE)
    (False, False)
    """
    return any(rule == p or (p.endswith(".") and rule.startswith(p)) for p in prefixes)


def house_style_ids(rules_dir: Path) -> tuple[str, ...]:
    """HOUSE_STYLE plus the ids of rules marked ``house_style = true`` in rules_dir.
    The marker is a proposal: the rule loader does not accept it yet."""
    marked: list[str] = []
    for path in sorted(rules_dir.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        marked += [r["id"] for r in data.get("rule", []) if r.get("house_style") is True and "id" in r]
    return HOUSE_STYLE + tuple(i for i in marked if not matches(i, HOUSE_STYLE))


def group_of(path: Path) -> str:
    """refs for human references, systems for the other WMT files, other elsewhere.

    >>> group_of(REALMT / "ref-B.jsonl"), group_of(REALMT / "PROMT.jsonl")
    ('refs', 'systems')
    >>> group_of(Path("../shared/eval/data/clean.jsonl"))
    'other'
    """
    if path.name.startswith("ref-"):
        return "refs"
    if path.resolve().parent == REALMT.resolve():
        return "systems"
    return "other"


def context(text: str, start: int, end: int, width: int = CONTEXT) -> tuple[str, str, str]:
    """(left, span, right) with newlines shown as ⏎ and tabs as →, for one TSV cell each.

    >>> context("ab\\tcd\\nef", 3, 5, 2)
    ('b→', 'cd', '⏎e')
    """
    def cell(s: str) -> str:
        return s.replace("\t", "→").replace("\r", "␍").replace("\n", "⏎")
    return cell(text[max(0, start - width):start]), cell(text[start:end]), cell(text[end:end + width])


@dataclass
class FileStats:
    name: str
    group: str
    docs: int = 0
    tokens: int = 0
    non_german: int = 0
    quality: list[float] = field(default_factory=list)
    edits: Counter[str] = field(default_factory=Counter)
    flags: Counter[str] = field(default_factory=Counter)

    def per_1k(self, n: int) -> float:
        return 1000 * n / self.tokens if self.tokens else 0.0


@dataclass(frozen=True)
class Item:
    """One edit or flag with where it is, for the sample."""
    file: str
    group: str
    doc: str
    rule: str
    start: int
    end: int
    before: str
    after: str  # the replacement of an edit, the message of a flag
    detail: str
    left: str
    right: str


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def run_cli(cmd: list[str], path: Path) -> tuple[list[dict], str, int]:
    with path.open("rb") as stdin:
        proc = subprocess.run(cmd, stdin=stdin, capture_output=True, check=False)
    out = proc.stdout.decode("utf-8")
    records = [json.loads(line) for line in out.splitlines() if line.strip()]
    return records, proc.stderr.decode("utf-8", "replace"), proc.returncode


def measure(path: Path, inputs: list[dict], outputs: list[dict]) -> tuple[FileStats, list[Item], list[Item]]:
    stats = FileStats(path.stem, group_of(path))
    texts = {r["id"]: r.get("text", "") for r in inputs}
    # the denominators come from the inputs: a record the CLI lost still counts
    stats.docs = len(texts)
    stats.tokens = sum(len(t.split()) for t in texts.values())
    edits: list[Item] = []
    flags: list[Item] = []
    for rec in outputs:
        text = texts.get(rec.get("id"), "")
        if rec.get("lang") not in (None, "de"):
            stats.non_german += 1
        if isinstance(rec.get("quality"), (int, float)):
            stats.quality.append(float(rec["quality"]))
        for c in rec.get("changes", []):
            stats.edits[c["rule"]] += 1
            if not matches(c["rule"], LAYOUT):
                left, _, right = context(text, c["start"], c["end"])
                edits.append(Item(stats.name, stats.group, rec["id"], c["rule"], c["start"], c["end"],
                                  c["before"], c["after"], c.get("detail") or "", left, right))
        for f in rec.get("flags", []):
            stats.flags[f["rule"]] += 1
            left, span, right = context(text, f["start"], f["end"])
            flags.append(Item(stats.name, stats.group, rec["id"], f["rule"], f["start"], f["end"],
                              span, f.get("message", ""), "", left, right))
    return stats, edits, flags


def stratified(items: list[Item], n: int, rng: random.Random, house: tuple[str, ...]) -> list[Item]:
    """n items spread as evenly as possible over (group, house style or not, rule), each
    stratum shuffled by rng: a rare rule is sampled whole, a frequent one in part.

    >>> it = [Item("f", "g", "d", r, i, i, "", "", "", "", "") for r in "aab" for i in range(5)]
    >>> sorted(Counter(i.rule for i in stratified(it, 4, random.Random(0), ())).items())
    [('a', 2), ('b', 2)]
    """
    strata: dict[tuple[str, bool, str], list[Item]] = defaultdict(list)
    for item in items:
        strata[(item.group, matches(item.rule, house), item.rule)].append(item)
    queues = []
    for key in sorted(strata):
        queue = strata[key][:]
        rng.shuffle(queue)
        queues.append(queue)
    picked: list[Item] = []
    while len(picked) < n and any(queues):
        for queue in queues:
            if queue and len(picked) < n:
                picked.append(queue.pop())
    return picked


TSV_HEAD = ("verdict\tgroup\tfile\tid\trule\thouse\tstart\tend\tleft\tbefore\tafter\tright\tdetail\n")


def write_tsv(path: Path, items: list[Item], house: tuple[str, ...]) -> None:
    """One row per item; ``verdict`` is left empty for the person who checks it."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def cell(s: str) -> str:
        return s.replace("\t", "→").replace("\n", "⏎")
    with path.open("w", encoding="utf-8") as out:
        out.write(TSV_HEAD)
        for i in items:
            out.write("\t".join(("", i.group, i.file, i.doc, i.rule, "h" if matches(i.rule, house) else "",
                                 str(i.start), str(i.end), i.left, cell(i.before), cell(i.after),
                                 i.right, cell(i.detail))) + "\n")


def top(counter: Counter[str], stats: FileStats, house: tuple[str, ...], k: int) -> str:
    if not counter:
        return "none"
    return ", ".join(f"{rule}{'(h)' if matches(rule, house) else ''} {n} ({stats.per_1k(n):.2f})"
                     for rule, n in counter.most_common(k))


def report(all_stats: list[FileStats], house: tuple[str, ...], k: int) -> Iterator[str]:
    yield "per 1,000 whitespace tokens of the input; house = house style, of which layout = line breaks"
    yield (f"{'file':<18} {'docs':>5} {'tokens':>8} {'edits':>7} {'house':>7} {'layout':>7} "
           f"{'other':>7} {'flags':>7} {'quality':>8} {'not de':>6}")
    for s in all_stats:
        total = sum(s.edits.values())
        other = sum(n for r, n in s.edits.items() if not matches(r, house))
        layout = sum(n for r, n in s.edits.items() if matches(r, LAYOUT))
        q = f"{sum(s.quality) / len(s.quality):.3f}" if s.quality else "—"   # no score: not German
        yield (f"{s.name:<18} {s.docs:>5} {s.tokens:>8,} {s.per_1k(total):>7.2f} "
               f"{s.per_1k(total - other):>7.2f} {s.per_1k(layout):>7.2f} {s.per_1k(other):>7.2f} "
               f"{s.per_1k(sum(s.flags.values())):>7.2f} {q:>8} {s.non_german:>6}")
    yield ""
    yield "top rules per file: count (per 1k); (h) = house style"
    for s in all_stats:
        other_edits = Counter({r: n for r, n in s.edits.items() if not matches(r, house)})
        style = Counter({r: n for r, n in s.edits.items() if matches(r, house) and not matches(r, LAYOUT)})
        yield f"{s.name}"
        yield f"  edits, not house style:   {top(other_edits, s, house, k)}"
        yield f"  edits, house (no layout): {top(style, s, house, k)}"
        yield f"  flags:                    {top(s.flags, s, house, k)}"
    yield ""
    parts = []
    for group in ("refs", "systems", "other"):
        members = [s for s in all_stats if s.group == group]
        if not members:
            continue
        g = FileStats(group, group, tokens=sum(s.tokens for s in members))
        other = sum(n for s in members for r, n in s.edits.items() if not matches(r, house))
        flags = sum(sum(s.flags.values()) for s in members)
        parts.append(f"{group}: non-house-style edits {g.per_1k(other):.2f}/1k, "
                     f"flags {g.per_1k(flags):.2f}/1k")
    yield "; ".join(parts)


def pick_files(names: list[str] | None, folder: Path) -> list[Path]:
    if not names:
        return sorted(p for p in folder.glob("*.jsonl") if p.name != SOURCE_FILE)
    paths = []
    for name in names:
        p = Path(name)
        if not p.exists():
            p = folder / (name if name.endswith(".jsonl") else f"{name}.jsonl")
        paths.append(p)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", nargs="+", metavar="FILE",
                        help="names in --dir (ref-A, PROMT.jsonl) or paths to any {id, text} JSONL; "
                             "default every German file in --dir")
    parser.add_argument("--dir", type=Path, default=REALMT, help="default %(default)s")
    parser.add_argument("--cmd", default=f"{Path(sys.executable).parent / 'klartext'} clean --jsonl",
                        help="cleaning command, JSONL in and out (default %(default)s)")
    parser.add_argument("--rules", type=Path, default=Path("rules"),
                        help="read house_style = true markers from here (default %(default)s)")
    parser.add_argument("--top", type=int, default=8, help="rules listed per file")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="write N edits and N flags with context to --out/sample-*.tsv")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--all-other", action="store_true",
                        help="also write every edit that is not house style to --out/edits-other.tsv")
    parser.add_argument("--out", type=Path, default=Path("build/realmt"), help="default %(default)s")
    parser.add_argument("--save", type=Path, metavar="DIR", help="keep the raw output records here")
    args = parser.parse_args(argv)

    house = house_style_ids(args.rules)
    cmd = shlex.split(args.cmd)
    all_stats: list[FileStats] = []
    edits: list[Item] = []
    flags: list[Item] = []
    failed = False
    for path in pick_files(args.files, args.dir):
        try:
            inputs = read_jsonl(path)
        except (OSError, ValueError) as exc:
            print(f"{path}: cannot read: {exc}", file=sys.stderr)
            failed = True
            continue
        try:
            outputs, stderr, rc = run_cli(cmd, path)
        except (OSError, ValueError) as exc:
            print(f"{path}: {args.cmd}: {exc}", file=sys.stderr)
            failed = True
            continue
        if rc != 0 or len(outputs) != len(inputs):
            print(f"{path}: exit {rc}, {len(outputs)} records for {len(inputs)} inputs", file=sys.stderr)
            print("".join(stderr.splitlines(keepends=True)[-5:]), end="", file=sys.stderr)
            failed = True
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            with (args.save / path.name).open("w", encoding="utf-8") as out:
                out.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in outputs)
        stats, e, f = measure(path, inputs, outputs)
        all_stats.append(stats)
        edits += e
        flags += f
    for line in report(all_stats, house, args.top):
        print(line)
    if args.sample:
        for kind, items in (("edits", edits), ("flags", flags)):
            picked = stratified(items, args.sample, random.Random(args.seed), house)
            write_tsv(args.out / f"sample-{kind}.tsv", picked, house)
        print(f"sample: {args.out}/sample-edits.tsv, {args.out}/sample-flags.tsv")
    if args.all_other:
        write_tsv(args.out / "edits-other.tsv", [i for i in edits if not matches(i.rule, house)], house)
        print(f"every edit that is not house style: {args.out}/edits-other.tsv")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
