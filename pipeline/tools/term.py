"""Colour on a terminal, and only there: never when piped, never with
``--no-color`` or ``NO_COLOR`` set (https://no-color.org)."""

from __future__ import annotations

import os
from typing import TextIO

RED, GREEN, CYAN, YELLOW, BOLD, DIM = "31", "32", "36", "33", "1", "2"
HIGHLIGHT = {"-": "1;97;41", "+": "1;30;42"}


def use_color(stream: TextIO, no_color: bool = False) -> bool:
    if no_color or os.environ.get("NO_COLOR"):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def paint(on: bool, code: str, s: str) -> str:
    return f"\x1b[{code}m{s}\x1b[0m" if on and s else s
