"""Names: every entity of the gazetteer gets the spelling of the chosen
profile, inflection kept (``Kyivs`` -> ``Kiews``); only whole words, never
inside URLs or e-mail addresses.  Unknown names that look like English
transliterations of Slavic names are flagged with the German (Duden)
spelling, never rewritten: a wrong guess would corrupt a name."""

from __future__ import annotations

import regex

from .core import Document, Edit
from .rules import Rule, RuleSet
from .stagekit import run_rules

CAPITALISED = regex.compile(r"(?<![\p{L}\p{N}@/.-])\p{Lu}\p{Ll}{3,}(?![\p{L}\p{N}@]|[./]\p{L})")


def rewrite_names(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    gaz = rules.gazetteer
    edits = []
    for m in gaz.pattern.finditer(doc.text):
        name = m.group("name")
        target = gaz.canonical(name)
        if target != name:
            ent = gaz.entity_of[name]
            edits.append(Edit(m.start("name"), m.end("name"), target, f"names.{ent['id']}",
                              f"{ent['kind']}: {name} -> {target} ({gaz.profile})"))
    return edits


def transliterate(word: str, params: dict) -> str:
    """English-style transliteration to the German one, by the ordered
    replacements of the rule (Duden rules for Russian and Ukrainian)."""
    out = word
    for src, dst in params["endings"]:
        if out.endswith(src):
            out = out[: -len(src)] + dst
            break
    low = out[0].lower() + out[1:]
    for src, dst in params["letters"]:
        low = low.replace(src, dst)
    return low[0].upper() + low[1:]


def flag_transliterations(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    gaz, lex, p = rules.gazetteer, rules.lexicon, rule.params
    signal = rules.prepared(rule.id, lambda: regex.compile(p["signal"]))
    for m in CAPITALISED.finditer(doc.text):
        word = m.group()
        if gaz.knows(word) or (word.endswith("s") and gaz.knows(word[:-1])):
            continue
        if not signal.search(word) or lex.zipf(word, "de") >= p["max_german_zipf"]:
            continue
        german = transliterate(word, p)
        if german != word:
            doc.flag(rule.id, "names", m.start(), m.end(),
                     f"looks like an English transliteration; German spelling: {german}")
    return []


MECHANISMS = {"rewrite_names": rewrite_names, "flag_transliterations": flag_transliterations}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "names", MECHANISMS)
