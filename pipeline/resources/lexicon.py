"""Word evidence for the repairs: how common a word is in German and English
(wordfreq's large lists, case-folded) and whether German reads a word as a
noun (simplemma's case-sensitive form dictionary).  It depends on no rule,
so one process loads it once (see :mod:`pipeline.resources`)."""

from __future__ import annotations

import math
from functools import lru_cache

from simplemma.strategies.dictionaries.dictionary_factory import DefaultDictionaryFactory
from wordfreq import get_frequency_dict


class Lexicon:
    def __init__(self) -> None:
        self._freq = {lang: get_frequency_dict(lang, wordlist="large") for lang in ("de", "en")}
        self._forms = DefaultDictionaryFactory().get_dictionary("de")
        self.readings = lru_cache(maxsize=200_000)(self._readings)

    def zipf(self, word: str, lang: str = "de") -> float:
        """Zipf frequency (log10 per billion words); 0.0 when unseen."""
        f = self._freq[lang].get(word.casefold())
        return math.log10(f) + 9 if f else 0.0

    def best(self, word: str) -> float:
        return max(self.zipf(word, "de"), self.zipf(word, "en"))

    def lemma(self, form: str) -> str | None:
        return self._forms.get(form)

    def lemmas(self, word: str) -> tuple[str | None, str | None]:
        """The noun lemma and the other (verb, adjective, ...) lemma German
        has for a word, None where it has no such reading."""
        low = word.lower()
        other = self._forms.get(low)
        if other and other[:1].isupper():
            return other, None
        noun = self._forms.get(low[:1].upper() + low[1:])
        return (noun if noun and noun[:1].isupper() else None), other

    def inflects(self, noun: str, endings: tuple[str, ...]) -> bool:
        """The noun lemma has a paradigm in the dictionary, not just itself:
        a lemma with none of the ``endings`` (Kauf-s, Lage-n) is a one-form
        entry, most often a capitalised homograph of a verb (``Hat``)."""
        return any(self._forms.get(noun + e) == noun for e in endings) or \
            any(self._forms.get(k) == noun for k in (noun[:-1], noun[:-1] + "n") if k)

    def _readings(self, word: str) -> tuple[float | None, float | None]:
        """How common the noun reading and the other (verb, adjective, ...)
        reading of a word are: the zipf of each lemma, None where German has
        no such reading.  ``gipfel`` has both (Gipfel, gipfeln), ``Uhr`` only
        a noun, ``beschrieb`` a frequent verb and a rare Swiss noun."""
        noun, other = self.lemmas(word)
        return (self.zipf(noun) if noun else None), (self.zipf(other) if other else None)

    def known_form(self, word: str) -> bool:
        """The exact form (case included) is a German word form."""
        return word in self._forms
