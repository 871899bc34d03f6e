"""``klartext rules`` (check, list, show) and ``klartext names``: the rule
set itself, as data to inspect."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..rules import ENTITY_KINDS, RuleSet
from . import Command


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
        corpus = args.paths or ([Path("seeds")] if Path("seeds").is_dir() else [])
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
        return 0
    if args.rules_cmd == "list":
        return list_rules(rules, args.paths or [Path("seeds")])
    return show_rule(rules, args.rule_id, args.paths or [Path("seeds")])


def add_rules_arguments(p: argparse.ArgumentParser, common: argparse.ArgumentParser) -> None:
    rsub = p.add_subparsers(dest="rules_cmd", required=True)
    q = rsub.add_parser("check", parents=[common],
                        help="run every example; report shared territory and rules that never fire")
    q.add_argument("paths", nargs="*", type=Path, help="corpus for the hit count (default: seeds/)")
    q = rsub.add_parser("list", parents=[common], help="every rule with its hits in a corpus")
    q.add_argument("paths", nargs="*", type=Path)
    q = rsub.add_parser("show", parents=[common], help="one rule, its examples and its hits")
    q.add_argument("rule_id")
    q.add_argument("paths", nargs="*", type=Path)


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


RULES = Command("rules", "check, list or show rules", add_rules_arguments, run_rules)
NAMES = Command("names", "the names gazetteer: counts, or every spelling of a --profile",
                add_names_arguments, run_names)
