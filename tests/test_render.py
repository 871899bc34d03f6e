"""Records for stdout are made where the document was cleaned (a worker),
and must be the bytes the main process would have written."""

from __future__ import annotations

import io
import json

from pipeline import load_rules
from pipeline.engine import cleaner_for
from pipeline.io import writers
from pipeline.io.batch import Job, clean_pending
from pipeline.io.jsonlines import render_pending
from pipeline.io.writers import Rendered, write_record

CLEANER = cleaner_for(load_rules())
TEXT = "Der Präsident der UkraineVolodymyr Zelenskyywurde nicht eingeladen."


def _pending(text: str = TEXT):
    return [("a", "stdin:1", Job("a", "stdin:1", text, {}), {"lang_hint": "de"}, None),
            ("b", "stdin:2", None, {}, "invalid JSON: Expecting value")]


def test_a_rendered_record_is_what_the_writer_writes():
    [(_, _, doc, extra, _), failed] = clean_pending(CLEANER, _pending())
    [(_, _, made, _, _), passed] = render_pending(CLEANER, _pending())
    out = io.StringIO()
    write_record(out, doc, extra)
    assert isinstance(made, Rendered) and made.line == out.getvalue()
    assert json.loads(made.line)["lang_hint"] == "de"
    assert (made.changes, made.flags) == (len(doc.changes), len(doc.flags)) and made.changes > 0
    assert made.size == len(TEXT.encode("utf-8"))
    assert passed == failed                  # a failed line passes through as it is


def test_a_record_too_big_to_make_whole_stays_a_document(monkeypatch):
    monkeypatch.setattr(writers, "STREAM_CHARS", 10)
    [(_, _, doc, _, _), _] = render_pending(CLEANER, _pending())
    assert not isinstance(doc, Rendered) and doc.text.startswith("Der Präsident")
