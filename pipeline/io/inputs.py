"""Finding and decoding inputs.  Anything that cannot be read becomes an
:class:`InputError` with a one-line reason; the batch goes on without it.

Only regular files are read: a device (``/dev/zero``) would be read until
memory runs out and a FIFO would block forever, so both are named and
skipped.  Folders are walked without recursion (a folder nested thousands
deep is a loop, not a stack), and never into the output being written.
Every text keeps what it takes to give back its bytes: the encoding it was
read with, and its byte-order mark as a character of the text (see
:func:`decode` and :func:`encode`).
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

#: tried in order when a file is not UTF-8; cp1252 decodes almost anything,
#: so it is last and recorded in the metadata
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
#: byte-order marks and the codec that reads the text after them (the mark
#: itself stays in the text, as U+FEFF, and goes out through the change log)
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
BOM = "\ufeff"


class InputError(Exception):
    """``str(exc)`` is the reason, without the path."""


def iter_paths(paths: list[Path], skip: Path | None = None) -> Iterator[Path | InputError]:
    """Files in the given order; directories walked for ``*.txt`` in sorted
    order, each real directory visited once (symlink loops end there).  With
    ``skip`` (the output folder) set, its ``text/`` folder is never read: an
    input inside it is refused, a walk from above leaves the whole output
    folder out, and ``clean d --out d`` reads ``d`` but not ``d/text``."""
    out = skip.resolve() if skip is not None else None
    texts = out / "text" if out is not None else None
    avoid = {key for key in map(_identity, (out, texts)) if key is not None}
    for path in paths:
        if texts is not None and _inside(path, texts):
            yield InputError(f"{path}: inside the output folder {skip}; not read as input")
        elif path.is_dir():
            yield from _walk(path, avoid)
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(f"{path}: no such file or directory")


def _inside(path: Path, folder: Path) -> bool:
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):
        return False
    return resolved == folder or folder in resolved.parents


def _identity(path: Path | None) -> tuple[int, int] | None:
    """A folder as the file system knows it (device, inode): compared in
    constant time, where resolving a path 1,100 folders deep takes as many
    system calls as it has parts."""
    try:
        st = path.stat() if path is not None else None
    except OSError:
        return None
    return (st.st_dev, st.st_ino) if st is not None else None


def _walk(root: Path, avoid: set[tuple[int, int]]) -> Iterator[Path | InputError]:
    """Depth first in name order, with a stack of folders instead of
    recursion.  ``avoid``: folders (by identity) never entered below ``root``."""
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry | Path]] = [iter([root])]
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if isinstance(entry, Path) or _is_dir(entry):
            path = entry if isinstance(entry, Path) else Path(entry.path)
            listed = _list(path, seen, set() if isinstance(entry, Path) else avoid)
            if isinstance(listed, InputError):
                yield listed
            elif listed is not None:
                stack.append(iter(listed))
        elif entry.name.endswith(".txt"):
            yield Path(entry.path)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _list(folder: Path, seen: set[tuple[int, int]],
          avoid: set[tuple[int, int]]) -> list[os.DirEntry] | InputError | None:
    """The folder's entries by name, why they cannot be listed, or None for
    a folder to be left out."""
    try:
        st = folder.stat()
    except OSError as exc:
        return InputError(f"{folder}: {exc.strerror or exc}")
    key = (st.st_dev, st.st_ino)
    if key in avoid:
        return None
    if key in seen:
        return InputError(f"{folder}: symlink loop, directory already visited")
    seen.add(key)
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda e: e.name)
    except OSError as exc:
        return InputError(f"{folder}: {exc.strerror or exc}")


def decode(data: bytes) -> tuple[str, str]:
    """Text and the codec it was read with; ``encode(text, codec) == data``.
    A byte-order mark stays in the text as U+FEFF (for UTF-8 as much as for
    UTF-16 and UTF-32), so the unicode stage records its removal and
    ``restore`` gives it back."""
    for bom, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError:
                raise InputError(f"not a text file (broken {name.upper()[:6]})") from None
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


def encode(text: str, codec: str = "utf-8") -> bytes:
    """The bytes ``decode`` read ``text`` from (the inverse of :func:`decode`)."""
    return text.encode(codec)


def source_meta(text: str, codec: str) -> dict[str, object]:
    """What a record's metadata says about the bytes of its input: the codec
    when it is not UTF-8, and whether the text began with a byte-order mark."""
    meta: dict[str, object] = {} if codec == "utf-8" else {"encoding": codec}
    if text.startswith(BOM):
        meta["bom"] = True
    return meta


#: the control characters of ASCII but those of text layout (\t \n \f \r)
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _looks_binary(text: str) -> bool:
    """More than 5 % control characters among the first 4,096: counted by
    one scan, which finds none in a text file at C speed.

    >>> _looks_binary("Ein Text."), _looks_binary(chr(1) * 2 + "ab")
    (False, True)
    """
    sample = text[:4096]
    return CONTROLS.search(sample) is not None and \
        len(CONTROLS.findall(sample)) > len(sample) * 0.05


#: what ``stat`` calls the files that are not regular ones
KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
         (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def read_text(path: Path) -> tuple[str, str]:
    """A regular file's text and codec; anything else is refused by name
    before it is opened (a device never ends, a FIFO may never start)."""
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in KINDS if test(st.st_mode)), "not a regular file")
        raise InputError("is a directory" if kind == "a directory"
                         else f"not a regular file ({kind}); skipped")
    try:
        data = read_whole(path, st.st_size)
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except OSError as exc:
        raise InputError(exc.strerror or str(exc)) from None
    return decode(data)


def read_whole(path: Path, size: int) -> bytes:
    """The bytes of a regular file of about ``size`` bytes, by plain system
    calls: open, read until the end (the first read asks for all of it),
    close.  ``Path.read_bytes`` asks besides whether the file is a
    terminal, where it stands and how large it is: nine calls more
    (strace: three fstat, four lseek, two ioctl) for each small file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        parts = [os.read(fd, size + 1)]
        while parts[-1]:                      # a file that grew (or a short read) reads on
            parts.append(os.read(fd, 1 << 20))
        return b"".join(parts)
    finally:
        os.close(fd)
