"""Parallel cleaning gives the bytes of one core: ``--jobs 2`` and a
2-worker Dask LocalCluster write what ``--jobs 1`` writes, in input order."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from pipeline.io.parallel import CHUNK_CHARS, CHUNK_DOCS, chunks, clean_all, ordered

from .test_cli import ROOT, SEEDS, err, klartext

#: enough documents for several chunks (CHUNK_DOCS each), so that work
#: really is spread over workers and comes back out of order
COPIES = 3 * CHUNK_DOCS // len(SEEDS) + 1


def test_chunks_keep_order_and_start_anew_before_an_overflowing_item():
    sizes = [10, CHUNK_CHARS - 20, 30, 5, CHUNK_CHARS * 2, 1]
    got = list(chunks(range(len(sizes)), lambda i: sizes[i]))
    assert got == [[0, 1], [2, 3], [4], [5]]
    assert [len(c) for c in chunks(range(CHUNK_DOCS + 1), lambda i: 1)] == [CHUNK_DOCS, 1]


def test_ordered_returns_results_in_submission_order_within_the_window():
    submitted: list[int] = []

    class Done:
        def __init__(self, batch):
            self.batch = batch

        def result(self):
            # never more than the window out at once
            assert len(submitted) - self.batch[0] <= 3
            return [x * 10 for x in self.batch]

    def submit(batch):
        submitted.append(batch[0])
        return Done(batch)

    assert list(ordered(submit, ([i] for i in range(10)), window=3)) == \
        [i * 10 for i in range(10)]


def _with_pid(cleaner, batch):
    """A task that tells which process ran it."""
    return [(x, os.getpid()) for x in batch]


def test_clean_all_runs_in_process_for_one_chunk_and_on_workers_otherwise(rules):
    task = _with_pid
    one = list(clean_all(rules, task, range(5), lambda _: 1, jobs=2))
    assert [x for x, _ in one] == list(range(5)) and {p for _, p in one} == {os.getpid()}
    many = list(clean_all(rules, task, range(3 * CHUNK_DOCS), lambda _: 1, jobs=2))
    assert [x for x, _ in many] == list(range(3 * CHUNK_DOCS))
    assert os.getpid() not in {p for _, p in many}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for n in range(COPIES):
        for seed in SEEDS:
            (folder / f"{n:03d}_{seed.name}").write_bytes(seed.read_bytes())
    return folder


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def one_core(corpus, tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("jobs1")
    proc = klartext("clean", corpus, "--out", out, "--jobs", "1")
    assert proc.returncode == 0, err(proc)
    return _tree(out)


@pytest.mark.parametrize("how", [("--jobs", "2"), ("--dask", "local", "--jobs", "2")],
                         ids=["jobs-2", "dask-local"])
def test_parallel_folder_output_is_byte_identical_to_one_core(corpus, one_core, tmp_path, how):
    proc = klartext("clean", corpus, "--out", tmp_path, *how)
    assert proc.returncode == 0, err(proc)
    assert err(proc) == ""
    got = _tree(tmp_path)
    assert sorted(got) == sorted(one_core)
    assert [name for name in got if got[name] != one_core[name]] == []
    assert len([n for n in got if n.startswith("text")]) == COPIES * len(SEEDS)


def test_parallel_json_lines_are_byte_identical_and_in_input_order():
    records = [json.dumps({"id": f"r{n}-{s.stem}", "text": s.read_text("utf-8")},
                          ensure_ascii=False)
               for n in range(COPIES) for s in SEEDS]
    stdin = ("\n".join(records) + "\n").encode("utf-8")
    one = klartext("clean", "--jsonl", "--jobs", "1", stdin=stdin)
    two = klartext("clean", "--jsonl", "--jobs", "2", stdin=stdin)
    assert one.returncode == two.returncode == 0, err(two)
    assert one.stdout == two.stdout
    ids = [json.loads(line)["id"] for line in two.stdout.decode("utf-8").splitlines()]
    assert ids == [json.loads(r)["id"] for r in records]


def test_jobs_must_be_positive():
    proc = klartext("clean", "--jsonl", "--jobs", "0", stdin=b"")
    assert proc.returncode == 2 and "--jobs must be at least 1" in err(proc)


def test_the_readme_shows_jobs_dask_and_quiet():
    readme = (ROOT / "README.md").read_text("utf-8")
    for option in ("--jobs", "--dask", "--quiet", "dask scheduler", "dask worker"):
        assert option in readme, option
