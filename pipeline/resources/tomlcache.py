"""Rule files parsed once: the parsed TOML kept beside the word tables.

Every ``klartext`` process (and every worker started by spawn) reads the
rule files; Python's TOML parser is pure Python and took about 90 ms of
a 300 ms start-up for our ten files.  The parsed data of a file is stored
under a hash of its text, in ``marshal`` form (loads in well under a
millisecond), so an edited file is parsed again and an unedited one never
is.  A cache that cannot be read or written is no error: the text is
parsed as before.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import sys
import tempfile
import tomllib
from typing import Any

from .tables import cache_dir

log = logging.getLogger(__name__)

#: bump when what is stored changes
FORMAT = 1


def parse_toml(text: str) -> dict[str, Any]:
    """``tomllib.loads(text)``, from the cache where the same text was parsed
    before; a TOML error is raised exactly as ``tomllib`` raises it."""
    key = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()
    version = f"v{FORMAT}-py{sys.version_info[0]}{sys.version_info[1]}"   # marshal's format is per version
    path = cache_dir() / "toml" / f"{key}-{version}.marshal"
    try:
        data = marshal.loads(path.read_bytes())
        if isinstance(data, dict):
            return data
    except (OSError, EOFError, ValueError, TypeError):
        pass
    data = tomllib.loads(text)
    _store(path, data)
    return data


def _store(path: Any, data: dict[str, Any]) -> None:
    """Written whole or not at all (a temporary file renamed into place), so
    two processes starting together never read half a file."""
    try:
        blob = marshal.dumps(data)     # a date or time value cannot be kept: parse each time
    except ValueError:
        return
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".toml-")
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)
    except OSError as exc:
        log.debug("rule cache not written (%s): %s", path, exc)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
