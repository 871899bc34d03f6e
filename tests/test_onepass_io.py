"""Issue 12, the rest of "the same answer every time, nothing lost": bytes
that come back as they were read, inputs that cannot stop or stall a batch,
output folders that one run holds at a time, and exit codes that never lie
(rules that fail at load: test_onepass_rules.py).  One test (at least) per
bullet of the issue; `klartext` runs as a user runs it, in a subprocess,
except where only the process itself can be asked (a lock held, a word
never handed to the splitter)."""

from __future__ import annotations

import codecs
import fcntl
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline import clean, cli, restore
from pipeline.core import Document
from pipeline.io.inputs import iter_paths
from pipeline.io.writers import _record_pieces, record, rendered, write_record
from pipeline.stages.fusion import Splitter

from .test_cli import ROOT, err, jsonl, klartext

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")


def corpus(outdir: Path) -> list[dict]:
    return jsonl((outdir / "corpus.jsonl").read_text(encoding="utf-8"))


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in err(proc), err(proc)


# --- restore: the bytes that were read --------------------------------------------------

TEXT = "„Grüße“ aus Köln\u00a0– für 5 €.\r\nZweite  Zeile."


ENCODED = {
    "utf-16-le-bom": (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
    "utf-16-be-bom": (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
    "utf-32-le-bom": (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
    "utf-8-bom": (codecs.BOM_UTF8 + TEXT.encode("utf-8"), None, True),
    "cp1252": (TEXT.encode("cp1252"), "cp1252", False),
    "latin-1": (TEXT.replace("„", '"').replace("“", '"').replace("–", "-").replace("€", "EUR")
                .encode("latin-1") + b"\x81", "latin-1", False),
}


def _restore(capsysbinary, *args: object) -> bytes:
    assert cli.main(["restore", *map(str, args)]) == 0
    return capsysbinary.readouterr().out  # type: ignore[no-any-return]


def test_restore_gives_back_the_bytes_that_were_read(tmp_path, capsysbinary):
    """Each encoding once, cleaned in one run as a user runs it; restored
    in this process (restore needs no rules)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (raw, _, _) in ENCODED.items():
        (folder / f"{name}.txt").write_bytes(raw)
    proc = klartext("clean", folder, "--out", tmp_path / "out", "-q")
    assert proc.returncode == 0, err(proc)
    records = {r["id"]: r for r in corpus(tmp_path / "out")}
    assert sorted(records) == sorted(ENCODED)
    corpus_file = tmp_path / "out" / "corpus.jsonl"
    for name, (raw, codec, bom) in ENCODED.items():
        rec = records[name]
        assert rec["meta"].get("encoding") == codec, name
        assert rec["meta"].get("bom", False) is bom, name
        assert rec["text"].startswith("„Grüße“") and "\ufeff" not in rec["text"], name
        assert _restore(capsysbinary, corpus_file, "--id", name) == raw, name
        assert _restore(capsysbinary, corpus_file, "--id", name, "--text") == \
            raw.decode(codec or "utf-8").encode("utf-8"), name
    _restore(capsysbinary, corpus_file, "--out", tmp_path / "back")
    for name, (raw, _, _) in ENCODED.items():
        assert (tmp_path / "back" / f"{name}.txt").read_bytes() == raw, name


# --- inputs that stop or stall a batch ----------------------------------------------------


def test_long_words_and_lines_are_cleaned(rules):
    """The shapes that were quadratic (a 1 MB word, a long CamelCase word)
    or timed out (a long line of capitalised words) come through whole.
    `make bench-large` measures their time; here they only have to end."""
    word = "a" * 1_000_000
    assert clean(word, rules).text == word + "\n"
    camel = "Ab" * 100_000
    assert clean(camel, rules).text == camel + "\n"
    line = "KyivUndMoskau " * 40_000
    doc = clean(line, rules)   # (a form that recurs is a name: left whole)
    assert doc.text.count("\n") == 1 and restore(doc.text, doc.changes) == line


def test_the_splitter_never_sees_a_token_longer_than_its_limit(rules, monkeypatch):
    """Linear time by construction: the cut search is quadratic in a token's
    length, so no token above ``max_token`` reaches it."""
    seen: list[int] = []
    segment = Splitter.segment_at

    def recording(self, token, *args):  # noqa: ANN001, ANN202
        seen.append(len(token))
        return segment(self, token, *args)

    monkeypatch.setattr(Splitter, "segment_at", recording)
    limit = rules.get("spacing.split-fused-words").settings.max_token
    doc = clean("Der Präsident sagte, dass dieRegierung und der Kanzler mit dem Plan nicht "
                "zufrieden sind: " + "Ab" * 5000 + " und sagteKyivund" + "x" * 70 + ".", rules)
    assert not doc.passthrough and "die Regierung" in doc.text
    assert seen and max(seen) <= limit


def test_a_folder_nested_1100_deep_is_walked_without_recursion(tmp_path):
    root = tmp_path / "in"
    deep = root
    root.mkdir()
    for _ in range(1100):   # (pathlib's mkdir(parents=True) would recurse itself)
        deep = deep / "d"
        deep.mkdir()
    (root / "a.txt").write_text("Oben.", encoding="utf-8")
    (deep / "z.txt").write_text("Ganz unten.", encoding="utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(200)   # the walk needs no stack, not even a short one
    try:
        found = [p for p in iter_paths([root]) if isinstance(p, Path)]
    finally:
        sys.setrecursionlimit(limit)
    assert [p.name for p in found] == ["a.txt", "z.txt"]
    try:
        proc = klartext("clean", root, "--out", tmp_path / "out")
        assert proc.returncode == 0, err(proc)
        assert [r["text"] for r in corpus(tmp_path / "out")] == ["Oben.\n", "Ganz unten.\n"]
    finally:   # bottom up: shutil.rmtree (and pytest's clean-up) would recurse 1,100 deep
        (deep / "z.txt").unlink()
        while deep != root:
            deep.rmdir()
            deep = deep.parent


def test_devices_and_fifos_are_named_and_skipped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Erster Text.", encoding="utf-8")
    os.mkfifo(folder / "b.txt")             # nobody will ever write to it
    (folder / "c.txt").write_text("Letzter Text.", encoding="utf-8")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    proc = klartext("clean", folder, "/dev/zero", fifo, "--out", tmp_path / "out")
    assert proc.returncode == 1
    no_traceback(proc)
    assert err(proc).splitlines() == [
        f"{folder / 'b.txt'}: not a regular file (a FIFO); skipped",
        "/dev/zero: not a regular file (a character device); skipped",
        f"{fifo}: not a regular file (a FIFO); skipped"]
    assert [r["id"] for r in corpus(tmp_path / "out")] == ["a", "c"]


def _deep_json(depth: int) -> bytes:
    return b'{"id": "deep", "text": "x", "x": ' + b"[" * depth + b"]" * depth + b"}"


def test_bad_jsonl_records_fail_alone_and_stdout_stays_utf8_jsonl(tmp_path):
    lines = [
        codecs.BOM_UTF8 + json.dumps({"id": "a", "text": "Erster Text."}).encode(),
        b'{"id": "bad-bytes", "text": "Gr\xfc\xdfe"}',                      # 2: not UTF-8
        b'{"id": "lone", "text": "a \\ud800 b"}',                           # 3: lone surrogate
        b'{"id": "pair", "text": "ein \\ud83d\\ude00 Smiley"}',             # 4: a proper pair
        json.dumps({"id": 123, "text": "Zahl."}).encode(),                  # 5
        json.dumps({"id": "123", "text": "Text."}).encode(),                # 6: another id
        json.dumps({"id": 123, "text": "Wieder."}).encode(),                # 7: duplicate
        _deep_json(100_000),                                                # 8: too deep
        json.dumps({"id": [1], "text": "x"}).encode(),                      # 9: id of no kind
        json.dumps({"id": "z", "text": "Letzter Text."}).encode(),
    ]
    stdin = b"\n".join(lines) + b"\n"
    proc = klartext("clean", "--jsonl", stdin=stdin)
    assert proc.returncode == 1
    no_traceback(proc)
    records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    good = [(r["id"], r["text"]) for r in records if "error" not in r]
    assert good == [("a", "Erster Text.\n"), ("pair", "ein 😀 Smiley\n"), (123, "Zahl.\n"),
                    ("123", "Text.\n"), ("z", "Letzter Text.\n")]
    failed = {r["line"]: r["id"] for r in records if "error" in r}
    assert failed == {3: "lone", 7: 123}   # the others have no id that can be read
    messages = dict(line.split(": ", 1) for line in err(proc).splitlines())
    assert set(messages) == {f"stdin:{n}" for n in (2, 3, 7, 8, 9)}
    assert messages["stdin:2"].startswith("not UTF-8 (byte 0xfc")
    assert messages["stdin:3"].startswith("lone surrogate in record.text")
    assert messages["stdin:7"] == "duplicate id 123"
    assert messages["stdin:8"] == "invalid JSON: nested too deep"
    assert messages["stdin:9"].startswith("id must be a string or an integer")
    proc = klartext("clean", "--jsonl", "--out", tmp_path / "out", stdin=stdin)
    assert proc.returncode == 1
    assert [r["id"] for r in corpus(tmp_path / "out")] == ["a", "pair", 123, "123", "z"]
    assert sorted(p.name for p in (tmp_path / "out" / "text").iterdir()) == \
        ["123-2.txt", "123.txt", "a.txt", "pair.txt", "z.txt"]


def test_a_string_utf8_cannot_hold_is_written_escaped(tmp_path):
    """Belt and braces: should a rule ever produce a lone surrogate, the
    record is still valid UTF-8 JSON, with the surrogate escaped."""
    doc = Document("d", "a\ud800b")
    with open(tmp_path / "out.jsonl", "w", encoding="utf-8") as fh:
        write_record(fh, doc, {})
    rec = json.loads((tmp_path / "out.jsonl").read_bytes().decode("utf-8"))
    assert rec["text"] == "a\ud800b"
    doc = Document("d", "a\ud800b", "Köln.txt")
    line = rendered(doc, {}).line
    assert '"Köln.txt"' in line and '"a\\ud800b"' in line     # only that field is escaped


def test_a_record_is_the_same_bytes_made_whole_or_piece_by_piece():
    doc = clean("Der Präsident der UkraineVolodymyr Zelenskyywurde „nicht“ eingeladen , sagte er.\n\n"
                "Zweiter Absatz.", doc_id="x")
    assert doc.changes and doc.blocks
    extra = {"id": 7, "file": "text/x.txt"}
    assert rendered(doc, extra).line == "".join(_record_pieces(doc, extra)) == \
        json.dumps(record(doc, extra), ensure_ascii=False) + "\n"


# --- output folders --------------------------------------------------------------------------


def test_a_second_run_on_a_held_folder_stops_with_a_message(tmp_path):
    (tmp_path / "in.txt").write_text("Ein Text.", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "corpus.jsonl").write_text("OLD\n", encoding="utf-8")
    fd = os.open(out, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)   # as a running klartext holds it
    try:
        proc = klartext("clean", tmp_path / "in.txt", "--out", out)
    finally:
        os.close(fd)
    assert proc.returncode == 1
    assert err(proc) == (f"klartext: {out}: another klartext run is writing this output "
                         "folder; wait until it has finished, or use another --out\n")
    assert (out / "corpus.jsonl").read_text(encoding="utf-8") == "OLD\n"
    proc = klartext("clean", tmp_path / "in.txt", "--out", out)
    assert proc.returncode == 0, err(proc)


def _held(folder: Path) -> bool:
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


def _long_input(folder: Path) -> None:
    folder.mkdir()
    rng = random.Random(2)
    words = "der die das und mit für über nicht wurde Regierung Präsident Treffen".split()
    for i in range(3):
        (folder / f"{i}.txt").write_text(" ".join(rng.choice(words) for _ in range(150_000)),
                                         encoding="utf-8")


def test_two_runs_on_one_folder_never_mix(tmp_path):
    """A real second run while the first is working: it stops, the first
    finishes with its own documents only."""
    _long_input(tmp_path / "first")
    (tmp_path / "second").mkdir()
    (tmp_path / "second" / "other.txt").write_text("Anderer Text.", encoding="utf-8")
    out = tmp_path / "out"
    first = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", tmp_path / "first",
                              "--out", out], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    while not (out.is_dir() and _held(out)) and first.poll() is None:
        time.sleep(0.05)
    proc = klartext("clean", tmp_path / "second", "--out", out)
    _, stderr = first.communicate(timeout=900)
    assert first.returncode == 0, stderr
    assert proc.returncode == 1 and "another klartext run" in err(proc)
    assert [r["id"] for r in corpus(out)] == ["0", "1", "2"]
    assert sorted(p.name for p in (out / "text").iterdir()) == ["0.txt", "1.txt", "2.txt"]


def test_the_output_is_never_read_back_as_input(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "a.txt").write_text("Ein  Text.", encoding="utf-8")
    for _ in range(2):   # the second run must not find d/text/a.txt
        proc = klartext("clean", folder, "--out", folder)
        assert proc.returncode == 0, err(proc)
        assert [(r["id"], r["origin"]) for r in corpus(folder)] == [("a", str(folder / "a.txt"))]
    proc = klartext("clean", folder / "text" / "a.txt", "--out", folder)
    assert proc.returncode == 1
    assert err(proc) == (f"{folder / 'text' / 'a.txt'}: inside the output folder {folder}; "
                         "not read as input\n")


def test_stale_texts_go_once_the_new_corpus_is_in_place(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a", "b"):
        (folder / f"{name}.txt").write_text(f"Text {name}.", encoding="utf-8")
    out = tmp_path / "out"
    assert klartext("clean", folder, "--out", out).returncode == 0
    (folder / "b.txt").unlink()
    (out / "text" / "notes.md").write_text("not ours", encoding="utf-8")
    assert klartext("clean", folder, "--out", out).returncode == 0
    assert sorted(p.name for p in (out / "text").iterdir()) == ["a.txt", "notes.md"]
    assert [r["id"] for r in corpus(out)] == ["a"]


def test_an_interrupted_run_keeps_the_last_complete_texts(tmp_path):
    _long_input(tmp_path / "in")
    out = tmp_path / "out"
    (out / "text").mkdir(parents=True)
    (out / "text" / "gone.txt").write_text("from the last run\n", encoding="utf-8")
    (out / "corpus.jsonl").write_text("OLD\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", tmp_path / "in",
                             "--out", out], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    while not (out / "text" / "0.txt").exists() and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=600)
    assert proc.returncode == 128 + signal.SIGTERM
    assert (out / "text" / "gone.txt").read_text(encoding="utf-8") == "from the last run\n"
    assert (out / "corpus.jsonl").read_text(encoding="utf-8") == "OLD\n"


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def test_stray_temp_files_of_a_killed_run_are_removed_by_the_next(tmp_path):
    """kill -9 of a run with worker processes: its temporary corpus stays
    behind, and so may its workers (orphans, which fork copied the lock's
    descriptor to); the next run still gets the folder and removes the
    temporary files, and only those."""
    _long_input(tmp_path / "in")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", tmp_path / "in",
                             "--out", out, "--jobs", "2"], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not (list(out.glob(".corpus.jsonl.*.tmp")) and _children(proc.pid)) and \
            proc.poll() is None:
        time.sleep(0.05)
    workers = _children(proc.pid)
    proc.kill()   # kill -9: no handler runs, the temp file stays
    proc.wait(timeout=60)
    try:
        assert workers and list(out.glob(".corpus.jsonl.*.tmp"))
        (out / "keep.tmp").write_text("a user's file, not ours", encoding="utf-8")
        (tmp_path / "small.txt").write_text("Ein Text.", encoding="utf-8")
        again = klartext("clean", tmp_path / "small.txt", "--out", out)
        assert again.returncode == 0, err(again)
        assert sorted(p.name for p in out.rglob("*.tmp")) == ["keep.tmp"]
    finally:
        for pid in workers:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- exit codes that never lie ------------------------------------------------------------------


def test_a_reader_that_goes_away_is_not_success(tmp_path):
    records = tmp_path / "in.jsonl"
    records.write_text("".join(json.dumps({"id": str(i), "text": "Ein Text."}) + "\n"
                               for i in range(3000)), encoding="utf-8")
    with open(records, "rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-m", "pipeline", "clean", "--jsonl"],
                                cwd=ROOT, stdin=stdin, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        proc.stdout.readline()
        proc.stdout.close()   # like `| head -1`
        stderr = proc.stderr.read()
        proc.wait(timeout=600)
    assert proc.returncode == 128 + signal.SIGPIPE
    assert b"Traceback" not in stderr


def test_the_last_lines_are_written_before_the_quick_exit(tmp_path):
    """``python -m pipeline`` leaves without taking its tables apart
    (``cli.run``): what is still buffered reaches stdout, or its failure
    is reported and is no success."""
    records = tmp_path / "in.jsonl"
    records.write_text("".join(json.dumps({"id": str(i), "text": f"Ein Text {i}."}) + "\n"
                               for i in range(3)), encoding="utf-8")
    with open(records, "rb") as stdin:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "clean", "--jsonl"], cwd=ROOT,
                              stdin=stdin, capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(line)["id"] for line in proc.stdout.splitlines()] == \
        [str(i) for i in range(3)]
    if not Path("/dev/full").exists():
        return
    with open(records, "rb") as stdin, open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "clean", "--jsonl"], cwd=ROOT,
                              stdin=stdin, stdout=full, stderr=subprocess.PIPE, timeout=600)
    assert proc.returncode == 1
    assert b"klartext: cannot write output: No space left on device" in proc.stderr
    assert b"Traceback" not in proc.stderr and b"Exception ignored" not in proc.stderr


def test_a_reader_gone_before_the_last_flush_is_not_success(tmp_path):
    """The whole output fits the buffer, and the pipe is closed before the
    exit flushes it: the exit code says so, without Python's own message."""
    read, write = os.pipe()
    os.close(read)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "clean", "--jsonl", "--quiet"],
                          cwd=ROOT, input=json.dumps({"id": "1", "text": "Ein Text."}).encode(),
                          stdout=write, stderr=subprocess.PIPE, timeout=600)
    os.close(write)
    assert proc.returncode == 128 + signal.SIGPIPE
    assert proc.stderr == b""

def test_rules_list_and_check_say_when_an_input_failed(tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\x00binary\x00")
    for command in (("rules", "list"), ("rules", "check"), ("rules", "show", "spacing.dash")):
        proc = klartext(*command, tmp_path)
        assert proc.returncode == 1, (command, err(proc))
        assert f"{tmp_path / 'bad.txt'}: not a text file" in err(proc)
