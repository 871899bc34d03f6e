"""Language identification with langdetect, made repeatable.

langdetect is random by design; a private factory with a fixed seed gives the
same answer for the same input on every run.  Its profiles take a while to
load and depend on no rule, so a process loads them once; the settings
(seed, how much text, the German marker words) come from ``[detector]`` in
``rules/language.toml``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from langdetect import DetectorFactory, detector_factory
from langdetect.lang_detect_exception import LangDetectException


@dataclass(frozen=True)
class DetectorSettings:
    seed: int = 0
    #: only this much of a text is read
    max_chars: int = 3000
    #: function words of German: where they make up ``marker_share`` of the
    #: words, the text is German without asking langdetect (which is slow)
    german_markers: frozenset[str] = frozenset()
    marker_share: float = 0.2


def load_profiles() -> DetectorFactory:
    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    return factory


class Detector:
    """``profiles`` loads langdetect's profiles (a third of a second): only
    when a text is not clearly German, which most of a German corpus is."""

    def __init__(self, profiles: Callable[[], DetectorFactory], settings: DetectorSettings) -> None:
        self.profiles = profiles
        self.settings = settings

    def clearly_german(self, text: str) -> bool:
        """Most German sentences are full of articles and auxiliaries; where
        they make up a good share of the words, langdetect is skipped."""
        s = self.settings
        words = text[: s.max_chars].lower().split()
        if len(words) < 8:
            return False
        hits = sum(w.strip(".,;:!?„“\"()") in s.german_markers for w in words)
        return hits >= s.marker_share * len(words)

    def detect(self, text: str) -> tuple[str, float]:
        """Most probable language and its probability; ('', 0.0) if unknown."""
        factory = self.profiles()
        factory.seed = self.settings.seed
        try:
            det = factory.create()
            det.append(text[: self.settings.max_chars])
            best = det.get_probabilities()
        except LangDetectException:
            return "", 0.0
        return (best[0].lang, best[0].prob) if best else ("", 0.0)
