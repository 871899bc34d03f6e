"""The document's language, before anything else is touched: a document that
is clearly not German passes through (encoding repair aside).  Block
languages need the blocks, so they are tagged at the end of the structure
stage (``structure.block-language``), with the same detector."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice

from ..core import Document, Language, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms


@dataclass(frozen=True)
class DetectSettings:
    #: below this many letters or words there is too little text to tell,
    #: and the document is taken to be German (the corpus language)
    min_letters: int = 40
    min_words: int = 12
    #: a document is passed through only when langdetect is at least this sure
    min_confidence: float = 0.9


def too_short(text: str, s: DetectSettings) -> bool:
    """Fewer than ``min_letters`` letters in the first 2,000 characters, or
    fewer than ``min_words`` words.  Both counts stop where the answer is
    known: at the ``min_letters``-th letter, and after ``min_words`` + 1
    words (``split(maxsplit=m)``), not at the end of a long text."""
    letters = filter(str.isalpha, text[:2000])
    few_letters = s.min_letters > 0 and next(islice(letters, s.min_letters - 1, None), None) is None
    return few_letters or len(text.split(maxsplit=s.min_words)) < s.min_words


def detect_document(doc: Document, rule: Rule, res: Resources) -> Proposal:
    s: DetectSettings = rule.settings
    text = doc.text
    if too_short(text, s):
        return Proposal(language=Language("de", 0.0))
    if res.detector.clearly_german(text):
        return Proposal(language=Language("de", 1.0))
    lang, prob = res.detector.detect(text)
    passthrough = bool(lang) and lang != "de" and prob >= s.min_confidence
    return Proposal(language=Language(lang or "de", round(prob, 4), passthrough))


MECHANISMS = mechanisms(Mechanism(detect_document, DetectSettings))
