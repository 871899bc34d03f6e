"""Block languages: German rules stay out of blocks in another language, and
langdetect (slow, and unsure on short German sentences) is asked only about
blocks that German function words and word forms do not already settle."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from langdetect import DetectorFactory, detector_factory
from langdetect.detector import Detector as Sampler
from langdetect.lang_detect_exception import LangDetectException

from pipeline import Document
from pipeline.engine import Cleaner
from pipeline.resources import shared_language_profiles
from pipeline.resources.detector import Detector, DetectorSettings, load_profiles, profiles_path
from pipeline.stages.language import DetectSettings, too_short

GERMAN = "Gestern Abend präsentierte Bürgermeisterin Müller ihre Pläne für mehr Radwege."
ENGLISH = "Yesterday evening the mayor presented her plans for more cycle lanes downtown."


def _langs(rules, text: str, calls: list[str]) -> list[str]:
    cleaner = Cleaner(rules)
    foreign = cleaner.resources.detector.foreign

    def counted(block: str, min_confidence: float) -> str:
        calls.append(block)
        return foreign(block, min_confidence)

    cleaner.resources.detector.foreign = counted  # type: ignore[method-assign]
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


# The detector runs langdetect's trials on its own compact copy of the
# profiles; every answer must be the float langdetect itself gives.

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("der die und nicht Regierung sagte am Montag the government said on Monday "
         "le gouvernement a dit lundi il governo ha detto lunedì z vlado je rekla "
         "Tore: (41.), bzw. 4:1 – „“ (APA) ß é ñ 2015 Kyiv").split()


@pytest.fixture(scope="module")
def langdetect_factory():
    factory = DetectorFactory()
    factory.load_profile(detector_factory.PROFILES_DIRECTORY)
    return factory


def _langdetect(factory: DetectorFactory, text: str, s: DetectorSettings) -> tuple[str, float]:
    """What langdetect itself answers (the detector before the compact profiles)."""
    factory.seed = s.seed
    try:
        det = factory.create()
        det.append(text[: s.max_chars])
        best = det.get_probabilities()
    except LangDetectException:
        return "", 0.0
    return (best[0].lang, best[0].prob) if best else ("", 0.0)


def _same_answers(rules, factory, text: str) -> None:
    detector = Detector(shared_language_profiles, rules.detector)
    lang, prob = _langdetect(factory, text, detector.settings)
    assert detector.detect(text) == (lang, prob)
    for confidence in (0.5, 0.9, 0.99):
        foreign = lang if lang and lang != "de" and prob >= confidence else ""
        assert detector.foreign(text, confidence) == foreign


def test_the_compact_profiles_give_langdetects_answers_on_the_seeds(rules, langdetect_factory):
    texts = [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    blocks = [b for t in texts for b in t.split("\n\n") if len(b.split()) >= 8]
    for text in [GERMAN, ENGLISH, "", "1234 5678", *texts[:20], *blocks[:60]]:
        _same_answers(rules, langdetect_factory, text)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
def test_the_compact_profiles_give_langdetects_answers_on_mixed_words(rules, langdetect_factory, words):
    _same_answers(rules, langdetect_factory, " ".join(words))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.text(alphabet="ab1 .ä\n\u00a0", max_size=2100), st.integers(-1, 45), st.integers(-1, 14))
def test_too_short_counts_as_far_as_it_needs(text, min_letters, min_words):
    s = DetectSettings(min_letters=min_letters, min_words=min_words)
    full_count = sum(map(str.isalpha, text[:2000])) < min_letters or len(text.split()) < min_words
    assert too_short(text, s) == full_count


def test_the_compact_profiles_are_built_once_and_rebuilt_when_unreadable(tmp_path, monkeypatch):
    monkeypatch.setenv("KLARTEXT_CACHE", str(tmp_path))
    built = load_profiles()
    path = profiles_path()
    assert path.parent == tmp_path and path.exists()
    detect = Detector(lambda: built, DetectorSettings()).detect(ENGLISH)
    assert Detector(load_profiles, DetectorSettings()).detect(ENGLISH) == detect == ("en", detect[1])
    path.write_bytes(path.read_bytes()[:1000])        # a damaged file is built again
    assert Detector(load_profiles, DetectorSettings()).detect(ENGLISH) == detect
    assert len(path.read_bytes()) > 1000


#: Latin with and without case, Latin-1 letters langdetect drops, runs of
#: capitals, spaces of several kinds, scripts it folds to one letter
SCRIPTS = ("aAbBzZäÄöÖüÜßẞ éÉçÇñ \n\t.,;:!?-–—„“\"'()019 ИВАНиван ΑΒΓαβγ 日本語中文 ひらがな "
           "カタカナ ㄅㄆ 한국어 ميدي یک ṭḍẠẢ ș ț İı ǅǆ \u00a0\u2009\u3000 XYZ ABC")


def _langdetect_ngrams(text: str) -> list[str]:
    sampler = Sampler(shared_language_profiles())
    sampler.text = text
    return sampler._extract_ngrams()


@settings(max_examples=500, deadline=None, derandomize=True)
@given(st.text(alphabet=SCRIPTS, max_size=60))
def test_the_ngrams_are_langdetects_word_by_word(text):
    assert shared_language_profiles().ngrams(text) == _langdetect_ngrams(text)


def test_the_ngrams_are_langdetects_on_the_seeds():
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text("utf-8")[:3000]
        assert shared_language_profiles().ngrams(text) == _langdetect_ngrams(text)
