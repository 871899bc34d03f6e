""""Did you mean": the nearest known name for a mistyped one (a
subcommand, a rule id, a profile, a configuration key)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """``"; did you mean 'spacing.dash'?"`` or "" when nothing is close.

    >>> did_you_mean("spacing.dahs", ["spacing.dash", "names.kiew"])
    "; did you mean 'spacing.dash'?"
    >>> did_you_mean("zzz", ["clean", "check"])
    ''
    """
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
