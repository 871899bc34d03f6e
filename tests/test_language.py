"""Block languages: German rules stay out of blocks in another language, and
langdetect (slow, and unsure on short German sentences) is asked only about
blocks that German function words and word forms do not already settle."""

from __future__ import annotations

from pipeline import Document
from pipeline.engine import Cleaner

GERMAN = "Gestern Abend präsentierte Bürgermeisterin Müller ihre Pläne für mehr Radwege."
ENGLISH = "Yesterday evening the mayor presented her plans for more cycle lanes downtown."


def _langs(rules, text: str, calls: list[str]) -> list[str]:
    cleaner = Cleaner(rules)
    detect = cleaner.resources.detector.detect

    def counted(block: str) -> tuple[str, float]:
        calls.append(block)
        return detect(block)

    cleaner.resources.detector.detect = counted  # type: ignore[method-assign]
    return [b.lang for b in cleaner.run(Document("d", text)).blocks]


def test_a_german_block_without_function_words_needs_no_langdetect(rules):
    calls: list[str] = []
    text = f"{GERMAN}\n\n{GERMAN} Auch morgen."
    assert _langs(rules, text, calls) == ["de", "de"]
    assert GERMAN not in calls and f"{GERMAN} Auch morgen." not in calls   # blocks: not asked


def test_an_english_block_is_asked_and_left_alone(rules):
    calls: list[str] = []
    text = f"Der Bericht der Stadt liegt vor und wird heute beraten.\n\n{ENGLISH}"
    assert _langs(rules, text, calls)[-1] == "en"
    assert ENGLISH in calls
