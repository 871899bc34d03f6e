"""The gazetteer's entities (``[[entity]]`` in ``rules/names.toml``): each
checked at load, and each a rule of its own, whose rewrites the
``names.gazetteer`` rule makes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .resources.gazetteer import spellings_of
from .ruleshape import ID_RE, Lines, line_of, parse_examples, strings
from .spec import Rule

ENTITY_KEYS = {"id", "kind", "description", "variants", "accepted", "examples", "keep",
               "inflection"}
ENTITY_KINDS = {"person", "place", "organisation", "other"}


def check_entities(entities: list[Any], profiles: tuple[str, ...], path: Path,
                   lines: Lines, problems: list[str]) -> list[dict[str, Any]]:
    """The entities that are well formed, every problem of the others in
    ``problems``; a spelling belongs to one entity only."""
    owner: dict[str, str] = {}
    good = []
    for ent in entities:
        eid = ent.get("id") if isinstance(ent, dict) else None
        line = line_of(lines, eid if isinstance(eid, str) else None)
        where = f"{path}:{line}: names.{eid if isinstance(eid, str) and eid else '<no id>'}"
        if not isinstance(eid, str) or not ID_RE.match("names." + eid):
            problems.append(f"{where}: entity id must be kebab-case")
            continue
        if not isinstance(ent, dict):
            problems.append(f"{where}: an entity is a table")
            continue
        unknown = set(ent) - ENTITY_KEYS - set(profiles)
        if unknown:
            problems.append(f"{where}: unknown key {sorted(unknown)[0]!r}")
            continue
        if not isinstance(ent.get("kind"), str) or ent["kind"] not in ENTITY_KINDS:
            problems.append(f"{where}: kind must be one of {', '.join(sorted(ENTITY_KINDS))}")
            continue
        missing = [p for p in profiles if not isinstance(ent.get(p), str)]
        if missing:
            problems.append(f"{where}: no spelling for profile {missing[0]}")
            continue
        wrong = [k for k in ("variants", "accepted", "keep") if k in ent and not strings(ent[k])]
        wrong += [k for k in ("description", "inflection") if k in ent and not isinstance(ent[k], str)]
        if wrong:
            problems.append(f"{where}: {wrong[0]} has the wrong type: {ent[wrong[0]]!r}")
            continue
        examples, bad = parse_examples(ent.get("examples"))
        if bad:
            problems.append(f"{where}: {bad}")
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
        problems.append(f"{path}:{line_of(lines, dup)}: names.{dup}: duplicate id")
    return good


def entity_rule(ent: dict[str, Any], profile: str, path: Path, lines: Lines) -> Rule:
    """An entity as a rule of its own: ``klartext rules show names.kiew``
    finds it, its examples and keep texts are checked like any rule's."""
    examples, _ = parse_examples(ent.get("examples"))
    return Rule(f"names.{ent['id']}", f"name ({profile}): {ent.get('description', ent['id'])}",
                path, line_of(lines, ent["id"]), examples=tuple(examples),
                keep=tuple(ent.get("keep", [])), entity=ent, made_by="names.gazetteer")
