"""The heavy things rules consult, built once per process beside the rule
set, not inside it: the lexicon and langdetect's profiles depend on no rule
(loaded once, shared by every rule set of the process, e.g. the two of
``klartext review``); the gazetteer and the detector are built from the rule
set's configuration; what a mechanism derives from its settings and these
(the fused-word splitter) is built once per :class:`Resources`."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, cached_property
from typing import Any

from .detector import Detector, DetectorSettings, load_profiles
from .gazetteer import Gazetteer
from .lexicon import Lexicon


@cache
def shared_lexicon() -> Lexicon:
    return Lexicon()


@cache
def shared_language_profiles() -> Any:
    return load_profiles()


class Resources:
    def __init__(self, entities: tuple[dict[str, Any], ...], profiles: tuple[str, ...],
                 profile: str, detector: DetectorSettings) -> None:
        self._entities, self._profiles, self._profile = entities, profiles, profile
        self._detector_settings = detector
        self._derived: dict[str, Any] = {}

    @property
    def lexicon(self) -> Lexicon:
        return shared_lexicon()

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer(self._entities, self._profiles, self._profile)

    @cached_property
    def detector(self) -> Detector:
        return Detector(shared_language_profiles, self._detector_settings)

    def derived(self, key: str, build: Callable[[], Any]) -> Any:
        """What a mechanism builds from its rule and these resources (a
        splitter), built once, not once per document."""
        if key not in self._derived:
            self._derived[key] = build()
        return self._derived[key]
