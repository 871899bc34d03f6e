"""The project configuration: settings a team keeps beside its texts, so
that ``klartext check`` in CI and on a laptop agree without repeating
options (ruff's ``ruff.toml``/``[tool.ruff]``, Vale's ``.vale.ini``).

It is found by walking from the working folder upwards: the first folder
with a ``klartext.toml`` (settings at its top level) or a
``pyproject.toml`` with a ``[tool.klartext]`` table wins; a
``pyproject.toml`` without the table is passed over.  Options on the
command line override it; ``--config FILE`` names one, ``--no-config``
ignores any.  A ``rules`` folder is relative to the file that names it.

    # klartext.toml
    profile = "de-press"
    rules = "rules"
    select = ["spacing", "names"]
    ignore = ["spacing.dash"]
    fail-on = "error"
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .suggest import did_you_mean

FAIL_ON = ("warning", "error")
KEYS = ("profile", "rules", "select", "ignore", "fail-on")


class ConfigError(Exception):
    """A configuration file that cannot be used; ``str`` is ``path:line: problem``."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    profile: str | None = None
    rules: Path | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    fail_on: str | None = None


def find_config(start: Path) -> Path | None:
    """The nearest ``klartext.toml``, or ``pyproject.toml`` with a
    ``[tool.klartext]`` table, in ``start`` or a folder above it."""
    start = start.resolve()
    for folder in (start, *start.parents):
        own = folder / "klartext.toml"
        if own.is_file():
            return own
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and _has_table(pyproject):
            return pyproject
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        return "klartext" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False   # not ours to judge; a project without our table


def load_config(path: Path) -> Config:
    try:
        raw = path.read_text("utf-8")
        data = tomllib.loads(raw)
    except OSError as exc:
        raise ConfigError(f"{path}:1: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}:1: not UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"at line (\d+)", str(exc))
        raise ConfigError(f"{path}:{m.group(1) if m else 1}: invalid TOML: {exc}") from None
    table = data.get("tool", {}).get("klartext", {}) if path.name == "pyproject.toml" else data
    lines = raw.splitlines()

    def fail(key: str, problem: str) -> ConfigError:
        pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
        line = next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 1)
        return ConfigError(f"{path}:{line}: {problem}")

    if not isinstance(table, dict):
        raise fail("klartext", "[tool.klartext] must be a table")
    for key in table:
        if key not in KEYS:
            raise fail(key, f"unknown key {key!r}{did_you_mean(key, KEYS)} (known: {', '.join(KEYS)})")
    values: dict[str, Any] = {}
    for key in ("profile", "rules", "fail-on"):
        if key in table and not isinstance(table[key], str):
            raise fail(key, f"{key} must be a string, not {table[key]!r}")
    for key in ("select", "ignore"):
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, f"{key} must be a list of rule ids or prefixes")
        values[key] = tuple(value)
    fail_on = table.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise fail("fail-on", f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    rules = path.parent / table["rules"] if "rules" in table else None
    return Config(path, table.get("profile"), rules, values["select"], values["ignore"], fail_on)
