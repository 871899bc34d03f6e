"""The base side of ``klartext review``: the texts cleaned as they were
cleaned before the change under review.

A base is a directory of rules (cleaned here, with the working code), or a
git revision.  A revision is cleaned by its OWN code with its own rules: the
package and the rules folder are taken from the revision with ``git
archive`` into a temporary folder and run there as ``python -m pipeline
clean --jsonl``, with that folder first on ``PYTHONPATH``.  The records it
writes are the one interface every revision shares, so a revision from
before any refactoring works (new code would fail on old rules, and old
code on new ones).  A repository that holds rules but no klartext code has
its rules at the revision cleaned by the working code.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..core import Change, Flag
from ..engine import Cleaner
from ..io.batch import Failure, process
from ..rules import RuleError, RuleSet, load_rules

#: a file every revision of the package has had; its presence means the
#: repository holds the code as well as the rules
CODE_MARK = "pipeline/__main__.py"


class ReviewError(Exception):
    """The base cannot be had; the message is the one line the user sees."""


@dataclass
class Outcome:
    """One input as one side cleaned it, or the one line saying why not."""

    text: str = ""
    changes: list[Change] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    error: str | None = None

    @property
    def hits(self) -> Counter:
        """One hit per change and per flag, by rule id."""
        out: Counter = Counter(c.rule_id for c in self.changes)
        out.update(f.rule_id for f in self.flags)
        return out


def outcome_of(cleaner: Cleaner, text: str, doc_id: str, debug: bool = False) -> Outcome:
    try:
        doc = process(cleaner, text, doc_id, doc_id, debug=debug)
    except Failure as exc:
        return Outcome(error=str(exc))
    return Outcome(doc.text, doc.changes, doc.flags)


def outcome_from_record(rec: dict[str, Any]) -> Outcome:
    """A record of any revision's ``clean --jsonl`` (older ones lack some
    fields, which the review does not need)."""
    if "error" in rec or "text" not in rec:
        return Outcome(error=str(rec.get("error", "no text in the record")))
    changes = [Change(c["rule"], c.get("stage", ""), c["start"], c["end"], c["before"],
                      c["after"], c.get("detail"), c.get("step", 0), c.get("at", 0))
               for c in rec.get("changes", [])]
    flags = [Flag(f["rule"], f.get("stage", ""), f["start"], f["end"], f.get("text", ""),
                  f.get("message", "")) for f in rec.get("flags", [])]
    return Outcome(rec["text"], changes, flags)


class Base:
    """How the base cleans: ``outcomes`` reads the inputs ``{"id", "text"}``
    from a JSON Lines file and yields one outcome per line, in order."""

    def __init__(self, label: str, rules_root: Path, cleaner: Cleaner | None = None,
                 command: list[str] | None = None, cwd: Path | None = None,
                 tmp: str = "", spec: str = "") -> None:
        self.label = label
        self.spec = spec
        self.rules_root = rules_root
        self.cleaner = cleaner
        self.command = command
        self.cwd = cwd
        self.tmp = tmp

    def outcomes(self, inputs: Path, count: int, debug: bool = False) -> Iterator[Outcome]:
        """``count`` outcomes, or a :class:`ReviewError` saying why not."""
        if self.cleaner is not None:
            with open(inputs, encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    yield outcome_of(self.cleaner, rec["text"], rec["id"], debug)
            return
        yield from self._run(inputs, count, debug)

    def _run(self, inputs: Path, count: int, debug: bool) -> Iterator[Outcome]:
        assert self.command is not None
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(self.cwd), *filter(None, [os.environ.get("PYTHONPATH")])]), NO_COLOR="1")
        command = self.command + (["--debug"] if debug else []) + ["clean", "--jsonl"]
        with open(inputs, "rb") as stdin, tempfile.TemporaryFile() as stderr:
            proc = subprocess.Popen(command, cwd=self.cwd, env=env, stdin=stdin,
                                    stdout=subprocess.PIPE, stderr=stderr)
            assert proc.stdout is not None
            finished, seen = False, 0
            try:
                for line in proc.stdout:
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except json.JSONDecodeError:
                        raise ReviewError(f"base {self.label}: klartext wrote something "
                                          "that is not a record") from None
                    seen += 1
                    if seen > count:
                        raise ReviewError(f"base {self.label}: more records than inputs")
                    yield outcome_from_record(rec)
                finished = True
            finally:   # stopped early (an error, Ctrl-C): the base process stops too
                if not finished:
                    proc.kill()
                proc.stdout.close()
                code = proc.wait()
            # 1: some records failed, each has its error record
            if code not in (0, 1) or seen < count:
                raise ReviewError(f"base {self.label}: klartext exited with {code} after "
                                  f"{seen} of {count} record(s): {self._reason(stderr)}")

    def _reason(self, stderr: IO[bytes]) -> str:
        """The end of what the base wrote on stderr, its temporary folder
        named as the revision."""
        stderr.seek(0)
        text = stderr.read().decode("utf-8", "replace").replace(self.tmp + "/", f"{self.spec}:")
        if "Traceback (most recent call last)" in text:   # the base crashed: its last words
            text = text.rsplit("Traceback (most recent call last)", 1)[1]
            lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
            return lines[-1] if lines else "no message"
        lines = [ln for ln in text.splitlines() if ln.strip()]
        return "\n  ".join(lines[-10:]) if lines else "no message"


def rule_tables(root: Path) -> dict[str, str]:
    """Every rule and gazetteer entity of a rules folder as its TOML table,
    keyed by rule id: what a rule *is*, comparable across revisions whatever
    their code made of it."""
    out: dict[str, str] = {}
    for path in sorted(root.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue   # the side that loads it reports the problem
        for key, prefix in (("rule", ""), ("entity", "names.")):
            for table in data.get(key, []):
                if isinstance(table, dict) and isinstance(table.get("id"), str):
                    out[prefix + table["id"]] = json.dumps(table, sort_keys=True, default=str)
    return out


@contextmanager
def open_base(spec: str, current: RuleSet, profile: str | None) -> Iterator[Base]:
    """The base named by ``spec``: a rules directory, or a git revision of
    the repository that holds the working rules."""
    if Path(spec).is_dir():
        yield Base(f"rules in {spec}", Path(spec), Cleaner(load_rules(Path(spec), current.profile)))
        return
    root = current.root.resolve()
    top = Path(_git(root, "rev-parse", "--show-toplevel",
                    what=f"{root} is not in a git repository: give --base a rules directory"
                    ).decode().strip())
    rel = root.relative_to(top).as_posix()
    sha = _git(top, "rev-parse", "--verify", "--quiet", "--short", f"{spec}^{{commit}}",
               what=f"unknown revision {spec!r}").decode().strip()
    has_code = _has(top, spec, CODE_MARK)
    paths = [rel, "pipeline"] if has_code and rel != "pipeline" else [rel]
    data = _git(top, "archive", "--format=tar", spec, "--", *paths)
    with tempfile.TemporaryDirectory(prefix="klartext-review-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        rules_dir = Path(tmp) / rel
        if has_code:
            command = [sys.executable, "-m", "pipeline", "--rules", str(rules_dir)]
            if profile:
                command += ["--profile", profile]
            yield Base(f"{spec} ({sha}, its own code)", rules_dir, command=command,
                       cwd=Path(tmp), tmp=tmp, spec=spec)
            return
        try:
            rules = load_rules(rules_dir, current.profile)
        except RuleError as exc:  # name the revision, not the temporary copy
            raise RuleError([p.replace(tmp, f"{spec}:") for p in exc.problems]) from None
        yield Base(f"{spec} ({sha}, rules only)", rules_dir, Cleaner(rules))


def _has(top: Path, rev: str, path: str) -> bool:
    done = subprocess.run(["git", "cat-file", "-e", f"{rev}:{path}"], cwd=top,
                          capture_output=True, check=False)
    return done.returncode == 0


def _git(cwd: Path, *args: str, what: str = "") -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise ReviewError("git is not installed; give --base a rules directory") from None
    if done.returncode:
        reason = done.stderr.decode(errors="replace").strip().splitlines()
        detail = reason[-1] if reason else "failed"
        raise ReviewError(what or f"git {' '.join(args[:2])}: {detail}")
    return done.stdout
