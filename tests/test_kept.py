"""A segmentation given again from what ``Splitter.segment`` kept is the one
a fresh search finds, whatever the context: the start of a sentence, the word
before and the recurring words are all the search reads of a document."""

from __future__ import annotations

import itertools
import random

from pipeline.engine import cleaner_for
from pipeline.stages.fusion import Splitter
from pipeline.stages.kept import Asked, Given
from pipeline.stages.wordscan import WORD
from tests.test_fusion import SPLITS

TOKENS = ["Hausbeschrieb", "Yorkwurde", "LinkedInUndWhatsApp", "AlphaGo", "GfKkönnten",
          "Indexbasierte", "Zelenskyywurde", "Melzerhat", "Gazpromin", "ProCamp",
          "Moskauderwurde", "TrumpUnd", "UndZaporizhzhia", "Angelesbeginnt"]
PREVIOUS = ["", "Weißes", "New", "Los", "der", "Volodymyr", "Gerald"]
SEEN = [set(), {"AlphaGo", "WhatsApp", "LinkedIn", "Moskau", "Trump", "Melzer", "GfK"}]


def test_kept_segmentations_are_fresh_ones(rules):
    res = cleaner_for(rules).resources
    settings = rules.get("spacing.split-fused-words").settings
    kept = Splitter(res.lexicon, res.gazetteer, settings)
    fresh = Splitter(res.lexicon, res.gazetteer, settings)
    tokens = TOKENS + [w for text, _ in SPLITS for w in WORD.findall(text) if len(w) >= 4]
    cases = list(itertools.product(tokens, (False, True), PREVIOUS, range(len(SEEN))))
    random.Random(1).shuffle(cases)
    for token, initial, previous, k in cases + cases:
        expected = fresh._segment(token, Asked(Given(initial, previous), SEEN[k], fresh.name_starts))
        assert kept.segment(token, initial, previous, SEEN[k]) == expected, (token, initial, previous, k)


def test_the_word_before_is_read_wherever_a_name_may_end(rules):
    """The search reads the word before only where ``may_end_name``: no word
    before makes ``name_end`` cut anything else."""
    res = cleaner_for(rules).resources
    splitter = Splitter(res.lexicon, res.gazetteer, rules.get("spacing.split-fused-words").settings)
    pieces = TOKENS + [w for text, _ in SPLITS for w in WORD.findall(text) if len(w) >= 4]
    befores = PREVIOUS + random.Random(2).sample(sorted(splitter.name_starts), 300)
    ends = 0
    for piece in pieces:
        for previous in befores:
            if splitter.name_end(previous, piece):
                ends += 1
                assert splitter.may_end_name(piece), (previous, piece)
    assert ends


def test_what_found_nothing_without_a_question_finds_nothing_anywhere(rules):
    """The fused-word scan drops a chunk whose suspects are all in
    ``kept.nothing`` (:mod:`pipeline.stages.wordscan`): each of them finds
    nothing in any context a fresh search is given."""
    res = cleaner_for(rules).resources
    settings = rules.get("spacing.split-fused-words").settings
    kept = Splitter(res.lexicon, res.gazetteer, settings)
    fresh = Splitter(res.lexicon, res.gazetteer, settings)
    tokens = TOKENS + [w for text, _ in SPLITS for w in WORD.findall(text) if len(w) >= 4]
    tokens += ["Regierung", "Präsidentin", "Bundeskanzlerin", "Kyivs", "Onisiwo", "Präfektin"]
    for token in tokens:
        kept.segment(token)
    assert kept.kept.nothing
    for token in kept.kept.nothing:
        for initial, previous, seen in itertools.product((False, True), PREVIOUS, SEEN + [{token}]):
            found = fresh._segment(token, Asked(Given(initial, previous), seen, fresh.name_starts))
            assert found is None, (token, initial, previous, seen)
