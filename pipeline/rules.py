"""Load ``rules/*.toml`` into a :class:`RuleSet`, checking everything we can
before a single input is touched.

Every problem is reported as ``path:line: rule-id: problem`` so that an editor
can jump to it; the CLI turns a :class:`RuleError` into exit code 2.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import regex

from .entities import check_entities, entity_rule
from .patterns import class_prefilter, required_scan
from .resources.detector import DetectorSettings
from .resources.tomlcache import parse_toml
from .ruleshape import (
    ID_RE,
    Lines,
    check_template,
    key_line,
    line_of,
    parse_examples,
    shape_problems,
    strings,
    table_line,
    template_problem,
)
from .spec import Mechanism, Rule, SettingsError, build_settings
from .stages import STAGE_NAMES, STAGES
from .suggest import did_you_mean

RULE_KEYS = {"id", "description", "pattern", "replace", "flag", "mechanism", "params",
             "context", "examples", "keep", "regex_flags", "protect", "requires"}
PROTECT_KEYS = {"description", "pattern", "regex_flags"}
REGEX_FLAGS = {"i": regex.IGNORECASE, "m": regex.MULTILINE, "s": regex.DOTALL,
               "x": regex.VERBOSE}
#: the type of each key a ``[[rule]]`` may have
KEY_TYPES: dict[str, type | tuple[type, ...]] = {
    "id": str, "description": str, "pattern": str, "replace": str, "flag": str,
    "mechanism": str, "params": dict, "context": str, "examples": list, "keep": list,
    "regex_flags": str, "protect": list, "requires": list}
TOP_LEVEL = {"rule", "entity", "profiles", "detector", "protect"}


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


@dataclass(frozen=True, eq=False)
class RuleSet:
    """All rules, in file order per stage, the gazetteer's entities (each
    also a rule: its rewrites carry its id) and the configuration of the
    resources.  Configuration only: the lexicon, gazetteer and detector are
    built beside it (:class:`pipeline.resources.Resources`)."""

    root: Path
    rules: tuple[Rule, ...]
    entities: tuple[dict[str, Any], ...] = ()
    profiles: tuple[str, ...] = ("de-press",)
    profile: str = "de-press"
    detector: DetectorSettings = field(default_factory=DetectorSettings)
    entity_rules: tuple[Rule, ...] = ()

    def __post_init__(self) -> None:
        by_id = {r.id: r for r in self.entity_rules}
        by_id.update({r.id: r for r in self.rules})
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_stage", {
            name: tuple(r for r in self.rules if r.stage == name) for name in STAGE_NAMES})

    def get(self, rule_id: str) -> Rule:
        """Any rule by id, gazetteer entities included; KeyError if none."""
        return self._by_id[rule_id]  # type: ignore[attr-defined]

    def for_stage(self, stage: str) -> tuple[Rule, ...]:
        return self._by_stage.get(stage, ())  # type: ignore[attr-defined]

    def owner(self, rule_id: str) -> str:
        """The rule whose run makes changes under ``rule_id``: the rule
        itself, or ``names.gazetteer`` for an entity."""
        rule = self._by_id.get(rule_id)  # type: ignore[attr-defined]
        return (rule.made_by or rule.id) if rule is not None else rule_id


def _compile(source: str, flags: str = "") -> Any:
    value = regex.V0
    for ch in flags:
        value |= REGEX_FLAGS[ch]
    return regex.compile(source, value)


def _load_rule(raw: dict[str, Any], path: Path, lines: Lines, problems: list[str],
               known: dict[str, dict[str, Mechanism]], index: int = 0) -> Rule | None:
    rid = raw.get("id")
    line = line_of(lines, rid if isinstance(rid, str) else None, table_line(lines, index))

    def problem(msg: str) -> None:
        problems.append(f"{path}:{line}: {rid if isinstance(rid, str) else '<no id>'}: {msg}")

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
    for key, value in raw.items():
        if not isinstance(value, KEY_TYPES[key]):
            kind = {str: "a string", dict: "a table", list: "a list"}[KEY_TYPES[key]]  # type: ignore[index]
            problem(f"{key} must be {kind}, not {value!r}")
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
            bad = check_template(pattern, raw["replace"])
            if bad:
                problem(bad)
                return None
            bad = template_problem(pattern, raw["replace"])
            if bad:
                problem(bad)
                return None
    settings = None
    if "mechanism" in raw:
        mech = known.get(stage, {}).get(raw["mechanism"])
        if mech is None:
            problem(f"unknown mechanism {raw['mechanism']!r} for stage {stage}")
            return None
        if mech.needs_pattern and pattern is None:
            problem(f"mechanism {mech.name} needs a pattern")
            return None
        missing = [g for g in mech.groups if pattern is not None and g not in pattern.groupindex]
        if missing:
            problem(f"mechanism {mech.name} needs a pattern with a group (?P<{missing[0]}>…)")
            return None
        try:
            if mech.settings is not None:
                settings = build_settings(mech.settings, raw.get("params", {}),
                                          owner=f"rule {rid} ({path}:{line})")
            elif raw.get("params"):
                raise SettingsError(f"params: mechanism {mech.name} takes no params")
        except SettingsError as exc:
            problem(str(exc))
            return None
    elif "params" in raw:
        problem("params belong to a mechanism; a pattern rule takes none")
        return None
    if "context" in raw:
        try:
            context = _compile(raw["context"], flags)
        except regex.error as exc:
            problem(f"context does not compile: {exc}")
            return None
    examples, bad = parse_examples(raw.get("examples"))
    if bad:
        problem(bad)
        return None
    keep = raw.get("keep", [])
    if not strings(keep):
        problem("keep must be a list of strings")
        return None
    requires = raw.get("requires", [])
    if not requires and "requires" in raw or not all(isinstance(r, str) and r for r in requires):
        problem("requires must be a list of non-empty strings")
        return None
    if requires and pattern is None:
        problem("requires applies to the matches of a pattern")
        return None
    folded = tuple(r.casefold() for r in requires) if requires and "i" in flags else None
    return Rule(rid, raw.get("description", ""), path, line, pattern, raw.get("replace"),
                raw.get("flag"), raw.get("mechanism"), raw.get("params", {}), settings, context,
                tuple(examples), tuple(keep), requires=tuple(requires), requires_folded=folded,
                prefilter=class_prefilter(raw["pattern"], flags) if "pattern" in raw else None,
                requires_scan=required_scan(tuple(requires)) if folded is None else None)


def _load_protected(tables: Any, path: Path, lines: list[str], problems: list[str],
                    protected: dict[str, Any]) -> None:
    """``[protect.NAME]`` tables: spans (emoticons, URLs) that the rules
    naming them in ``protect`` may not edit, defined once for every file."""
    if not isinstance(tables, dict):
        problems.append(f"{path}:1: -: protect must be tables [protect.NAME]")
        return
    for name, table in tables.items():
        header = re.compile(r"^\s*\[\s*protect\.\s*" + re.escape(name) + r"\s*\]")
        line = next((n for n, ln in enumerate(lines, 1) if header.match(ln)), 1)
        where = f"{path}:{line}: protect.{name}"
        if not isinstance(table, dict) or not isinstance(table.get("pattern"), str):
            problems.append(f"{where}: needs a pattern (a string)")
            continue
        unknown = set(table) - PROTECT_KEYS
        if unknown:
            problems.append(f"{where}: unknown key {sorted(unknown)[0]!r}")
            continue
        if name in protected:
            problems.append(f"{where}: defined twice")
            continue
        flags = table.get("regex_flags", "")
        protected[name] = None             # known, so no rule naming it is a second error
        try:
            if any(ch not in REGEX_FLAGS for ch in flags):
                raise regex.error(f"regex_flags may only contain {''.join(REGEX_FLAGS)}")
            protected[name] = _compile(table["pattern"], flags)
        except regex.error as exc:
            problems.append(f"{where}: pattern does not compile: {exc}")


def _with_protect(rule: Rule, names: list[Any], protected: dict[str, Any],
                  problems: list[str]) -> Rule:
    """The rule with the patterns of the protected spans it names."""
    missing = [n for n in names if n not in protected]
    if any(protected.get(n) is None for n in names if n in protected):
        return rule                        # its pattern is already reported
    if missing:
        problems.append(f"{rule.where}: {rule.id}: unknown protected span {missing[0]!r} "
                        f"(defined: {', '.join(sorted(protected)) or 'none'})")
        return rule
    if rule.pattern is None:
        problems.append(f"{rule.where}: {rule.id}: protect applies to the matches of a pattern")
        return rule
    return replace(rule, protect=tuple(protected[n] for n in names))


def load_rules(root: Path | None = None, profile: str | None = None) -> RuleSet:
    """Read every ``*.toml`` under ``root``; raise :class:`RuleError` listing
    all problems at once."""
    root = Path(root) if root else default_rules_dir()
    problems: list[str] = []
    if not root.is_dir():
        raise RuleError([f"{root}: rules directory not found"])
    known = {stage.name: stage.mechanisms for stage in STAGES}
    rules: list[Rule] = []
    entities: list[tuple[dict[str, Any], Path, Lines]] = []
    profiles: tuple[str, ...] = ("de-press",)
    default_profile = "de-press"
    detector = DetectorSettings()
    seen: dict[str, Rule] = {}
    protected: dict[str, Any] = {}
    wanted: dict[str, list[Any]] = {}
    files = sorted(root.glob("*.toml"))
    if not files:
        raise RuleError([f"{root}: no rule files (*.toml) in this directory"])
    for path in files:
        try:
            raw_text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else f"not UTF-8 ({exc.reason})"
            problems.append(f"{path}:1: -: cannot read: {reason}")
            continue
        lines = Lines(raw_text.splitlines())
        try:
            data = parse_toml(raw_text)
        except tomllib.TOMLDecodeError as exc:
            m = re.search(r"at line (\d+)", str(exc))
            problems.append(f"{path}:{m.group(1) if m else 1}: -: invalid TOML: {exc}")
            continue
        unknown = set(data) - TOP_LEVEL
        if unknown:
            problems.append(f"{path}:1: -: unknown top-level key {sorted(unknown)[0]!r}")
        shape = shape_problems(data)
        if shape:
            problems += [f"{path}:{key_line(lines, key)}: -: {msg}" for key, msg in shape]
            continue
        if "profiles" in data:
            profiles = tuple(data["profiles"].get("available", profiles))
            default_profile = data["profiles"].get("default", profiles[0])
        if "detector" in data:
            try:
                detector = build_settings(DetectorSettings, data["detector"], "detector")
            except SettingsError as exc:
                line = next((n for n, ln in enumerate(lines, 1) if ln.strip() == "[detector]"), 1)
                problems.append(f"{path}:{line}: -: {exc}")
        if "protect" in data:
            _load_protected(data["protect"], path, lines, problems, protected)
        for index, raw in enumerate(data.get("rule", [])):
            try:
                rule = _load_rule(raw, path, lines, problems, known, index)
            except Exception as exc:   # a shape no check foresaw is still a rules error
                problems.append(f"{path}:{table_line(lines, index)}: -: cannot load this rule: "
                                f"{type(exc).__name__}: {exc}")
                continue
            if rule is None:
                continue
            if rule.id in seen:
                nth = 1 if seen[rule.id].path == path else 0
                line = line_of(lines, rule.id, nth=nth)
                problems.append(f"{path}:{line}: {rule.id}: duplicate id "
                                f"(first at {seen[rule.id].where})")
                continue
            seen[rule.id] = rule
            rules.append(rule)
            if raw.get("protect"):
                wanted[rule.id] = raw["protect"]
        if "entity" in data:
            try:
                entities += [(ent, path, lines) for ent in
                             check_entities(data["entity"], profiles, path, lines, problems)]
            except Exception as exc:   # as for rules: located, never a crash
                problems.append(f"{path}:{key_line(lines, 'entity')}: -: cannot load the "
                                f"entities: {type(exc).__name__}: {exc}")
    rules = [_with_protect(r, wanted[r.id], protected, problems) if r.id in wanted else r
             for r in rules]
    chosen = profile or default_profile
    if chosen not in profiles:
        problems.append(f"{root}: -: unknown profile {chosen!r}{did_you_mean(chosen, profiles)} "
                        f"(available: {', '.join(profiles)})")
    if problems:
        raise RuleError(problems)
    rules.sort(key=lambda r: STAGE_NAMES.index(r.stage))  # stable: file order per stage
    return RuleSet(root, tuple(rules), tuple(ent for ent, _, _ in entities), profiles, chosen,
                   detector, tuple(entity_rule(ent, chosen, path, lines)
                                   for ent, path, lines in entities))
