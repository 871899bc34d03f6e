"""Finding and decoding inputs.  Anything that cannot be read becomes an
:class:`InputError` with a one-line reason; the batch goes on without it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

#: tried in order when a file is not UTF-8; cp1252 decodes almost anything,
#: so it is last and recorded in the metadata
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


class InputError(Exception):
    """``str(exc)`` is the reason, without the path."""


def iter_paths(paths: list[Path], skip: Path | None = None) -> Iterator[Path | InputError]:
    """Files in the given order; directories recursed for ``*.txt`` in sorted
    order, each real directory visited once (symlink loops end there).  The
    ``skip`` directory (the output) is never entered: ``clean . --out out``
    must not read back what it is writing."""
    for path in paths:
        if path.is_dir():
            yield from _walk(path, set(), skip.resolve() if skip else None)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(f"{path}: no such file or directory")


def _walk(folder: Path, seen: set[tuple[int, int]],
          skip: Path | None) -> Iterator[Path | InputError]:
    try:
        st = folder.stat()
    except OSError as exc:
        yield InputError(f"{folder}: {exc.strerror or exc}")
        return
    key = (st.st_dev, st.st_ino)
    if key in seen:
        yield InputError(f"{folder}: symlink loop, directory already visited")
        return
    seen.add(key)
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(f"{folder}: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir():
            if skip is None or path.resolve() != skip:
                yield from _walk(path, seen, skip)
        elif entry.name.endswith(".txt"):
            yield path


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with.  UTF-8 keeps its BOM as a
    character, so the unicode stage records its removal."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise InputError("not a text file (broken UTF-16)") from None
    if b"\x00" in data:
        raise InputError("not a text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:   # control bytes are valid UTF-8: an image without NULs lands here
        if _looks_binary(text):
            raise InputError("not a text file")
        return text, "utf-8"
    for name in FALLBACK_ENCODINGS:
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise InputError("not a text file")
        return text, name
    raise InputError("not a text file")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\n\r\t\f")
    return controls > len(sample) * 0.05


def read_text(path: Path) -> tuple[str, str]:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)
