"""Word evidence for the repairs: how common a word is in German and English
(wordfreq's large lists, case-folded) and whether German reads a word as a
noun (simplemma's case-sensitive form dictionary).  Loaded once per rule
set; lookups are cached."""

from __future__ import annotations

import math
from functools import lru_cache

from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
from wordfreq import get_frequency_dict

from .rules import RuleSet


class Lexicon:
    def __init__(self, rules: RuleSet) -> None:
        self._freq = {lang: get_frequency_dict(lang, wordlist="large") for lang in ("de", "en")}
        self._forms = DefaultDictionaryFactory().get_dictionary("de")
        self.noun = lru_cache(maxsize=200_000)(self._noun)

    def zipf(self, word: str, lang: str = "de") -> float:
        """Zipf frequency (log10 per billion words); 0.0 when unseen."""
        f = self._freq[lang].get(word.lower())
        return math.log10(f) + 9 if f else 0.0

    def best(self, word: str) -> float:
        return max(self.zipf(word, "de"), self.zipf(word, "en"))

    def lemma(self, form: str) -> str | None:
        return self._forms.get(form)

    def _noun(self, word: str) -> bool:
        """German can read this word as a noun, and that reading is not the
        rarer one: ``Gipfel`` (not ``gipfeln``), ``Versprechen`` (an
        infinitive used as a noun), but not ``Beschrieb`` (``beschreiben``)
        or ``Waren`` (``sein``)."""
        low = word.lower()
        verb = self._forms.get(low)
        if verb and verb[:1].isupper():
            return True
        noun = self._forms.get(low[:1].upper() + low[1:])
        if not noun or not noun[:1].isupper():
            return False
        if not verb or noun.lower() == verb.lower():
            return True
        return self.zipf(noun) >= self.zipf(verb)
