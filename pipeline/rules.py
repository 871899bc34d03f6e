"""Load ``rules/*.toml`` into a :class:`RuleSet`, checking everything we can
before a single input is touched.

Every problem is reported as ``path:line: rule-id: problem`` so that an editor
can jump to it; the CLI turns a :class:`RuleError` into exit code 2.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import regex

STAGE_NAMES = ("unicode", "language", "structure", "spacing", "typography", "names",
               "glossary", "flags", "quality")
RULE_KEYS = {"id", "description", "pattern", "replace", "flag", "mechanism", "params",
             "context", "examples", "keep", "regex_flags"}
EXAMPLE_KEYS = {"input", "output", "flags", "xfail"}
ENTITY_KEYS = {"id", "kind", "description", "variants", "accepted", "examples", "keep",
               "inflection"}
ENTITY_KINDS = {"person", "place", "organisation", "other"}
ID_RE = re.compile(r"^[a-z]+\.[a-z0-9]+(?:-[a-z0-9]+)*$")
RULE_HEADER = re.compile(r"^\s*\[\[\s*rule\s*\]\]")
REGEX_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL,
               "x": regex.VERBOSE}
#: every user pattern runs under this many seconds per call (catastrophic
#: backtracking fails the document, never the batch) ...
REGEX_TIMEOUT = 2.0
#: ... plus this many per million characters searched, so that a linear
#: pattern over a 50 MB line is not mistaken for a runaway one
REGEX_SECONDS_PER_MILLION = 2.0


def default_rules_dir() -> Path:
    """The checkout's ``rules/`` when running from source, else the copy that
    travels inside the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "rules", here / "rules"):
        if candidate.is_dir():
            return candidate
    return here.parent / "rules"


