"""The watchdog: in the ``klartext`` process and its workers one CPU alarm
guards the user patterns instead of a clock read on every call; a runaway
pattern is stopped either way, with the same message, and a thread, the
Python API or a forked child keeps the per-call timeout."""

from __future__ import annotations

import json
import multiprocessing
import shutil
import signal
import threading
import time
from dataclasses import replace

import pytest
import regex

from pipeline import load_rules, patterns
from pipeline.patterns import GuardedPattern, RuleTimeout, guarded, matches
from pipeline.watchdog import WATCH, watched

from .test_cli import ROOT, err, klartext

RUNAWAY = regex.compile("(a|aa)+$")
HOSTILE = "a" * 60 + "!"
needs_signals = pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="no interval timers")


class Recorder:
    """A pattern method that records how it was called."""

    def __init__(self) -> None:
        self.kwargs: list[dict] = []

    def __call__(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN204
        self.kwargs.append(kwargs)
        return iter([1, 2])


@needs_signals
def test_a_watched_call_reads_no_clock_and_an_unwatched_one_has_its_timeout():
    method = Recorder()
    assert guarded("x", 1.0, method, "text", listed=True) == [1, 2]
    with watched():
        assert guarded("x", 1.0, method, "text", listed=True) == [1, 2]
        assert WATCH.get() is not None and WATCH.get().running is None   # cleared after the call
        seen = []
        thread = threading.Thread(target=lambda: seen.append(guarded("x", 1.0, method, "t")))
        thread.start()
        thread.join()
    assert method.kwargs == [{"timeout": 1.0}, {}, {"timeout": 1.0}]
    assert WATCH.get() is None


@needs_signals
def test_watched_gives_the_alarm_and_the_handler_back():
    def mine(signum, frame):  # noqa: ANN001, ANN202
        return None

    previous = signal.signal(signal.SIGPROF, mine)
    try:
        with watched():
            assert signal.getitimer(signal.ITIMER_PROF)[1] > 0
            assert signal.getsignal(signal.SIGPROF) is not mine
        assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGPROF) is mine
        signal.setitimer(signal.ITIMER_PROF, 500.0, 500.0)    # a profiler's, say
        with watched():
            assert signal.getitimer(signal.ITIMER_PROF)[1] < 1
        assert signal.getitimer(signal.ITIMER_PROF)[1] == 500.0
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@needs_signals
@pytest.mark.parametrize("watch", [False, True], ids=["per-call-timeout", "watchdog"])
def test_a_runaway_rule_pattern_is_stopped_with_the_rule_named(monkeypatch, watch):
    monkeypatch.setattr(patterns, "REGEX_TIMEOUT", 0.3)
    rules = load_rules(ROOT / "rules")
    rule = rules.get("spacing.one-space")
    rule = replace(rule, pattern=RUNAWAY, requires=(), requires_scan=None)
    start = time.process_time()
    with pytest.raises(RuleTimeout) as exc:
        if watch:
            with watched():
                matches(rule, HOSTILE)
        else:
            matches(rule, HOSTILE)
    assert time.process_time() - start < 3
    assert str(exc.value).startswith(f"rule spacing.one-space ({rule.where}) timed out after 0.3")


@needs_signals
def test_a_runaway_parameter_pattern_is_stopped_under_the_watchdog(monkeypatch):
    monkeypatch.setattr(patterns, "REGEX_TIMEOUT", 0.3)
    with pytest.raises(RuleTimeout, match=r"^spacing.test params.skip timed out after 0.3"), watched():
        GuardedPattern(RUNAWAY, "spacing.test params.skip").search(HOSTILE)


def _watch_in_child(queue) -> None:  # noqa: ANN001
    queue.put(WATCH.get() is None)


@needs_signals
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork")
def test_a_forked_child_times_each_call_itself():
    """It has no alarm of its parent's (timers are not inherited), so it must
    not count on one."""
    with watched():
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        child = ctx.Process(target=_watch_in_child, args=(queue,))
        child.start()
        child.join()
        assert queue.get(timeout=10) is True


def test_a_runaway_pattern_in_a_worker_process_fails_its_record_only(tmp_path):
    """``--jobs 2`` on enough records for the workers: each worker keeps its
    own alarm, and the one record that runs away is one line of error."""
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    with open(rules / "unicode.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[[rule]]\nid = "unicode.test-runaway"\ndescription = "Test."\n'
                 'pattern = \'(a|aa)+$\'\nreplace = "x"\n')
    records = [{"id": f"r{i}", "text": HOSTILE if i == 150 else f"Ein Text Nummer {i}."}
               for i in range(200)]
    stdin = "".join(json.dumps(r) + "\n" for r in records)
    proc = klartext("--rules", rules, "clean", "--jsonl", "--jobs", "2", "--quiet", stdin=stdin)
    assert proc.returncode == 1, err(proc)
    (line,) = err(proc).splitlines()
    assert line.startswith("stdin:151: rule unicode.test-runaway (") and "timed out" in line, line
    out = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    assert [r["id"] for r in out] == [r["id"] for r in records]
    assert "error" in out[150] and all("error" not in r for r in out[:150] + out[151:])
