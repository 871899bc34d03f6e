"""The ``klartext`` command.  Each subcommand's ``--help`` lists its exit
codes; in general 0 done, 1 some inputs failed (the rest were written) or
findings, 2 usage, input or rules error.  Users never see a traceback
unless they ask for it with ``--debug``."""

from __future__ import annotations

import argparse
import atexit
import logging
import multiprocessing
import os
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Any, NoReturn

from . import __version__
from .commands import Command, UsageError, all_commands, exit_codes
from .config import Config, ConfigError, find_config, load_config
from .rules import RuleError, load_rules
from .suggest import did_you_mean
from .watchdog import watched

log = logging.getLogger("klartext")

GLOBAL = {"rules": None, "profile": None, "debug": False, "no_color": False, "config": None,
          "no_config": False}


class Parser(argparse.ArgumentParser):
    """argparse with a "did you mean" for a mistyped choice (a subcommand)."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if action.choices is not None and value not in action.choices:
            choices = [str(c) for c in action.choices]
            raise argparse.ArgumentError(
                action, f"invalid choice: {value!r}{did_you_mean(str(value), choices)} "
                f"(choose from {', '.join(choices)})")


def build_parser() -> Parser:
    common = Parser(add_help=False)
    # SUPPRESS: a global option given before the command survives the
    # subcommand's parser (which would otherwise reset it to its default)
    g = common.add_argument_group("global options")
    g.add_argument("--rules", type=Path, default=argparse.SUPPRESS, metavar="DIR",
                   help="rules folder (default: the configuration's, else the project's rules/)")
    g.add_argument("--profile", default=argparse.SUPPRESS,
                   help="names profile: de-press (default), de-official, en")
    g.add_argument("--config", type=Path, default=argparse.SUPPRESS, metavar="FILE",
                   help="a klartext.toml or pyproject.toml (default: the nearest one from here up)")
    g.add_argument("--no-config", action="store_true", default=argparse.SUPPRESS,
                   help="ignore any configuration file")
    g.add_argument("--no-color", action="store_true", default=argparse.SUPPRESS,
                   help="no colour (also with NO_COLOR set, or when not a terminal)")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                   help="show tracebacks and debug logs")
    parser = Parser(prog="klartext", parents=[common],
                    formatter_class=argparse.RawDescriptionHelpFormatter,
                    description="Clean machine-translated German news text into canonical German: "
                    "every change recorded and reversible.",
                    epilog="examples:\n"
                    "  klartext clean - < article.txt          # one text, stdin to stdout\n"
                    "  klartext check --format github texts/   # lint in CI\n"
                    "  klartext <command> --help               # each command's examples\n\n"
                    + exit_codes("0  done", "1  some inputs failed, or check found something",
                                 "2  usage, input or rules error",
                                 "130/143  interrupted by Ctrl-C/SIGTERM",
                                 "141  the reader of stdout went away before the end"))
    parser.add_argument("--version", action="version", version=f"klartext {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                title="commands")
    parser.commands = {}   # type: ignore[attr-defined]
    for command in all_commands():
        p = sub.add_parser(command.name, parents=[common], help=command.help,
                           description=command.description or command.help, epilog=command.epilog,
                           formatter_class=argparse.RawDescriptionHelpFormatter)
        command.add_arguments(p, common)
        parser.commands[command.name] = p   # type: ignore[attr-defined]
    return parser


def parse(argv: list[str] | None) -> argparse.Namespace:
    """Arguments with every global option set; an option the subcommand does
    not know is reported with the subcommand's usage, not the top level's."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    for name, default in GLOBAL.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    if extra:
        _parser_of(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _parser_of(parser: Parser, args: argparse.Namespace) -> argparse.ArgumentParser:
    sub = parser.commands.get(args.command, parser)  # type: ignore[attr-defined]
    if getattr(args, "rules_cmd", None):
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action.choices.get(args.rules_cmd, sub)  # type: ignore[no-any-return]
    return sub  # type: ignore[no-any-return]


def configure(args: argparse.Namespace) -> Config:
    """The project configuration, its settings applied under the command
    line's: ``--rules``, ``--profile``, ``--select``, ``--ignore``, ``--fail-on``."""
    path = args.config if args.config is not None else (None if args.no_config
                                                        else find_config(Path.cwd()))
    config = load_config(path) if path is not None else Config()
    args.rules = args.rules or config.rules
    args.profile = args.profile or config.profile
    if hasattr(args, "select"):
        args.select = _split(args.select) if args.select else list(config.select)
        args.ignore = _split(args.ignore) if args.ignore else list(config.ignore)
        args.fail_on = args.fail_on or config.fail_on or "error"
    if config.path is not None:
        log.debug("configuration: %s", config.path)
    return config


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


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


def _leave(code: int) -> NoReturn:
    """Exit at once after an interrupt.  The signal may have landed inside
    the worker pool's own code, whose exit hook then waits for ever on a
    thread that will not end (a test run hung so once); every file is
    already complete or untouched, so nothing is lost by not waiting."""
    for child in multiprocessing.active_children():
        child.terminate()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.DEBUG if args.debug else logging.WARNING,
                        format="klartext: %(message)s")
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        with watched():     # one CPU alarm guards the patterns, not a clock per call
            return run_command(args)
    except (KeyboardInterrupt, Terminated) as exc:
        print("klartext: interrupted; finished files are complete, nothing half-written",
              file=sys.stderr)
        _leave(128 + (exc.args[0] if isinstance(exc, Terminated) else signal.SIGINT))
    except BrokenPipeError:   # the reader went away: not everything was delivered
        _silence_stdout()
        return 128 + signal.SIGPIPE
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


def run() -> NoReturn:
    """The installed ``klartext`` (and ``python -m pipeline``): :func:`main`,
    then an exit that does not take apart, object by object, what the run
    built up (the word tables of a corpus: 1.8 % of the instructions of
    cleaning 300 texts went to that alone).  The exit hooks run and the
    streams are flushed first, as at a normal exit, so nothing is lost; a
    thread that is still working gets the normal exit, which waits for it."""
    code = main()
    if any(t.is_alive() and not t.daemon for t in threading.enumerate()
           if t is not threading.main_thread()):
        sys.exit(code)
    atexit._run_exitfuncs()    # what a normal exit runs before its clean-up (logging's flush)
    try:
        sys.stdout.flush()
    except BrokenPipeError:    # the reader went away before the last lines
        code = 128 + signal.SIGPIPE
    except (OSError, ValueError) as exc:
        print(f"klartext: cannot write output: {getattr(exc, 'strerror', None) or exc}",
              file=sys.stderr)
        code = code or 1
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def run_command(args: argparse.Namespace) -> int:
    command: Command = next(c for c in all_commands() if c.name == args.command)
    try:
        configure(args)
        if not command.needs_rules:
            return command.run(args, None)
        rules = load_rules(args.rules, args.profile)
        if not rules.rules:
            raise RuleError([f"{rules.root}: no rules here (no [[rule]] table in its *.toml files)"])
        code = command.run(args, rules)
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    except RuleError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    except UsageError as exc:
        parser = build_parser()
        _parser_of(parser, args).print_usage(sys.stderr)
        print(f"klartext {args.command}: error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.flush()   # a full disk shows here, not in Python's flush at exit
    return code
