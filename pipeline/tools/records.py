"""Reading ``corpus.jsonl`` one value at a time.

A document of a million one-word lines is one record of 200 MB of JSON;
read as a line and parsed whole it costs three times that before anything
is shown.  :class:`RecordReader` reads the file in chunks and decodes each
record field by field; the elements of the long lists (``changes``,
``blocks``, ``flags``) are handed one by one to a function that keeps
what it wants, so memory holds one value (the text) and what is kept.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from typing import IO, Any

CHUNK = 1 << 20
#: a record shorter than this is read as one line and parsed whole (faster)
SMALL = 4 << 20
STREAMED = frozenset({"changes", "blocks", "flags"})
_DECODER = json.JSONDecoder()
_SPACE = " \t\r\n"

#: ``keep(key, element)``: what to keep of one element of a streamed list (None: drop it)
Keep = Callable[[str, Any], Any]


class RecordReader:
    """JSON Lines records from a binary file, each an object whose
    streamed lists pass through ``keep`` element by element."""

    def __init__(self, fh: IO[bytes]) -> None:
        self.fh = fh
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.buf = ""
        self.pos = 0
        self.eof = False

    def records(self, start: Callable[[], Keep]) -> Iterator[tuple[dict[str, Any], Keep]]:
        """Every record with the ``keep`` it was read with; ``start`` makes a
        fresh one per record (it may count what it sees)."""
        while True:
            if not self.buf[self.pos:].strip() and not self.decoder.getstate()[0]:
                line = self.fh.readline(SMALL)
                if not line:
                    return
                if line.endswith(b"\n") or len(line) < SMALL:   # a whole line, and short
                    if line.strip():
                        keep = start()
                        yield self._whole(json.loads(line), keep), keep
                    continue
                self.buf, self.pos = self.decoder.decode(line), 0   # a long one: stream it
            if not self._peek():
                return
            keep = start()
            yield self._record(keep), keep

    @staticmethod
    def _whole(rec: Any, keep: Keep) -> dict[str, Any]:
        if not isinstance(rec, dict):
            raise ValueError("corpus record: not a JSON object")
        for key in STREAMED & rec.keys():
            if isinstance(rec[key], list):
                rec[key] = [k for k in (keep(key, x) for x in rec[key]) if k is not None]
        return rec

    def _record(self, keep: Keep) -> dict[str, Any]:
        self._expect("{")
        rec: dict[str, Any] = {}
        while self._peek() != "}":
            if rec:
                self._expect(",")
            key = self._value()
            if not isinstance(key, str):
                raise ValueError("corpus record: a key is not a string")
            self._expect(":")
            if key in STREAMED and self._peek() == "[":
                rec[key] = self._list(key, keep)
            else:
                rec[key] = self._value()
        self.pos += 1
        return rec

    def _list(self, key: str, keep: Keep) -> list[Any]:
        self.pos += 1
        out = []
        first = True
        while self._peek() != "]":
            if not first:
                self._expect(",")
            first = False
            kept = keep(key, self._value())
            if kept is not None:
                out.append(kept)
        self.pos += 1
        return out

    def _more(self, size: int = CHUNK) -> bool:
        if self.eof:
            return False
        if self.pos > len(self.buf) // 2:   # drop what was read
            self.buf, self.pos = self.buf[self.pos:], 0
        data = self.fh.read(size)
        self.eof = not data
        self.buf += self.decoder.decode(data, final=self.eof)
        return not self.eof

    def _peek(self) -> str:
        """The next character that is not whitespace ("" at the end)."""
        while True:
            while self.pos < len(self.buf) and self.buf[self.pos] in _SPACE:
                self.pos += 1
            if self.pos < len(self.buf) or not self._more():
                return self.buf[self.pos] if self.pos < len(self.buf) else ""

    def _expect(self, ch: str) -> None:
        if self._peek() != ch:
            raise ValueError(f"corpus record: expected {ch!r} at {self._peek()!r}")
        self.pos += 1

    def _value(self) -> Any:
        self._peek()
        size = CHUNK
        while True:
            try:
                value, end = _DECODER.raw_decode(self.buf, self.pos)
            except json.JSONDecodeError:
                if not self._more(size):
                    raise
                size *= 2    # a long value: read on in growing chunks (linear overall)
                continue
            if end == len(self.buf) and self._more(size):
                continue     # a number may go on in the next chunk
            self.pos = end
            return value
