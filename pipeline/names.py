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


class Transliterator:
    """English-style transliteration to the German (Duden) one.  The letter
    rules are regexes tried in file order at each position and applied in one
    left-to-right pass, so an output is never rewritten again (``kh`` -> ``ch``
    must not go on to ``tsch``); one word ending is replaced first."""

    def __init__(self, params: dict) -> None:
        self.endings = [tuple(pair) for pair in params["endings"]]
        self.targets = [dst for _, dst in params["letters"]]
        self.pattern = regex.compile("|".join(f"({src})" for src, _ in params["letters"]))

    def __call__(self, word: str) -> str:
        low, tail = word[0].lower() + word[1:], ""
        for src, dst in self.endings:
            if low.endswith(src) and len(low) > len(src) + 1:
                low, tail = low[: -len(src)], dst
                break
        out = self.pattern.sub(lambda m: self.targets[m.lastindex - 1], low) + tail
        return out[0].upper() + out[1:]


def flag_transliterations(doc: Document, rule: Rule, rules: RuleSet) -> list[Edit]:
    gaz, lex, p = rules.gazetteer, rules.lexicon, rule.params
    signal = rules.prepared(rule.id, lambda: regex.compile(p["signal"]))
    transliterate = rules.prepared(rule.id + "/letters", lambda: Transliterator(p))
    for m in CAPITALISED.finditer(doc.text):
        word = m.group()
        if gaz.knows(word) or (word.endswith("s") and gaz.knows(word[:-1])):
            continue
        hit = signal.search(word[0].lower() + word[1:])
        if not hit or lex.zipf(word, "de") >= p["max_german_zipf"]:
            continue
        if _german_head(word, hit.end(), lex, p["german_head_zipf"]):
            continue
        german = transliterate(word)
        if german != word:
            doc.flag(rule.id, "names", m.start(), m.end(),
                     f"looks like an English transliteration; German spelling: {german}")
    return []


def _german_head(word: str, past: int, lex, min_zipf: float) -> bool:  # noqa: ANN001
    """A common German word starts ``word`` and reaches past the signal: the
    ``sh`` of ``Haushalt`` (in a fused ``Haushaltwurden``) is a compound
    seam, not a transliteration."""
    return any(lex.zipf(word[:i], "de") >= min_zipf for i in range(max(4, past), len(word)))


MECHANISMS = {"rewrite_names": rewrite_names, "flag_transliterations": flag_transliterations}


def run(doc: Document, rules: RuleSet) -> Document:
    return run_rules(doc, rules, "names", MECHANISMS)
