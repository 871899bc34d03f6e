"""``klartext review``: what a rule change does to a corpus, before it lands.

The corpus is cleaned twice, with the rules at a base (a git revision, or a
directory of rules) and with the working rules, and the two runs are
compared: the clean text line by line with the changed words highlighted,
the changes and flags that appeared or disappeared (with their rule ids), and
per rule the hits before and after.  LanguageTool diffs its matches and prh
diffs files; this diffs the *rewrites*, which is what a reviewer must trust.
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from ..core import Change, Document, Flag
from ..engine import Cleaner
from ..io.batch import Failure, process, read_inputs
from ..rules import RuleError, RuleSet, load_rules

TOKEN = regex.compile(r"\s+|\w+|[^\w\s]")


class ReviewError(Exception):
    """The base rules cannot be had; the message is the one line the user sees."""


@contextmanager
def base_rules(base: str, current: RuleSet) -> Iterator[RuleSet]:
    """The rules to compare against: ``base`` is a directory of rules, or a
    git revision of the repository that holds the current rules directory."""
    if Path(base).is_dir():
        yield load_rules(Path(base), current.profile)
        return
    root = current.root.resolve()
    top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    rel = root.relative_to(top).as_posix()
    data = _git(Path(top), "archive", "--format=tar", base, "--", rel)
    with tempfile.TemporaryDirectory(prefix="klartext-review-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        try:
            rules = load_rules(Path(tmp) / rel, current.profile)
        except RuleError as exc:  # name the revision, not the temporary copy
            raise RuleError([p.replace(tmp, f"{base}:") for p in exc.problems]) from None
        yield rules


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ReviewError("git is not installed; give --base a rules directory") from None
    if done.returncode:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        raise ReviewError(f"git {' '.join(args[:2])}: {reason[-1] if reason else 'failed'}")
    return done.stdout


def rule_fingerprints(rules: RuleSet) -> dict[str, Any]:
    """What a rule *is*, comparable across two loads (paths and lines aside)."""
    out: dict[str, Any] = {}
    for r in rules.rules:
        out[r.id] = (r.description, getattr(r.pattern, "pattern", None), r.replace, r.flag,
                     r.mechanism, repr(sorted(r.params.items())),
                     getattr(r.context, "pattern", None), r.examples, r.keep)
    for ent in rules.entities:
        out[f"names.{ent['id']}"] = repr(sorted(ent.items()))
    return out


@dataclass
class DocDiff:
    """One document whose clean text, changes or flags differ."""

    source: str
    original: str
    old: str
    new: str
    gone: list[Change] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    flags_gone: list[Flag] = field(default_factory=list)
    flags_added: list[Flag] = field(default_factory=list)


@dataclass
class Review:
    documents: int = 0
    diffs: list[DocDiff] = field(default_factory=list)
    before: Counter = field(default_factory=Counter)
    after: Counter = field(default_factory=Counter)
    edited: list[str] = field(default_factory=list)
    added_rules: list[str] = field(default_factory=list)
    removed_rules: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def moved(self) -> list[tuple[str, int, int]]:
        """(rule, hits before, hits after) for every rule whose hits moved or
        whose definition changed, sorted by rule id."""
        ids = {k for k in self.before.keys() | self.after.keys()
               if self.before[k] != self.after[k]}
        ids |= set(self.edited) | set(self.added_rules) | set(self.removed_rules)
        return [(k, self.before[k], self.after[k]) for k in sorted(ids)]

    def summary(self) -> str:
        n = len(self.diffs)
        gone = sum(len(d.gone) for d in self.diffs)
        new = sum(len(d.added) for d in self.diffs)
        fgone = sum(len(d.flags_gone) for d in self.diffs)
        fnew = sum(len(d.flags_added) for d in self.diffs)
        rules = (f"{len(self.edited)} rule(s) edited, {len(self.added_rules)} added, "
                 f"{len(self.removed_rules)} removed")
        return (f"review: {n} of {self.documents} document(s) differ; changes −{gone} +{new}, "
                f"flags −{fgone} +{fnew}; {rules}"
                + (f"; {len(self.errors)} input(s) failed" if self.errors else ""))


def _key(c: Change) -> tuple[Any, ...]:
    return (c.rule_id, c.start, c.end, c.before, c.after)


def _fkey(f: Flag) -> tuple[Any, ...]:
    return (f.rule_id, f.start, f.end, f.message)


def compare(old: Document, new: Document, source: str) -> DocDiff | None:
    """The difference between two cleanings of the same input, or None."""
    old_keys, new_keys = Counter(map(_key, old.changes)), Counter(map(_key, new.changes))
    old_f, new_f = Counter(map(_fkey, old.flags)), Counter(map(_fkey, new.flags))
    if old.text == new.text and old_keys == new_keys and old_f == new_f:
        return None
    gone_k, added_k = old_keys - new_keys, new_keys - old_keys
    fg, fa = old_f - new_f, new_f - old_f
    return DocDiff(
        source, old.original, old.text, new.text,
        [c for c in old.changes if _take(gone_k, _key(c))],
        [c for c in new.changes if _take(added_k, _key(c))],
        [f for f in old.flags if _take(fg, _fkey(f))],
        [f for f in new.flags if _take(fa, _fkey(f))])


def _take(counter: Counter, key: tuple[Any, ...]) -> bool:
    if counter[key] > 0:
        counter[key] -= 1
        return True
    return False


def review(paths: list[Path], base: RuleSet, current: RuleSet, debug: bool = False) -> Review:
    """Clean every input under both rule sets and collect what differs (the
    lexicon and langdetect's profiles are loaded once for both)."""
    result = Review()
    old_fp, new_fp = rule_fingerprints(base), rule_fingerprints(current)
    result.edited = sorted(k for k in old_fp.keys() & new_fp.keys() if old_fp[k] != new_fp[k])
    result.added_rules = sorted(new_fp.keys() - old_fp.keys())
    result.removed_rules = sorted(old_fp.keys() - new_fp.keys())
    old_cleaner, new_cleaner = Cleaner(base), Cleaner(current)
    for source, path, text, _, error in read_inputs(paths):
        if path is None or error is not None:
            result.errors.append(f"{source}: {error}")
            continue
        try:
            old = process(old_cleaner, text, path.stem, source, debug=debug)
            new = process(new_cleaner, text, path.stem, source, debug=debug)
        except Failure as exc:
            result.errors.append(f"{source}: {exc}")
            continue
        result.documents += 1
        result.before.update(old.counters)      # one count per change and per flag
        result.after.update(new.counters)
        diff = compare(old, new, source)
        if diff:
            result.diffs.append(diff)
    return result


def line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def diff_lines(old: str, new: str, context: int = 1) -> Iterator[tuple[str, str, list[tuple[bool, str]]]]:
    """A unified diff of the clean texts as ``(kind, header, pieces)``: kind
    is ``@``, ``-``, ``+`` or `` ``; pieces are ``(changed, text)`` so that a
    renderer can highlight the words that differ within a changed line."""
    a, b = old.splitlines(), new.splitlines()
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(context):
        i1, i2, j1, j2 = group[0][1], group[-1][2], group[0][3], group[-1][4]
        yield "@", f"@@ -{i1 + 1},{i2 - i1} +{j1 + 1},{j2 - j1} @@", []
        for tag, a1, a2, b1, b2 in group:
            if tag == "equal":
                for line in a[a1:a2]:
                    yield " ", "", [(False, line)]
                continue
            olds, news = a[a1:a2], b[b1:b2]
            if tag == "replace" and len(olds) == len(news):
                for x, y in zip(olds, news):
                    px, py = word_diff(x, y)
                    yield "-", "", px
                    yield "+", "", py
                continue
            for line in olds:
                yield "-", "", [(False, line)]
            for line in news:
                yield "+", "", [(False, line)]


def word_diff(old: str, new: str) -> tuple[list[tuple[bool, str]], list[tuple[bool, str]]]:
    """Both lines cut into pieces, the pieces that differ marked.

    >>> word_diff("das Trump -Putin -Treffen", "das Trump-Putin-Treffen")[0]
    [(False, 'das Trump'), (True, ' '), (False, '-Putin'), (True, ' '), (False, '-Treffen')]
    """
    a, b = TOKEN.findall(old), TOKEN.findall(new)
    left: list[tuple[bool, str]] = []
    right: list[tuple[bool, str]] = []
    for tag, a1, a2, b1, b2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        same = tag == "equal"
        if a2 > a1:
            _append(left, not same, "".join(a[a1:a2]))
        if b2 > b1:
            _append(right, not same, "".join(b[b1:b2]))
    return left, right


def _append(pieces: list[tuple[bool, str]], changed: bool, text: str) -> None:
    if pieces and pieces[-1][0] == changed:
        pieces[-1] = (changed, pieces[-1][1] + text)
    else:
        pieces.append((changed, text))
