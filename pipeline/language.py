"""Language identification with langdetect, made repeatable.

langdetect is random by design; a private factory with a fixed seed gives the
same answer for the same input on every run.  The document language decides
whether the German stages run at all; block languages (tagged after the
structure stage) keep German rules out of quoted English or French passages.
"""

from __future__ import annotations

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException

from .core import Document
from .rules import Rule, RuleSet


class Detector:
    """One loaded langdetect profile set per rule set."""

    def __init__(self, rules: RuleSet) -> None:
        params = rules.param("language.detect", "seed", 0)
        self.seed = int(params)
        self.max_chars = int(rules.param("language.detect", "max_chars", 3000))
        self.factory = DetectorFactory()
        self.factory.load_profile(detector_factory.PROFILES_DIRECTORY)
        self.factory.seed = self.seed
        self.markers = frozenset(rules.param("language.detect", "german_markers", []))
        self.marker_share = float(rules.param("language.detect", "marker_share", 0.2))

    def clearly_german(self, text: str) -> bool:
        """Most German sentences are full of articles and auxiliaries; where
        they make up a good share of the words, langdetect (slow) is skipped."""
        words = text[: self.max_chars].lower().split()
        if len(words) < 8:
            return False
        hits = sum(w.strip(".,;:!?„“\"()") in self.markers for w in words)
        return hits >= self.marker_share * len(words)

    def detect(self, text: str) -> tuple[str, float]:
        """Most probable language and its probability; ('', 0.0) if unknown."""
        try:
            det = self.factory.create()
            det.append(text[: self.max_chars])
            best = det.get_probabilities()
        except LangDetectException:
            return "", 0.0
        return (best[0].lang, best[0].prob) if best else ("", 0.0)


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text[:2000])


def detect_document(doc: Document, rule: Rule, rules: RuleSet) -> None:
    """A document is passed through untouched when it is clearly not German;
    too little text to tell is treated as German (the corpus language)."""
    if _letters(doc.text) < int(rule.params.get("min_letters", 40)) or \
            len(doc.text.split()) < int(rule.params.get("min_words", 12)):
        doc.lang, doc.lang_confidence = "de", 0.0
        return
    if rules.detector.clearly_german(doc.text):
        doc.lang, doc.lang_confidence = "de", 1.0
        return
    lang, prob = rules.detector.detect(doc.text)
    doc.lang, doc.lang_confidence = (lang or "de"), round(prob, 4)
    doc.passthrough = bool(lang) and lang != "de" and prob >= float(
        rule.params.get("min_confidence", 0.9))


def tag_blocks(doc: Document, rules: RuleSet) -> None:
    """Tag each block; short blocks inherit the document language, since
    langdetect guesses wildly on a handful of words."""
    min_words = int(rules.param("language.detect", "block_min_words", 8))
    threshold = float(rules.param("language.detect", "min_confidence", 0.9))
    langs = []
    for start, end in doc.block_spans():
        block = doc.text[start:end]
        lang = doc.lang if doc.passthrough else "de"
        if len(block.split()) >= min_words and not rules.detector.clearly_german(block):
            found, prob = rules.detector.detect(block)
            if found and found != "de" and prob >= threshold:
                lang = found
            elif found == "de":
                lang = "de"
        langs.append(lang)
    doc.block_langs = langs


MECHANISMS = {"detect_document": detect_document}


def run(doc: Document, rules: RuleSet) -> Document:
    for rule in rules.for_stage("language"):
        MECHANISMS[rule.mechanism](doc, rule, rules)  # type: ignore[index]
    return doc
