"""The ``klartext`` command, run as a user runs it: a subprocess in the
repository root, outputs in tmp_path."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import __version__

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
SEED = SEEDS[0]
RECORD_FIELDS = {"id", "origin", "meta", "text", "blocks", "lang", "lang_confidence",
                 "quality", "quality_reasons", "changes", "flags"}
CHANGE_FIELDS = {"rule", "stage", "start", "end", "before", "after", "step", "at"}
FLAG_FIELDS = {"rule", "stage", "start", "end", "text", "message"}
PROBLEM = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<id>[a-z0-9.-]+): (?P<problem>.+)$")
README_IN = "Die EU - mit Ausnahme Ungarns - machte klar, dass US -Truppen bleiben."
README_OUT = "Die EU – mit Ausnahme Ungarns – machte klar, dass US-Truppen bleiben.\n"


def klartext(*args: object, stdin: str | bytes = b"") -> subprocess.CompletedProcess:
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          input=data, capture_output=True, timeout=600)


def out(proc: subprocess.CompletedProcess) -> str:
    return proc.stdout.decode("utf-8")


#: the line every clean run ends with; tests of other things leave it out
#: of what they compare (test_summary_line_and_quiet tests it)
SUMMARY_LINE = re.compile(r"^klartext: \d+ document\(s\) cleaned, .*\n?", re.M)


def err(proc: subprocess.CompletedProcess, summary: bool = False) -> str:
    text = proc.stderr.decode("utf-8")
    return text if summary else SUMMARY_LINE.sub("", text)


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory):
    """One `clean seeds --out DIR` run shared by the tests that read its output."""
    outdir = tmp_path_factory.mktemp("cleaned")
    return klartext("clean", "seeds", "--out", outdir), outdir


# --- clean --------------------------------------------------------------------------


def test_clean_seeds_writes_text_corpus_and_summary(cleaned):
    proc, outdir = cleaned
    assert proc.returncode == 0, err(proc)
    assert len(SEEDS) == 5
    records = jsonl((outdir / "corpus.jsonl").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [p.stem for p in SEEDS]
    for path, rec in zip(SEEDS, records):
        text = (outdir / "text" / f"{path.stem}.txt").read_text(encoding="utf-8")
        assert text and text.endswith("\n") and not text.endswith("\n\n")
        assert rec["text"] == text
        assert RECORD_FIELDS <= set(rec), RECORD_FIELDS - set(rec)
        assert Path(rec["origin"]).name == path.name
        assert isinstance(rec["meta"], dict) and 0 <= rec["quality"] <= 1
        assert all(set(b) == {"kind", "text", "lang"} and "\n" not in b["text"]
                   for b in rec["blocks"])
        assert "\n\n".join(b["text"] for b in rec["blocks"]) + "\n" == text
        assert rec["changes"] and all(CHANGE_FIELDS <= set(c) for c in rec["changes"])
        assert all(FLAG_FIELDS <= set(f) for f in rec["flags"])
    summary = json.loads((outdir / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 5 and summary["failed"] == []
    assert len(summary["per_document"]) == 5
    assert sum(summary["changes_per_stage"].values()) == sum(len(r["changes"]) for r in records)


def test_clean_stdin_writes_clean_text():
    proc = klartext("clean", "-", stdin=README_IN)
    assert proc.returncode == 0, err(proc)
    assert out(proc) == README_OUT


def test_clean_jsonl_keeps_unknown_fields_and_order():
    lines = [{"id": "b", "text": README_IN, "url": "https://example.org/b", "n": [1, 2]},
             {"id": "a", "text": "Kyiv und Zelenskyy.", "meta_extra": {"k": "v"}}]
    proc = klartext("clean", "--jsonl",
                    stdin="".join(json.dumps(r, ensure_ascii=False) + "\n\n" for r in lines))
    assert proc.returncode == 0, err(proc)
    records = jsonl(out(proc))
    assert [r["id"] for r in records] == ["b", "a"]
    assert records[0]["url"] == "https://example.org/b" and records[0]["n"] == [1, 2]
    assert records[0]["text"] == README_OUT
    assert records[1]["meta_extra"] == {"k": "v"}
    assert records[1]["text"] == "Kiew und Selenskyj.\n"
    assert all(RECORD_FIELDS <= set(r) for r in records)


def test_clean_jsonl_bad_lines_fail_alone():
    stdin = "\n".join([
        json.dumps({"id": "x", "text": "Erster Text."}),
        '{"id": "broken", "text": ',                        # line 2: invalid JSON
        json.dumps({"id": "y", "title": "kein Text"}),        # line 3: no text
        json.dumps({"id": "x", "text": "Noch einmal x."}),    # line 4: duplicate id
        json.dumps({"id": "z", "text": "Letzter Text."}),
    ]) + "\n"
    proc = klartext("clean", "--jsonl", stdin=stdin)
    assert proc.returncode == 1
    records = jsonl(out(proc))
    assert [r["id"] for r in records] == ["x", "y", "x", "z"]
    assert records[0]["text"] == "Erster Text.\n" and "error" not in records[0]
    assert records[3]["text"] == "Letzter Text.\n" and "error" not in records[3]
    for rec in records[1:3]:
        assert {"id", "error"} <= set(rec) and "text" not in rec
    assert "duplicate" in records[2]["error"]
    lines = err(proc).splitlines()
    assert any(line.startswith("stdin:2:") for line in lines), lines
    assert any(line.startswith("stdin:3:") for line in lines), lines
    assert any(line.startswith("stdin:4:") for line in lines), lines
    assert "Traceback" not in err(proc)


# --- restore ------------------------------------------------------------------------


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_restore_by_id_gives_back_the_seed(cleaned, path):
    _, outdir = cleaned
    proc = klartext("restore", outdir / "corpus.jsonl", "--id", path.stem)
    assert proc.returncode == 0, err(proc)
    assert proc.stdout == path.read_bytes()


def test_restore_into_directory_gives_back_every_seed(cleaned, tmp_path):
    _, outdir = cleaned
    proc = klartext("restore", outdir / "corpus.jsonl", "--out", tmp_path / "restored")
    assert proc.returncode == 0, err(proc)
    assert sorted(p.name for p in (tmp_path / "restored").iterdir()) == [p.name for p in SEEDS]
    for path in SEEDS:
        assert (tmp_path / "restored" / path.name).read_bytes() == path.read_bytes()


# --- explain (check: tests/test_lint.py) ---------------------------------------------


def test_explain_prints_every_rule_id(cleaned):
    _, outdir = cleaned
    rec = jsonl((outdir / "corpus.jsonl").read_text(encoding="utf-8"))[0]
    proc = klartext("explain", SEED)
    assert proc.returncode == 0, err(proc)
    text = out(proc)
    assert text.startswith(f"== {SEED}: {len(rec['changes'])} changes")
    for rule_id in {c["rule"] for c in rec["changes"]} | {f["rule"] for f in rec["flags"]}:
        assert f": {rule_id} " in text, rule_id


def test_explain_names_place_and_rule(tmp_path):
    target = tmp_path / "eu.txt"
    target.write_text(README_IN, encoding="utf-8")
    proc = klartext("explain", target)
    assert proc.returncode == 0, err(proc)
    text = out(proc)
    assert f"{target}:1:7: spacing.dash ' -' → ' –'" in text
    col = README_IN.index(" -Truppen") + 1
    assert f"{target}:1:{col}: spacing.compound-hyphen ' -' → '-'" in text
    assert "structure.final-newline" in text


# --- inputs that fail ---------------------------------------------------------------


@pytest.mark.parametrize("bad, message", [
    (None, "no such file or directory"),
    (b"text\x00with a NUL\x00", "not a text file"),
])
def test_bad_input_is_named_and_the_rest_is_written(tmp_path, bad, message):
    path = tmp_path / "input.txt"
    if bad is not None:
        path.write_bytes(bad)
    proc = klartext("clean", SEED, path, SEEDS[1], "--out", tmp_path / "out")
    assert proc.returncode == 1
    assert err(proc).splitlines() == [f"{path}: {message}"]
    assert "Traceback" not in err(proc)
    assert sorted(p.name for p in (tmp_path / "out" / "text").iterdir()) == \
        [SEED.name, SEEDS[1].name]
    records = jsonl((tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8"))
    assert [r["id"] for r in records] == [SEED.stem, SEEDS[1].stem]


# --- broken rules -------------------------------------------------------------------

RULE = '\n[[rule]]\nid = "{id}"\ndescription = "Test rule."\npattern = {pattern}\nreplace = "x"\n'


def _append(path: Path, text: str, marker: str) -> int:
    """Append to a rule file; the line number of ``marker`` in what was added."""
    before = path.read_text(encoding="utf-8")
    path.write_text(before + text, encoding="utf-8")
    return (before + text).splitlines().index(marker, len(before.splitlines())) + 1


def _break(rules: Path, kind: str) -> tuple[Path, int, str]:
    """Break one rule; the file, line and rule id the loader must name."""
    target = rules / "unicode.toml"
    if kind == "unknown key":
        text = RULE.format(id="unicode.test-broken", pattern="'a'") + "colour = 1\n"
    elif kind == "bad regex":
        text = RULE.format(id="unicode.test-broken", pattern="'(a'")
    elif kind == "duplicate id":
        _append(rules / "spacing.toml", RULE.format(id="unicode.test-broken", pattern="'a'"),
                'id = "unicode.test-broken"')
        text = RULE.format(id="unicode.test-broken", pattern="'b'")
    else:
        line = _append(target, "\n[[rule]\nid = 'x'\n", "[[rule]")
        return target, line, "-"
    return target, _append(target, text, 'id = "unicode.test-broken"'), "unicode.test-broken"


@pytest.mark.parametrize("kind", ["unknown key", "bad regex", "duplicate id", "invalid toml"])
def test_broken_rule_exits_2_naming_file_line_and_rule(tmp_path, kind):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    target, line, rule_id = _break(rules, kind)
    proc = klartext("--rules", rules, "clean", "-", stdin="Ein Text.")
    assert proc.returncode == 2
    assert "Traceback" not in err(proc)
    assert proc.stdout == b""
    found = [m for m in map(PROBLEM.match, err(proc).splitlines()) if m]
    assert len(found) == len(err(proc).splitlines()) == 1, err(proc)
    m = found[0]
    assert (m["path"], m["id"]) == (str(target), rule_id)
    assert int(m["line"]) == line, err(proc)


def test_duplicate_id_in_one_file_is_reported_at_the_duplicate(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    target = rules / "unicode.toml"
    _append(target, RULE.format(id="unicode.test-twice", pattern="'a'"),
            'id = "unicode.test-twice"')
    line = _append(target, RULE.format(id="unicode.test-twice", pattern="'b'"),
                   'id = "unicode.test-twice"')
    proc = klartext("--rules", rules, "rules", "check")
    assert proc.returncode == 2
    (problem,) = err(proc).splitlines()
    assert problem.startswith(f"{target}:{line}: unicode.test-twice: duplicate id")


def test_rules_check_passes_on_the_real_rules():
    proc = klartext("rules", "check")
    assert proc.returncode == 0, err(proc)
    assert "all examples hold" in out(proc)


# --- options ------------------------------------------------------------------------


def test_version():
    proc = klartext("--version")
    assert proc.returncode == 0
    assert out(proc).strip() == f"klartext {__version__}"


COMMANDS = ["clean", "explain", "check", "restore", "review", "rules", "names"]


@pytest.mark.parametrize("args", [[], *([c] for c in COMMANDS), ["rules", "check"], ["rules", "list"],
                                  ["rules", "show"]], ids=lambda a: " ".join(a) or "klartext")
def test_help_teaches_with_a_description_examples_and_exit_codes(args):
    proc = klartext(*args, "--help")
    assert proc.returncode == 0, err(proc)
    text = out(proc)
    assert text.startswith("usage: klartext" + "".join(f" {a}" for a in args))
    usage, description = text.split("\n\n")[:2]
    assert len(description.split()) >= 6, description       # says what it is for
    examples = text.split("\nexample", 1)[1].split("\n\n", 1)[0].splitlines()[1:]
    assert all("klartext " in ex for ex in examples), examples
    assert len(examples) >= (1 if args[:1] == ["rules"] and len(args) == 2 else 2), text
    assert "\nexit codes:\n  0  " in text and "\n  2  " in text


def test_every_positional_argument_is_documented():
    for command in ("clean", "explain", "check", "restore", "review"):
        text = out(klartext(command, "--help"))
        block = text.split("positional arguments:\n", 1)[1].split("\n\n", 1)[0]
        assert all(len(line.split(maxsplit=1)) == 2 for line in block.splitlines()[:1]), block


@pytest.mark.parametrize("args", [["--profile", "en", "clean", "-"],
                                  ["clean", "--profile", "en", "-"]])
def test_profile_en(args):
    proc = klartext(*args, stdin="Selenskyj sprach in Kiew.")
    assert proc.returncode == 0, err(proc)
    assert out(proc) == "Zelensky sprach in Kyiv.\n"



def test_jsonl_keeps_the_english_source_and_names_the_origin():
    """Contract §7: a record may carry its English original in ``source``;
    it survives into the output, and ``origin`` says where the text came from."""
    lines = [json.dumps({"id": "a", "text": "Der Text.", "source": "The text."}),
             json.dumps({"id": "b", "text": "Noch ein Text."})]
    proc = klartext("clean", "--jsonl", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 0, err(proc)
    a, b = jsonl(out(proc))
    assert (a["source"], a["origin"]) == ("The text.", "stdin:1")
    assert "source" not in b and b["origin"] == "stdin:2"
    bad = klartext("clean", "--jsonl", stdin=json.dumps({"id": "c", "text": "x", "source": 5}))
    assert bad.returncode == 1 and "'source'" in err(bad)


# --- no writing where the user did not ask (issue 13) -----------------------------------


def run_in(cwd: Path, *args: object, stdin: bytes | int = b"") -> subprocess.CompletedProcess:
    """klartext run from another folder, as a user elsewhere on the machine runs it."""
    kw = {"input": stdin} if isinstance(stdin, bytes) else {"stdin": stdin}
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd,
                          capture_output=True, timeout=600, **kw)


def test_clean_without_a_path_reads_piped_stdin(tmp_path):
    proc = run_in(tmp_path, "clean", stdin=b"Hallo Welt")
    assert proc.returncode == 0, err(proc)
    assert out(proc) == "Hallo Welt\n" and list(tmp_path.iterdir()) == []


def test_clean_without_a_path_on_a_terminal_prints_its_usage(tmp_path):
    primary, secondary = pty.openpty()
    try:
        proc = run_in(tmp_path, "clean", stdin=secondary)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 2 and out(proc) == ""
    assert err(proc).startswith("usage: klartext clean") and "nothing to clean" in err(proc)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args, says", [
    (["clean", "one.txt"], "--out DIR is required"),
    (["clean", "--out", "out", "-"], "cannot be combined with --out"),
    (["clean", "--jsonl", "one.txt"], "--jsonl reads records from stdin"),
], ids=["paths-without-out", "out-with-dash", "jsonl-with-paths"])
def test_writing_a_folder_needs_out_and_nothing_is_written_otherwise(tmp_path, args, says):
    (tmp_path / "one.txt").write_text("Kyiv und Zelenskyy.", "utf-8")
    proc = run_in(tmp_path, *args, stdin=b"Ein Text.")
    assert proc.returncode == 2 and out(proc) == "", out(proc)
    assert err(proc).startswith("usage: klartext clean") and says in err(proc), err(proc)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.txt"]


def test_clean_of_inputs_that_are_not_there_writes_no_folder(tmp_path):
    proc = run_in(tmp_path, "clean", "seeds", "--out", "output")
    assert proc.returncode == 2
    assert err(proc) == "seeds: no such file or directory\n"
    assert list(tmp_path.iterdir()) == []


def test_restore_needs_a_corpus_and_without_id_prints_json_lines(cleaned):
    proc = klartext("restore")
    assert proc.returncode == 2 and err(proc).startswith("usage: klartext restore")
    _, outdir = cleaned
    proc = klartext("restore", outdir / "corpus.jsonl")
    assert proc.returncode == 0, err(proc)
    records = jsonl(out(proc))
    assert [r["id"] for r in records] == [p.stem for p in SEEDS]
    assert all(set(r) == {"id", "text"} for r in records)
    assert [r["text"] for r in records] == [p.read_text("utf-8") for p in SEEDS]


# --- help and errors that teach ------------------------------------------------------------


@pytest.mark.parametrize("args, says", [
    (["cleen", "-"], "invalid choice: 'cleen'; did you mean 'clean'?"),
    (["rules", "show", "spacing.dahs"], "no rule 'spacing.dahs'; did you mean 'spacing.dash'?"),
    (["--profile", "enn", "clean", "-"], "unknown profile 'enn'; did you mean 'en'?"),
    (["rules", "shwo"], "invalid choice: 'shwo'; did you mean 'show'?"),
], ids=["command", "rule", "profile", "rules-command"])
def test_did_you_mean(args, says):
    proc = klartext(*args, stdin="Ein Text.")
    assert proc.returncode == 2
    assert says in err(proc), err(proc)
    assert "Traceback" not in err(proc)


@pytest.mark.parametrize("args", [["clean", "--bogus", "-"], ["rules", "show", "--bogus", "x"]])
def test_an_option_error_shows_the_subcommand_usage(args):
    proc = klartext(*args)
    assert proc.returncode == 2
    first = err(proc).splitlines()[0]
    assert first.startswith("usage: klartext " + " ".join(a for a in args[:2] if a != "--bogus"))
    assert err(proc).splitlines()[-1].endswith("error: unrecognized arguments: --bogus")


def test_a_rules_folder_without_rules_is_exit_2(tmp_path):
    (tmp_path / "notes.toml").write_text('title = "nothing to see"\n', "utf-8")
    proc = klartext("--rules", tmp_path, "rules", "check")
    assert proc.returncode == 2 and "all examples hold" not in out(proc)
    assert "unknown top-level key 'title'" in err(proc) or "no rules here" in err(proc)
    (tmp_path / "notes.toml").write_text("# rules to come\n", "utf-8")
    proc = klartext("--rules", tmp_path, "rules", "check")
    assert proc.returncode == 2
    assert err(proc) == f"{tmp_path}: no rules here (no [[rule]] table in its *.toml files)\n"


def on_a_terminal(*args: object, env: dict | None = None) -> str:
    """Everything a command writes to a terminal (a pseudo-terminal)."""
    primary, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                            stdin=subprocess.DEVNULL, stdout=secondary, stderr=secondary,
                            env={**os.environ, **(env or {})})
    os.close(secondary)
    chunks = []
    while True:
        try:
            data = os.read(primary, 65536)
        except OSError:   # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    os.close(primary)
    proc.wait(timeout=600)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize("command", [["explain", SEED], ["check", SEED]], ids=["explain", "check"])
def test_colour_on_a_terminal_unless_no_color(command):
    assert "\x1b[" in on_a_terminal(*command)
    assert "\x1b[" not in on_a_terminal(*command, env={"NO_COLOR": "1"})
    assert "\x1b[" not in on_a_terminal(*command, "--no-color")
    assert "\x1b[" not in out(klartext(*command))                   # piped


def test_explain_reads_stdin():
    proc = klartext("explain", "-", stdin=README_IN)
    assert proc.returncode == 0, err(proc)
    assert out(proc).startswith("== -: ") and "-:1:7: spacing.dash ' -' → ' –'" in out(proc)


def test_python_api_takes_a_profile():
    from pipeline import clean
    assert clean("Selenskyj sprach in Kiew.", profile="en").text == "Zelensky sprach in Kyiv.\n"
    assert clean("Zelensky sprach in Kyiv.").text == "Selenskyj sprach in Kiew.\n"
    with pytest.raises(Exception, match="unknown profile 'enn'"):
        clean("Text.", profile="enn")


ENGLISH = ("This is an English article about the economy. It was not translated, and the "
           "cleaner must pass it through and give it no score.\n")
GERMAN = "Die Regierung meldete am Montag 1.686 neue Fälle, sagte Minister Zelensky in Kiew.\n"


def test_a_document_that_is_not_german_has_quality_null_everywhere(tmp_path):
    """Contract §7: no score (null), the reason why, and "—" where a person reads it."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "in" / "de.txt").write_text(GERMAN, encoding="utf-8")
    proc = klartext("clean", tmp_path / "in", "--out", tmp_path / "out")
    assert proc.returncode == 0, err(proc)
    de, en = jsonl((tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8"))
    assert en["quality"] is None and en["quality_reasons"] == ["not German (lang=en): no score"]
    assert isinstance(de["quality"], float)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert [d["quality"] for d in summary["per_document"]] == [de["quality"], None]
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    index = re.search(r'<script type="application/json" id="index">(.*?)</script>', html, re.S)
    assert [d[3] for d in json.loads(index.group(1))["docs"]] == [de["quality"], None]   # page: "—"
    assert "quality per document (1 scored)" in html
    explained = klartext("explain", tmp_path / "in" / "en.txt")
    assert "quality —, lang en" in out(explained)
    assert "quality: not German (lang=en): no score" in out(explained)
    records = jsonl(out(klartext("clean", "--jsonl", stdin=json.dumps({"id": "x", "text": ENGLISH}))))
    assert records[0]["quality"] is None


def test_json_lines_into_a_folder_get_the_folder_a_run_on_files_gets(tmp_path):
    """``--jsonl --out DIR``: text files, corpus, summary and the report, as
    for files; ``--no-report`` leaves the report out for both."""
    stdin = json.dumps({"id": "a", "text": GERMAN}) + "\n"
    proc = klartext("clean", "--jsonl", "--out", tmp_path / "out", stdin=stdin)
    assert proc.returncode == 0, err(proc)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == \
        ["corpus.jsonl", "report.html", "summary.json", "text"]
    assert '"a"' in (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    proc = klartext("clean", "--jsonl", "--out", tmp_path / "bare", "--no-report", stdin=stdin)
    assert proc.returncode == 0, err(proc)
    assert not (tmp_path / "bare" / "report.html").exists()


def test_source_dir_gives_each_file_its_english_original(tmp_path):
    (tmp_path / "de").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "de" / "a.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "de" / "b.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "en" / "a.txt").write_text(
        "The government reported 1,686 new cases and 58 deaths on Monday, minister Zelensky "
        "said in Kyiv.\n", encoding="utf-8")
    proc = klartext("clean", tmp_path / "de", "--out", tmp_path / "out", "--no-report",
                    "--source-dir", tmp_path / "en")
    assert proc.returncode == 0, err(proc)
    assert "b.txt: no source" in err(proc)
    a, b = jsonl((tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8"))
    assert a["source"].startswith("The government") and "source" not in b
    assert any(r.startswith("source: 1 numbers missing or changed: 58") for r in a["quality_reasons"])
    assert not any(r.startswith("source:") for r in b["quality_reasons"])
    assert a["quality"] < b["quality"]
    for args in (["--jsonl"], ["-"]):
        bad = klartext("clean", *args, "--source-dir", tmp_path / "en", stdin="Text.")
        assert bad.returncode == 2 and "--source-dir" in err(bad)


def test_summary_line_and_quiet(tmp_path):
    """Every clean run ends with one line on stderr: documents, failures,
    changes, flags, MB/s and where the output went; --quiet drops it (and
    the progress bar, which is never drawn when stderr is not a terminal)."""
    proc = klartext("clean", SEED, tmp_path / "missing.txt", "--out", tmp_path / "out")
    lines = err(proc, summary=True).splitlines()
    assert lines[0] == f"{tmp_path / 'missing.txt'}: no such file or directory"
    assert re.fullmatch(r"klartext: 1 document\(s\) cleaned, 1 failed, \d+ changes, \d+ flags, "
                        r"[\d.]+ MB in [\d.]+ s \([\d.]+ MB/s\) -> " + re.escape(f"{tmp_path / 'out'}/"),
                        lines[-1]), lines[-1]
    assert len(lines) == 2
    quiet = klartext("clean", SEED, "--out", tmp_path / "out2", "--quiet")
    assert quiet.returncode == 0 and err(quiet, summary=True) == ""
    piped = klartext("clean", "--jsonl", stdin=json.dumps({"id": "a", "text": "Ein Text."}))
    assert err(piped, summary=True).endswith("-> stdout\n")
