"""What the rule files are read into, and what a stage declares.

A :class:`Rule` is one ``[[rule]]`` table (or one gazetteer entity) as loaded
and checked.  A :class:`Mechanism` is a function of a stage module plus the
typed settings it accepts: the loader turns a rule's ``params`` table into an
instance of that settings class, so an unknown key, a wrong type or a regex
that does not compile is a load error naming the rule's file and line, not a
failure of every document at run time.  A :class:`Stage` is a name and its
mechanisms; the stage order itself is declared once, in
:mod:`pipeline.stages`.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex

from .patterns import GuardedPattern


@dataclass(frozen=True, slots=True)
class Example:
    input: str
    output: str | None = None
    flags: tuple[str, ...] | None = None
    xfail: str | None = None


@dataclass(frozen=True, eq=False)
class Rule:
    """One rule as loaded.  ``settings`` is the typed form of ``params``
    (None for pattern rules); ``entity`` is set for a gazetteer entity, whose
    rewrites the ``names.gazetteer`` rule makes under the entity's own id."""

    id: str
    description: str
    path: Path
    line: int
    pattern: Any = None  # compiled ``regex`` pattern
    replace: str | None = None
    flag: str | None = None
    mechanism: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    settings: Any = None
    context: Any = None
    examples: tuple[Example, ...] = ()
    keep: tuple[str, ...] = ()
    entity: dict[str, Any] | None = None
    #: the id of the rule whose run makes this rule's changes (entities)
    made_by: str | None = None
    #: compiled patterns of the protected spans (``[protect.NAME]``) that the
    #: rule's matches may neither overlap nor touch
    protect: tuple[Any, ...] = ()
    #: strings of which a text must hold one for the pattern to match at all
    #: (``" -"`` for a spaced hyphen): a substring test at C speed spares the
    #: regular expression most documents
    requires: tuple[str, ...] = ()
    #: ``requires`` case-folded, for a rule whose own pattern ignores case
    #: (``aufHTTPS://`` must not be skipped): sought in the case-folded text,
    #: which holds a required string wherever the pattern's full case
    #: folding could match one (folding goes character by character), and
    #: is quicker to make than a case-insensitive search is to run
    requires_folded: tuple[str, ...] | None = None
    #: a pattern that is one plain character class, compiled for ``re``
    #: (:func:`pipeline.patterns.class_prefilter`): no match of it, no match
    prefilter: Any = None
    #: ``requires`` as one ``re`` search, where that is the quicker way to
    #: look for them (:func:`pipeline.patterns.required_scan`)
    requires_scan: Any = None

    def may_match(self, text: str, pos: int = 0, end: int | None = None) -> bool:
        """False only where the pattern cannot match: none of ``requires``
        occurs in ``text[pos:end]``."""
        end = len(text) if end is None else end
        if self.prefilter is not None and self.prefilter.search(text, pos, end) is None:
            return False
        if not self.requires:
            return True
        if self.requires_scan is not None:
            return self.requires_scan.search(text, pos, end) is not None
        if self.requires_folded is not None:
            folded = (text if pos == 0 and end == len(text) else text[pos:end]).casefold()
            return any(s in folded for s in self.requires_folded)
        return any(text.find(s, pos, end) >= 0 for s in self.requires)

    @property
    def stage(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Mechanism:
    """A stage function, ``run(doc, rule, resources) -> Proposal``, with the
    settings class its ``params`` are checked against and what its pattern
    must offer (mechanisms that read a rule's ``pattern``).  ``repeat``:
    neighbouring rules of this mechanism feed each other (a byline before the
    date line), so they run as a group until none of them edits.
    ``recheck``: what later rules write, of its stage or a later one, can
    tip its decision (a block grows long enough to be a copy, a byline comes
    to stand first when the share footer before it goes), so the engine asks
    it again at the end when they edited."""

    run: Callable[..., Any]
    settings: type | None = None
    needs_pattern: bool = False
    groups: tuple[str, ...] = ()
    repeat: bool = False
    recheck: bool = False

    @property
    def name(self) -> str:
        return self.run.__name__


def mechanisms(*items: Mechanism) -> dict[str, Mechanism]:
    return {m.name: m for m in items}


@dataclass(frozen=True)
class Stage:
    """A stage: its name (the module's), its mechanisms, whether it also
    runs on documents and blocks that are not German, and whether its rules
    repeat until none of them edits (``settle``: rules that only edit and
    enable each other, as removing an invisible character completes a
    mojibake sequence)."""

    name: str
    mechanisms: dict[str, Mechanism]
    foreign: bool = False
    settle: bool = False

    @classmethod
    def of(cls, module: types.ModuleType, foreign: bool = False, settle: bool = False) -> Stage:
        return cls(module.__name__.rsplit(".", 1)[-1], getattr(module, "MECHANISMS", {}), foreign,
                   settle)


class SettingsError(ValueError):
    """A ``params`` table that does not fit its mechanism's settings."""


def build_settings(cls: type, params: Any, prefix: str = "params", owner: str = "") -> Any:
    """An instance of the dataclass ``cls`` from a TOML table, every value
    converted to its field's declared type.  A regular expression becomes a
    :class:`~pipeline.patterns.GuardedPattern` that names ``owner`` (the
    rule) when it times out."""
    if not isinstance(params, dict):
        raise SettingsError(f"{prefix}: expected a table, got {params!r}")
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(params) - names)
    if unknown:
        raise SettingsError(f"{prefix}: unknown key {unknown[0]!r} (known: {', '.join(sorted(names))})")
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in params:
            values[f.name] = convert(params[f.name], hints[f.name], f"{prefix}.{f.name}", owner)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise SettingsError(f"{prefix}: missing key {f.name!r}")
    try:
        return cls(**values)
    except SettingsError as exc:   # a settings class checking its values together
        raise SettingsError(f"{prefix}: {exc}") from None


