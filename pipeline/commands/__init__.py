"""The subcommands of ``klartext``, one module per family.  Each declares a
:class:`Command`: its name, its help, the arguments it adds and the function
that runs it, so that ``cli.py`` only builds the parser and dispatches."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser, argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Any], int]
    #: restore replays a change log and needs no rules
    needs_rules: bool = True


def all_commands() -> tuple[Command, ...]:
    from . import check, clean, explain, review, rules
    return (clean.CLEAN, explain.EXPLAIN, check.CHECK, clean.RESTORE, review.REVIEW,
            rules.RULES, rules.NAMES)