class RuleError(Exception):
    """One or more problems in the rule files."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class Example:
    input: str
    output: str | None = None
    flags: tuple[str, ...] | None = None
    xfail: str | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    path: Path
    line: int
    pattern: Any = None  # compiled ``regex`` pattern
    replace: str | None = None
    flag: str | None = None
    mechanism: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    context: Any = None
    examples: tuple[Example, ...] = ()
    keep: tuple[str, ...] = ()

    @property
    def stage(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class RuleSet:
    """All rules, in file order per stage, plus the shared resources that are
    expensive to build (lexicon, language detector), built once on demand."""

    root: Path
    rules: tuple[Rule, ...]
    entities: tuple[dict[str, Any], ...] = ()
    profiles: tuple[str, ...] = ("de-press",)
    profile: str = "de-press"

    def __post_init__(self) -> None:
        self._by_id = {r.id: r for r in self.rules}
        self._prepared: dict[str, Any] = {}

    def prepared(self, key: str, build: Callable[[], Any]) -> Any:
        """What a mechanism builds from its rule (a splitter, a compiled
        pattern) is built once per rule set, not once per document."""
        if key not in self._prepared:
            self._prepared[key] = build()
        return self._prepared[key]

    def get(self, rule_id: str) -> Rule:
        return self._by_id[rule_id]

    def for_stage(self, stage: str) -> list[Rule]:
        return [r for r in self.rules if r.stage == stage]

    def param(self, rule_id: str, key: str, default: Any = None) -> Any:
        rule = self._by_id.get(rule_id)
        return default if rule is None else rule.params.get(key, default)

    @cached_property
    def lexicon(self):  # noqa: ANN201 - lazy import keeps `rules check` fast
        from .lexicon import Lexicon
        return Lexicon()

    def share_lexicon(self, other: RuleSet) -> None:
        """The lexicon depends on no rule (it is word lists), so two rule sets
        compared side by side (``klartext review``) load it once."""
        self.__dict__["lexicon"] = other.lexicon

    @cached_property
    def gazetteer(self):  # noqa: ANN201
        from .gazetteer import Gazetteer
        return Gazetteer(self.entities, self.profiles, self.profile)

    @cached_property
    def detector(self):  # noqa: ANN201
        from .language import Detector
        return Detector(self)


def _line_of(raw_lines: list[str], rule_id: str | None, default: int = 1, nth: int = 0) -> int:
    """The line of the ``nth`` (0-based) ``id = "…"`` line for this id."""
    if rule_id:
        needle = re.compile(r'^\s*id\s*=\s*["\']' + re.escape(rule_id) + r'["\']')
        hits = [no for no, line in enumerate(raw_lines, 1) if needle.match(line)]
        if hits:
            return hits[min(nth, len(hits) - 1)]
    return default


def _check_template(pattern: Any, template: str) -> str | None:
    """A replacement may only name groups that the pattern has."""
    for m in re.finditer(r"\\g<([^>]+)>|\\(\d+)", template):
        ref = m.group(1) or m.group(2)
        if ref.isdigit():
            if int(ref) > pattern.groups:
                return f"replacement refers to missing group {ref}"
        elif ref not in pattern.groupindex:
            return f"replacement refers to missing group {ref!r}"
    return None


def _compile(source: str, flags: str = "") -> Any:
    value = regex.V0
    for ch in flags:
        value |= REGEX_FLAGS[ch]
    return regex.compile(source, value)


def _parse_examples(raw: Any) -> tuple[list[Example], str | None]:
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
        flags = ex.get("flags")
        out.append(Example(ex["input"], ex.get("output"),
                           tuple(flags) if flags is not None else None, ex.get("xfail")))
    return out, None


def _table_line(raw_lines: list[str], index: int) -> int:
    """The line of the ``index``-th ``[[rule]]`` header: where a rule without
    a usable id is."""
    headers = [no for no, line in enumerate(raw_lines, 1) if RULE_HEADER.match(line)]
    return headers[index] if index < len(headers) else 1


def _load_rule(raw: dict[str, Any], path: Path, lines: list[str], problems: list[str],
               known_mechanisms: dict[str, set[str]], index: int = 0) -> Rule | None:
    rid = raw.get("id")
    line = _line_of(lines, rid if isinstance(rid, str) else None, _table_line(lines, index))

    def problem(msg: str) -> None:
        problems.append(f"{path}:{line}: {rid or '<no id>'}: {msg}")

    if not isinstance(rid, str):
        problem("rule has no id")
        return None
    if not ID_RE.match(rid):
        problem("id must look like stage.kebab-name")
        return None
    stage = rid.split(".", 1)[0]
    if stage not in STAGE_NAMES:
        problem(f"unknown stage {stage!r} (one of {', '.join(STAGE_NAMES)})")
        return None
    unknown = set(raw) - RULE_KEYS
    if unknown:
        problem(f"unknown key {sorted(unknown)[0]!r}")
        return None
    if not raw.get("description"):
        problem("rule has no description")
    if "pattern" not in raw and "mechanism" not in raw:
        problem("a rule needs a pattern or a mechanism")
        return None
    pattern = context = None
    flags = raw.get("regex_flags", "")
    if any(ch not in REGEX_FLAGS for ch in flags):
        problem(f"regex_flags may only contain {''.join(REGEX_FLAGS)}")
        return None
    if "pattern" in raw:
        if "mechanism" not in raw and ("replace" in raw) == ("flag" in raw):
            problem("a pattern rule has exactly one of replace or flag")
            return None
        try:
            pattern = _compile(raw["pattern"], flags)
        except regex.error as exc:
            problem(f"pattern does not compile: {exc}")
            return None
        if "replace" in raw:
            bad = _check_template(pattern, raw["replace"])
            if bad:
                problem(bad)
                return None
    if "mechanism" in raw:
        names = known_mechanisms.get(stage, set())
        if raw["mechanism"] not in names:
            problem(f"unknown mechanism {raw['mechanism']!r} for stage {stage}")
            return None
    if "context" in raw:
        try:
            context = _compile(raw["context"], flags)
        except regex.error as exc:
            problem(f"context does not compile: {exc}")
            return None
    examples, bad = _parse_examples(raw.get("examples"))
    if bad:
        problem(bad)
        return None
    keep = raw.get("keep", [])
    if not isinstance(keep, list) or not all(isinstance(k, str) for k in keep):
        problem("keep must be a list of strings")
        return None
    params = raw.get("params", {})
    if not isinstance(params, dict):
        problem("params must be a table")
        return None
    return Rule(rid, raw.get("description", ""), path, line, pattern, raw.get("replace"),
                raw.get("flag"), raw.get("mechanism"), params, context, tuple(examples),
                tuple(keep))


def spellings_of(ent: dict[str, Any], profiles: tuple[str, ...]) -> set[str]:
    """Every spelling that names the entity: one per profile, the variants
    (rewritten) and the accepted ones (left alone, see Gazetteer)."""
    return {ent[p] for p in profiles} | set(ent.get("variants", [])) | set(ent.get("accepted", []))


def _check_entities(entities: list[Any], profiles: tuple[str, ...], path: Path,
                    lines: list[str], problems: list[str]) -> list[dict[str, Any]]:
    owner: dict[str, str] = {}
    good = []
    for ent in entities:
        eid = ent.get("id") if isinstance(ent, dict) else None
        line = _line_of(lines, eid)
        where = f"{path}:{line}: names.{eid or '<no id>'}"
        if not isinstance(eid, str) or not ID_RE.match("names." + eid):
            problems.append(f"{where}: entity id must be kebab-case")
            continue
        unknown = set(ent) - ENTITY_KEYS - set(profiles)
        if unknown:
            problems.append(f"{where}: unknown key {sorted(unknown)[0]!r}")
            continue
        if ent.get("kind") not in ENTITY_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(sorted(ENTITY_KINDS))}")
            continue
        missing = [p for p in profiles if not isinstance(ent.get(p), str)]
        if missing:
            problems.append(f"{where}: no spelling for profile {missing[0]}")
            continue
        spellings = spellings_of(ent, profiles)
        clash = [s for s in spellings if owner.get(s, eid) != eid]
        if clash:
            problems.append(f"{where}: spelling {clash[0]!r} also belongs to "
                            f"names.{owner[clash[0]]}")
            continue
        for s in spellings:
            owner[s] = eid
        good.append(ent)
    ids = [e["id"] for e in good]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"{path}:{_line_of(lines, dup)}: names.{dup}: duplicate id")
    return good


def _known_mechanisms() -> dict[str, set[str]]:
    from .stages import STAGES
    return {module.__name__.rsplit(".", 1)[-1]: set(getattr(module, "MECHANISMS", {}))
            for module in STAGES}


def load_rules(root: Path | None = None, profile: str | None = None) -> RuleSet:
    """Read every ``*.toml`` under ``root``; raise :class:`RuleError` listing
    all problems at once."""
    root = Path(root) if root else default_rules_dir()
    problems: list[str] = []
    if not root.is_dir():
        raise RuleError([f"{root}: rules directory not found"])
    mechanisms = _known_mechanisms()
    rules: list[Rule] = []
    entities: list[dict[str, Any]] = []
    profiles: tuple[str, ...] = ("de-press",)
    default_profile = "de-press"
    seen: dict[str, Rule] = {}
    for path in sorted(root.glob("*.toml")):
        try:
            raw_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 ({exc.reason})"
            problems.append(f"{path}:1: -: cannot read: {reason}")
            continue
        lines = raw_text.splitlines()
        try:
            data = tomllib.loads(raw_text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"at line (\d+)", str(exc))
            problems.append(f"{path}:{m.group(1) if m else 1}: -: invalid TOML: {exc}")
            continue
        unknown = set(data) - {"rule", "entity", "profiles"}
        if unknown:
            problems.append(f"{path}:1: -: unknown top-level key {sorted(unknown)[0]!r}")
        if "profiles" in data:
            profiles = tuple(data["profiles"].get("available", profiles))
            default_profile = data["profiles"].get("default", profiles[0])
        for index, raw in enumerate(data.get("rule", [])):
            rule = _load_rule(raw, path, lines, problems, mechanisms, index)
            if rule is None:
                continue
            if rule.id in seen:
                nth = 1 if seen[rule.id].path == path else 0
                line = _line_of(lines, rule.id, nth=nth)
                problems.append(f"{path}:{line}: {rule.id}: duplicate id "
                                f"(first at {seen[rule.id].where})")
                continue
            seen[rule.id] = rule
            rules.append(rule)
        if "entity" in data:
            entities += _check_entities(data["entity"], profiles, path, lines, problems)
    chosen = profile or default_profile
    if chosen not in profiles:
        problems.append(f"{root}: -: unknown profile {chosen!r} "
                        f"(available: {', '.join(profiles)})")
    if problems:
        raise RuleError(problems)
    rules.sort(key=lambda r: STAGE_NAMES.index(r.stage))  # stable: file order per stage
    return RuleSet(root, tuple(rules), tuple(entities), profiles, chosen)