_NAMES = {int: "an integer", float: "a number", bool: "true or false", str: "a string"}


def convert(value: Any, hint: Any, where: str, owner: str = "") -> Any:
    """``value`` as the type ``hint`` (str, int, float, bool, compiled regex,
    tuple, frozenset, dict, a settings dataclass for a nested table, or a
    union of these), or a SettingsError."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        errors = []
        for option in args:
            try:
                return convert(value, option, where, owner)
            except SettingsError as exc:
                errors.append(exc)
        real = [e for e, option in zip(errors, args) if option is not type(None)]
        raise real[0] if len(real) == 1 else SettingsError(f"{where}: {value!r} fits none of {hint}")
    if hint is type(None):
        if value is not None:
            raise SettingsError(f"{where}: expected nothing, got {value!r}")
        return None
    if hint is regex.Pattern:
        if not isinstance(value, str):
            raise SettingsError(f"{where}: expected a regular expression (a string), got {value!r}")
        try:
            compiled = regex.compile(value)
        except regex.error as exc:
            raise SettingsError(f"{where}: regular expression does not compile: {exc}") from None
        return GuardedPattern(compiled, f"{owner} {where}".strip())
    if hint in _NAMES:
        ok = isinstance(value, hint) and not (hint is int and isinstance(value, bool))
        if hint is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not ok:
            raise SettingsError(f"{where}: expected {_NAMES[hint]}, got {value!r}")
        return value
    if origin in (tuple, frozenset, list):
        if not isinstance(value, list):
            raise SettingsError(f"{where}: expected a list, got {value!r}")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise SettingsError(f"{where}: expected a list of {len(args)}, got {value!r}")
            return tuple(convert(v, a, f"{where}[{i}]", owner)
                         for i, (v, a) in enumerate(zip(value, args)))
        items = [convert(v, args[0], f"{where}[{i}]", owner) for i, v in enumerate(value)]
        return frozenset(items) if origin is frozenset else tuple(items)
    if origin is dict:
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a table, got {value!r}")
        return {convert(k, args[0], where, owner): convert(v, args[1], f"{where}.{k}", owner)
                for k, v in value.items()}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if not isinstance(value, dict):
            raise SettingsError(f"{where}: expected a table, got {value!r}")
        return build_settings(hint, value, where)
    if hint is Any:
        return value
    raise TypeError(f"{where}: settings type {hint!r} is not supported")
