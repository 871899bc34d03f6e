"""A long run shows a bar on a terminal only, and every run but a quiet one
ends with one summary line."""

from __future__ import annotations

import io

from pipeline.core import Document
from pipeline.io.progress import Progress
from pipeline.io.writers import Rendered


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _outcomes():
    doc = Document("a", "Grüße")
    yield "a", "stdin:1", doc, {}, None
    yield "b", "stdin:2", Rendered("{}\n", 10, 3, 1), {}, None
    yield "c", "stdin:3", None, {}, "invalid JSON"


def test_a_terminal_gets_a_bar_and_the_counts_add_up():
    out = Terminal()
    progress = Progress(total=17, stream=out)
    assert len(list(progress.track(_outcomes()))) == 3
    assert "cleaning" in out.getvalue()
    assert (progress.documents, progress.failed, progress.changes, progress.flags,
            progress.size) == (2, 1, 3, 1, len("Grüße".encode()) + 10)
    progress.finish("stdout")
    assert out.getvalue().rstrip().endswith("-> stdout")


def test_a_pipe_gets_no_bar_and_quiet_gets_nothing():
    piped, quiet = io.StringIO(), Terminal()
    list(Progress(stream=piped).track(_outcomes()))
    loud = Progress(stream=quiet, quiet=True)
    list(loud.track(_outcomes()))
    loud.finish("stdout")
    assert piped.getvalue() == "" and quiet.getvalue() == ""
