"""``klartext rules`` (check, list, show) and ``klartext names``: the rule
set itself, as data to inspect."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..entities import ENTITY_KINDS
from ..rules import RuleSet
from . import Command, exit_codes


def run_rules(args: argparse.Namespace, rules: RuleSet) -> int:
    from ..tools.rulecheck import check_examples, corpus_hits, list_rules, overlaps, show_rule, unfired
    if args.rules_cmd == "check":
        problems = check_examples(rules)
        for p in problems:
            print(p, file=sys.stderr)
        if problems:
            return 2
        print(f"{len(rules.rules)} rules and {len(rules.entities)} name entities: all examples hold")
        shared = overlaps(rules)
        if shared:
            print(f"{len(shared)} example(s) where rules share territory:")
            for line in shared:
                print(f"  {line}")
        corpus = _corpus(args.paths)
        if corpus:
            errors: list[str] = []
            hits = corpus_hits(rules, corpus, errors)
            idle = unfired(rules, hits)
            where = ", ".join(map(str, corpus))
            print(f"{len(idle)} rule(s) never fired in {where}" + (":" if idle else ""))
            for rule_id in idle:
                print(f"  {rule_id}")
            for line in errors:
                print(line, file=sys.stderr)
            if errors:   # the rules hold, but an input of the corpus failed
                return 1
        return 0
    if args.rules_cmd == "list":
        return list_rules(rules, _corpus(args.paths))
    return show_rule(rules, args.rule_id, _corpus(args.paths))


def _corpus(paths: list[Path]) -> list[Path]:
    """The corpus hits are counted in: the paths given, else ``seeds/`` when
    the working folder has one (the project's own), else none."""
    return paths or ([Path("seeds")] if Path("seeds").is_dir() else [])


def add_rules_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    rsub = p.add_subparsers(dest="rules_cmd", required=True, metavar="{check,list,show}")
    corpus = "corpus for the hit counts: files or folders (default: seeds/ when there is one)"
    q = rsub.add_parser("check", parents=[common], help="run every example; report shared "
                        "territory and rules that never fire", description=CHECK_HELP,
                        epilog="examples:\n  klartext rules check\n"
                        "  klartext --rules my-rules/ rules check corpus/\n\n"
                        + exit_codes("0  every example holds", "1  every example holds, but "
                                     "an input of the corpus failed (named on stderr)",
                                     "2  a rule or an example is broken (path:line: rule-id: "
                                     "problem)"),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=corpus)
    q = rsub.add_parser("list", parents=[common], help="every rule with its hits in a corpus",
                        description="Every rule: id, stage, hits in the corpus, description.",
                        epilog="example:\n  klartext rules list corpus/\n\n"
                        + exit_codes("0  listed", "1  an input of the corpus failed (named "
                                     "on stderr; the counts lack it)", "2  usage or rules error"),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=corpus)
    q = rsub.add_parser("show", parents=[common], help="one rule, its examples and its hits",
                        description="One rule: where it is defined, its pattern or mechanism, "
                        "its examples and keep texts, and every hit in the corpus in context.",
                        epilog="examples:\n  klartext rules show spacing.dash\n"
                        "  klartext rules show names.kiew corpus/\n\n"
                        + exit_codes("0  shown", "1  an input of the corpus failed (named on "
                                     "stderr)", "2  no such rule (with the nearest id), or a "
                                     "rules error"),
                        formatter_class=argparse.RawDescriptionHelpFormatter)
    q.add_argument("rule_id", metavar="RULE", help="a rule id, e.g. spacing.dash or names.kiew")
    q.add_argument("paths", nargs="*", type=Path, metavar="PATH", help=corpus)


CHECK_HELP = ("Load the rules (every setting checked), run every rule's examples and keep "
              "texts, twice, to prove each output stable; then list examples where rules "
              "share territory and rules that never fire in the corpus.")


def run_names(args: argparse.Namespace, rules: RuleSet) -> int:
    """Without --profile: the gazetteer's size and its profiles; with one:
    every entity's spelling in it."""
    from ..resources.gazetteer import describe_gazetteer, list_spellings
    if args.profile is None and args.kind is None and not args.variants:
        lines = describe_gazetteer(rules.entities, rules.profiles, rules.profile)
    else:
        lines = list_spellings(rules.entities, rules.profiles, rules.profile, args.kind,
                               args.variants)
    sys.stdout.write("".join(line + "\n" for line in lines))
    return 0


def add_names_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    p.add_argument("--kind", choices=sorted(ENTITY_KINDS), help="only entities of this kind")
    p.add_argument("--variants", action="store_true",
                   help="also the spellings rewritten to each canonical one")


RULES = Command(
    "rules", "check, list or show the rules", add_rules_arguments, run_rules,
    description="The rules are data (rules/*.toml): check them against their own examples, "
    "list them with their hits, or show one with every hit in context.",
    epilog="examples:\n  klartext rules check\n  klartext rules show spacing.dash seeds/\n\n"
    + exit_codes("0  done", "2  usage or rules error"))
NAMES = Command(
    "names", "the names gazetteer: its profiles, or every spelling of a --profile",
    add_names_arguments, run_names,
    description="Without options: how many entities of each kind, and the profiles. With "
    "--profile, --kind or --variants: every entity's spelling in that profile.",
    epilog="examples:\n  klartext names\n  klartext names --profile en --kind place --variants\n\n"
    + exit_codes("0  listed", "2  usage or rules error (an unknown profile)"))
