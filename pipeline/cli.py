"""The ``klartext`` command.  Exit codes: 0 done, 1 some inputs failed (the
rest were written), 2 usage or rules error.  Users never see a traceback
unless they ask for it with ``--debug``."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import traceback
from pathlib import Path

from . import __version__
from .commands import all_commands
from .rules import RuleError, load_rules

log = logging.getLogger("klartext")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a global option given before the command survives the
    # subcommand's parser (which would otherwise reset it to its default)
    common.add_argument("--rules", type=Path, default=argparse.SUPPRESS,
                        help="rules directory (default: the project's rules/)")
    common.add_argument("--profile", default=argparse.SUPPRESS,
                        help="names profile: de-press (default), de-official, en")
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show tracebacks and debug logs")
    parser = argparse.ArgumentParser(prog="klartext", parents=[common],
                                     description="Clean machine-translated German news text.")
    parser.add_argument("--version", action="version", version=f"klartext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in all_commands():
        command.add_arguments(sub.add_parser(command.name, parents=[common], help=command.help),
                              common)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that every ``with`` block
    (each output's temp file) unwinds as for Ctrl-C."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated(signum)


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that Python's own flush
    at exit cannot fail again with a second message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    for name, default in (("rules", None), ("profile", None), ("debug", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="klartext: %(message)s")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return run_command(args)
    except (KeyboardInterrupt, Terminated) as exc:
        print("klartext: interrupted; finished files are complete, nothing half-written",
              file=sys.stderr)
        return 128 + (exc.args[0] if isinstance(exc, Terminated) else signal.SIGINT)
    except BrokenPipeError:
        _silence_stdout()
        return 0
    except OSError as exc:   # stdout full or gone: file outputs report their own
        _silence_stdout()
        print(f"klartext: cannot write output: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except Exception as exc:
        if args.debug:
            traceback.print_exc()
        print(f"klartext: internal error: {type(exc).__name__}: {exc} "
              f"(--debug shows the traceback)", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, previous)


def run_command(args: argparse.Namespace) -> int:
    command = next(c for c in all_commands() if c.name == args.command)
    if not command.needs_rules:
        return command.run(args, None)
    try:
        rules = load_rules(args.rules, args.profile)
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    code = command.run(args, rules)
    sys.stdout.flush()   # a full disk shows here, not in Python's flush at exit
    return code
