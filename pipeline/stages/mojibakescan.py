"""Which lines ftfy might change, found by a scan of the whole text.

Asking ftfy about every line with a non-ASCII character costs most of the
unicode stage, and almost every German line has one (ä, „, –).  But ftfy
only changes a line when one of its fixers has something to act on:

- mojibake repair, only where its badness pattern (``ftfy.badness.BADNESS_RE``)
  matches in the line;
- HTML entities (``&``), terminal escapes (``ESC``), C1 controls, surrogates,
  ligatures and full-width forms: characters the scan looks for.

So a line is suspect when it holds a character that is neither ASCII nor one
of the rule's ``plain_chars``, or an ``&`` or ``ESC``, or when one of the few
badness patterns that a line of only ASCII and plain characters *can* match
is found in it.  Those patterns are picked once from ftfy's own: a pattern
that needs some character outside that alphabet cannot match such a line,
and is already covered by the character scan.  A match of a pattern in a
line is a match at the same place in the whole text (the picked patterns
have no anchors), so no line ftfy would change is passed over; the test
suite checks this on every text we know and on generated mojibake.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ftfy.badness import BADNESS_RE
from ftfy.chardata import LIGATURES, WIDTH_MAP

from .lines import overlapping

#: characters some ftfy fixer other than the mojibake repair acts on
FIXED_CHARS = frozenset(map(chr, {*LIGATURES, *WIDTH_MAP}))


@dataclass(frozen=True)
class Scan:
    #: a character outside ASCII and the plain set, an ``&`` or an ``ESC``
    outside: re.Pattern[str]
    #: the badness patterns that a line of ASCII and plain characters can match
    reachable: re.Pattern[str] | None

    @classmethod
    def of(cls, plain_chars: str) -> Scan:
        plain = "".join(sorted(set(plain_chars) - FIXED_CHARS - {chr(c) for c in range(128)}))
        # one negated class (ASCII but ``&`` and ESC, and the plain set):
        # a single class is found by a fast scan, an alternation is not
        outside = re.compile(f"[^\\x00-\\x1a\\x1c-\\x25\\x27-\\x7f{re.escape(plain)}]")
        return cls(outside, _reachable(plain))

    def suspect_lines(self, text: str) -> list[tuple[int, int]]:
        """The (start, end) of every line ftfy might change: after a match,
        each pattern is sought again from the next line on (a line of many
        foreign letters is one match, not one per letter)."""
        found = []
        for pattern in filter(None, (self.outside, self.reachable)):
            pos = 0
            while (m := pattern.search(text, pos)) is not None:
                found.append(m.span())
                pos = text.find("\n", max(m.end() - 1, m.start())) + 1
                if pos == 0:
                    break
        return overlapping(text, found)


def _reachable(plain: str) -> re.Pattern[str] | None:
    """The alternatives of ftfy's badness pattern that a string of ASCII and
    ``plain`` characters can match, as one pattern: an alternative is left
    out only when one of its single characters can be none of those.
    Where Python's pattern parser cannot be used (it is internal), the
    whole badness pattern: slower, never wrong."""
    try:
        from re import _compiler, _parser  # type: ignore[attr-defined]
        tree = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
        [(op, (_, alternatives))] = list(tree)
        if op is not _parser.BRANCH:
            return BADNESS_RE
        alphabet = [chr(c) for c in range(128)] + list(plain)
        single = {_parser.LITERAL, _parser.NOT_LITERAL, _parser.IN, _parser.ANY}

        def needs_other(item: tuple) -> bool:
            one = _compiler.compile(_parser.SubPattern(tree.state, [item]))
            return not any(one.fullmatch(ch) for ch in alphabet)

        kept = [alt for alt in alternatives
                if not any(item[0] in single and needs_other(item) for item in alt)]
        context = {_parser.AT, _parser.ASSERT, _parser.ASSERT_NOT}
        if any(item[0] in context for alt in kept for item in alt):
            return BADNESS_RE   # an anchor or look-around: a line's match may not be the text's
        if not kept:
            return None
        anchored = _anchored(kept, lambda item: _compiler.compile(
            _parser.SubPattern(tree.state, [item])), single, alphabet)
        if anchored is not None:
            return anchored
        return _compiler.compile(_parser.SubPattern(tree.state, [(_parser.BRANCH, (None, kept))]))
    except (ImportError, AttributeError, TypeError, ValueError):
        return BADNESS_RE


def _anchored(alternatives: list, compile_item: Callable[[tuple], re.Pattern[str]],
              single: set, alphabet: list[str]) -> re.Pattern[str] | None:
    """The alternatives, each a run of single characters, rewritten for a
    line of ``alphabet`` characters only (lines with others are suspect
    anyway): each character class cut down to its letters in the alphabet,
    and each match found from its rarest character, the others checked by
    look-behind and look-ahead.  ftfy's first class is mostly any lower-case
    letter, so its pattern starts a try at nearly every position; this one
    starts with one character class, which the regular expression engine
    finds by a fast scan (ÄÜ„“ for the rules' plain set).  A match in such a
    line is a match here at the same place: the look-arounds read only that
    line's characters.  None if an alternative holds anything but single
    characters."""
    anchors, checks = "", []
    for alt in alternatives:
        if not all(item[0] in single for item in alt):
            return None
        sets = []
        for item in alt:
            one = compile_item(item)
            sets.append("".join(ch for ch in alphabet if one.fullmatch(ch)))
        k = min(range(len(sets)), key=lambda i: len(sets[i]))
        anchors += "".join(ch for ch in sets[k] if ch not in anchors)
        after = "".join(map(_charclass, sets[k + 1:]))
        checks.append("(?<=" + "".join(map(_charclass, sets[:k + 1])) + ")" +
                      (f"(?={after})" if after else ""))
    return re.compile(_charclass(anchors) + "(?:" + "|".join(checks) + ")")


def _charclass(chars: str) -> str:
    return "[" + "".join(re.escape(ch) for ch in chars) + "]"
