"""The subcommands of ``klartext``, one module per family.  Each declares a
:class:`Command`: its name, its help (a line for the list of commands, a
description, examples and exit codes for its own ``--help``), the
arguments it adds and the function that runs it, so that ``cli.py`` only
builds the parser and dispatches."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import Document
from ..engine import Cleaner
from ..io.batch import Failure, process, read_inputs
from ..io.inputs import InputError, decode


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser, argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace, Any], int]
    description: str = ""
    #: examples and exit codes, shown after the options
    epilog: str = ""
    #: restore replays a change log and needs no rules
    needs_rules: bool = True


class UsageError(Exception):
    """A combination of arguments that cannot work; exit 2 with the
    command's usage, as argparse does for the ones it can see."""


def all_commands() -> tuple[Command, ...]:
    from . import check, clean, explain, review, rules
    return (clean.CLEAN, explain.EXPLAIN, check.CHECK, clean.RESTORE, review.REVIEW,
            rules.RULES, rules.NAMES)


STDIN = Path("-")


def read_texts(paths: list[Path], stdin_name: str = "-"
               ) -> Iterator[tuple[str, str | None, str | None]]:
    """``(name, text, error)`` for every input in order: files, folders
    (recursed for ``*.txt``) and ``-`` for stdin, named ``stdin_name``."""
    for path in paths:
        if path == STDIN:
            try:
                yield stdin_name, decode(sys.stdin.buffer.read())[0], None
            except InputError as exc:
                yield stdin_name, None, str(exc)
            continue
        for origin, found, text, _, error in read_inputs([path]):
            yield origin, (text if found is not None and error is None else None), error


def cleaned_texts(cleaner: Cleaner, paths: list[Path], stdin_name: str = "-",
                  debug: bool = False) -> Iterator[tuple[str, str, Document | None, str | None]]:
    """``(name, text, document, error)`` for every input of :func:`read_texts`,
    cleaned: the loop ``explain`` and ``check`` share.  An input that cannot
    be read or cleaned has no document and says why in ``error``."""
    for name, text, error in read_texts(paths, stdin_name):
        if text is None:
            yield name, "", None, error
            continue
        try:
            yield name, text, process(cleaner, text, Path(name).stem, name, debug=debug), None
        except Failure as exc:
            yield name, text, None, str(exc)


def exit_codes(*lines: str) -> str:
    return "exit codes:\n" + "\n".join(f"  {line}" for line in lines)
