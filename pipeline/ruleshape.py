"""The shapes a rule file's values must have, checked before anything is
built from them: examples, replacement templates, lists of strings, and the
top-level tables.  A value of the wrong shape is a problem for the
``path:line: rule-id: problem`` report, never an exception of the loader."""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

import regex
import regex._main

from .spec import Example

ID_RE = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
ID_LINE = re.compile(r"""^\s*id\s*=\s*["']([^"']*)["']""")
EXAMPLE_KEYS = {"input", "output", "flags", "xfail"}


def strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def check_template(pattern: Any, template: str) -> str | None:
    """A replacement may only name groups that the pattern has."""
    for m in re.finditer(r"\\g<([^>]+)>|\\(\d+)", template):
        ref = m.group(1) or m.group(2)
        if ref.isdigit():
            if int(ref) > pattern.groups:
                return f"replacement refers to missing group {ref}"
        elif ref not in pattern.groupindex:
            return f"replacement refers to missing group {ref!r}"
    return None


def template_problem(pattern: Any, template: str) -> str | None:
    """A replacement that does not compile (``\\q``, a trailing backslash),
    found at load.  The regex module compiles a template only when a
    substitution needs it, so it is compiled here the way ``sub`` does."""
    try:
        compile_template = regex._main._compile_replacement_helper   # what sub() calls
    except AttributeError:   # another version of the module: the next best thing
        def compile_template(p: Any, t: str) -> Any:
            return p.sub(t, "\n" * 1024)
    try:
        compile_template(pattern, template)
    except (regex.error, IndexError) as exc:
        return f"replacement does not compile: {exc}"
    return None


def parse_examples(raw: Any) -> tuple[list[Example], str | None]:
    if raw is None:
        return [], None
    if not isinstance(raw, list):
        return [], "examples must be a list of tables"
    out = []
    for ex in raw:
        if not isinstance(ex, dict) or "input" not in ex:
            return [], "every example needs an input"
        unknown = set(ex) - EXAMPLE_KEYS
        if unknown:
            return [], f"unknown example key {sorted(unknown)[0]!r}"
        if "output" not in ex and "flags" not in ex:
            return [], "every example needs an output or flags"
        wrong = [k for k in ("input", "output", "xfail") if k in ex and not isinstance(ex[k], str)]
        if wrong:
            return [], f"example {wrong[0]} must be a string, not {ex[wrong[0]]!r}"
        flags = ex.get("flags")
        if flags is not None and not strings(flags):
            return [], f"example flags must be a list of rule ids, not {flags!r}"
        out.append(Example(ex["input"], ex.get("output"),
                           tuple(flags) if flags is not None else None, ex.get("xfail")))
    return out, None


def shape_problems(data: dict[str, Any]) -> list[tuple[str, str]]:
    """(key, problem) for top-level tables of the wrong shape: ``rule`` and
    ``entity`` are arrays of tables, ``profiles`` and ``detector`` tables."""
    found: list[tuple[str, str]] = []
    for key in ("rule", "entity"):
        if key in data and not (isinstance(data[key], list) and
                                all(isinstance(t, dict) for t in data[key])):
            found.append((key, f"{key} must be an array of tables ([[{key}]])"))
    for key in ("profiles", "detector"):
        if key in data and not isinstance(data[key], dict):
            found.append((key, f"{key} must be a table ([{key}])"))
    prof = data.get("profiles")
    if isinstance(prof, dict):
        available = prof.get("available", ["de-press"])
        if not (strings(available) and available):
            found.append(("profiles", "profiles.available must be a list of profile names"))
        elif not isinstance(prof.get("default", available[0]), str):
            found.append(("profiles", "profiles.default must be a profile name"))
    return found


def key_line(lines: list[str], key: str) -> int:
    """The first line that opens or sets the top-level ``key``."""
    pattern = re.compile(rf"^\s*(?:\[\[?\s*{key}\b|{key}\s*=)")
    return next((n for n, line in enumerate(lines, 1) if pattern.match(line)), 1)


class Lines(list):
    """A rule file's lines, with the line numbers of every ``id = "…"`` line
    and every ``[[rule]]`` header, found in one pass (names.toml has
    hundreds of entities; searching the file once per id was quadratic)."""

    @cached_property
    def ids(self) -> dict[str, list[int]]:
        found: dict[str, list[int]] = {}
        for no, line in enumerate(self, 1):
            m = ID_LINE.match(line)
            if m:
                found.setdefault(m.group(1), []).append(no)
        return found

    @cached_property
    def headers(self) -> list[int]:
        return [no for no, line in enumerate(self, 1) if RULE_HEADER.match(line)]


def line_of(raw_lines: Lines, rule_id: str | None, default: int = 1, nth: int = 0) -> int:
    """The line of the ``nth`` (0-based) ``id = "…"`` line for this id."""
    hits = raw_lines.ids.get(rule_id) if rule_id else None
    return hits[min(nth, len(hits) - 1)] if hits else default


def table_line(raw_lines: Lines, index: int) -> int:
    """The line of the ``index``-th ``[[rule]]`` header: where a rule without
    a usable id is."""
    headers = raw_lines.headers
    return headers[index] if index < len(headers) else 1
