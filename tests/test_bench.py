"""``make bench``'s pieces on a tiny corpus (the numbers themselves are no
test: they depend on the machine)."""

from __future__ import annotations

import json

from pipeline.tools import bench

from .test_cli import ROOT


def _corpus(tmp_path, mb=0.01):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("clean", "injected", "nongerman"):
        record = {"id": name, "text": f"Ein {name} Text.\n\nZweiter Absatz."}
        (data / f"{name}.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    corpus = tmp_path / "corpus.jsonl"
    records, size = bench.build_corpus(corpus, mb, ROOT / "seeds", data)
    return corpus, records, size


def test_the_corpus_repeats_the_texts_until_it_is_large_enough(tmp_path):
    corpus, records, size = _corpus(tmp_path)
    lines = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == records and size >= 10_000
    assert len({rec["id"] for rec in lines}) == records        # fresh ids


def test_small_files_and_their_json_lines_hold_the_same_texts(tmp_path):
    corpus, _, _ = _corpus(tmp_path)
    bench.build_small_files(tmp_path / "small", tmp_path / "small.jsonl", 25, corpus)
    records = [json.loads(line) for line in (tmp_path / "small.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == 25 == len(list((tmp_path / "small").iterdir()))
    for rec in records:
        assert (tmp_path / "small" / f"{rec['id']}.txt").read_text(encoding="utf-8") == rec["text"]
        assert "\n\n" not in rec["text"]                        # a paragraph each


def test_rule_seconds_account_for_every_rule_within_the_pass(tmp_path):
    corpus, _, _ = _corpus(tmp_path)
    total, seconds = bench.rule_seconds(corpus)
    assert "spacing.split-fused-words" in seconds and "quality.score" in seconds
    assert all(s >= 0 for s in seconds.values()) and sum(seconds.values()) <= total


def test_the_fresh_corpus_holds_each_text_once(tmp_path):
    corpus, records, size = _corpus(tmp_path, mb=0.1)          # the texts repeat
    mb = bench.write_distinct(corpus, tmp_path / "fresh.jsonl")
    texts = [json.loads(line)["text"] for line in (tmp_path / "fresh.jsonl").read_text("utf-8").splitlines()]
    assert len(texts) == len(set(texts)) < records
    assert mb == sum(len(t.encode("utf-8")) for t in texts) / 1e6 < size / 1e6


def test_rounds_take_the_measures_in_turn_and_ratios_pair_them():
    calls = []
    first = lambda: calls.append("a") or 10.0 * len(calls)      # noqa: E731
    second = lambda: calls.append("b") or 1.0 * len(calls)      # noqa: E731
    tops, bottoms = bench.rounds(3, first, second)
    assert calls == ["a", "b"] * 3
    assert tops == [10.0, 30.0, 50.0] and bottoms == [2.0, 4.0, 6.0]
    assert bench.ratio(tops, bottoms) == 7.5                        # 5, 7.5, 8.33...


def test_ftfy_and_both_job_counts_are_measured_on_the_same_corpus(tmp_path):
    corpus, records, _ = _corpus(tmp_path)
    ftfys, ones, twos, same = bench.ftfy_and_jobs(corpus, tmp_path, 1)
    assert len(ftfys) == len(ones) == len(twos) == 1 and same
    assert (tmp_path / "jobs1.jsonl").read_bytes().count(b"\n") == records
    assert bench.ftfy_and_jobs(corpus, tmp_path, 1, with_ftfy=False)[0] == []


def test_the_parallel_bound_spreads_all_but_the_start_up_over_the_workers():
    # one core: 10 s; two workers spent 11 s of CPU, 1 s of it the start-up
    assert bench.parallel_bound([(10.0, 10.0)], [(6.5, 11.0)], 1.0, 1.0) == 10.0 / 6.0
    # no CPU spent again: the bound nears the number of workers as start-up vanishes
    assert bench.parallel_bound([(100.0, 100.0)], [(51.0, 100.0)], 0.0, 0.0) == 2.0
    # the median of the rounds
    assert bench.parallel_bound([(10.0, 10.0)] * 3, [(6.0, 10.0), (6.0, 12.0), (6.0, 14.0)],
                                0.0, 0.0) == 10.0 / 6.0
