"""Encoding repair and character hygiene: with language detection, the only
stage that also runs on documents that are not German.

ftfy does the mojibake repair, but with ``uncurl_quotes`` off: its default
would turn German „…“ into "…" and destroy information the typography stage
needs.  ftfy and NFC rewrite a line; the rewrite is cut into the edits that
really change something (:mod:`.linediff`), so every change, theirs and the
later stages', has a span in the original exact to the character.  ftfy's
explanation goes in ``detail``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import ftfy

from ..core import Document, Edit, Proposal
from ..resources import Resources
from ..spec import Mechanism, Rule, mechanisms
from .linediff import minimal_edits
from .mojibakescan import Scan


@dataclass(frozen=True)
class FtfySettings:
    """The ftfy options a rule file may set.  Quotes, line breaks, control
    characters and normalisation are not among them: they are rewritten by
    later stages or by our own rules, and ftfy must leave them alone."""

    unescape_html: bool = False
    remove_terminal_escapes: bool = True
    fix_encoding: bool = True
    restore_byte_a0: bool = True
    replace_lossy_sequences: bool = True
    decode_inconsistent_utf8: bool = True
    fix_c1_controls: bool = True
    fix_latin_ligatures: bool = True
    fix_character_width: bool = True
    fix_surrogates: bool = True
    #: characters German text is full of that no ftfy fixer acts on alone:
    #: a line of only these and ASCII is not asked about unless a pattern
    #: of ftfy's that such a line can match is found in it (see Scan)
    plain_chars: str = ""

    def config(self) -> ftfy.TextFixerConfig:
        return ftfy.TextFixerConfig(
            unescape_html=self.unescape_html, remove_terminal_escapes=self.remove_terminal_escapes,
            fix_encoding=self.fix_encoding, restore_byte_a0=self.restore_byte_a0,
            replace_lossy_sequences=self.replace_lossy_sequences,
            decode_inconsistent_utf8=self.decode_inconsistent_utf8,
            fix_c1_controls=self.fix_c1_controls, fix_latin_ligatures=self.fix_latin_ligatures,
            fix_character_width=self.fix_character_width, fix_surrogates=self.fix_surrogates,
            uncurl_quotes=False, fix_line_breaks=False, remove_control_chars=False,
            normalization=None, explain=True)


#: ftfy's answer for a line up to this long is kept for the recheck; a
#: longer one is asked again (a 50 MB line is not held twice more)
REMEMBERED_LINE = 100_000


def _line_edits(line: str, fixed: str, pos: int, rule_id: str,
                detail: str | None = None) -> list[Edit]:
    return [Edit(pos + start, pos + end, replacement, rule_id, detail)
            for start, end, replacement in minimal_edits(line, fixed)]


def fix_mojibake(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """Run ftfy line by line (it segments at newlines anyway), and only on
    the lines a scan of the whole text suspects: most text has nothing for
    ftfy to fix, and asking it line by line was most of this stage's time.
    A repaired line becomes the edits that really change it (see
    :mod:`.linediff`).  Asked again at the end (``recheck``), ftfy sees only
    the lines later stages changed: its answer depends on the line alone."""
    config = rule.settings.config()
    scan = res.derived(rule.id, lambda: Scan.of(rule.settings.plain_chars))
    text = doc.text
    edits = []
    repaired = doc.answers(rule.id)      # line -> ftfy's answer, for the recheck
    for start, end in scan.suspect_lines(text):
        line = text[start:end]
        if line and not line.isascii():
            found = repaired.get(line)
            if found is None:
                found = ftfy.fix_and_explain(line, config=config)
                if len(line) <= REMEMBERED_LINE:
                    repaired[line] = found
            fixed, steps = found
            if fixed != line:
                detail = "; ".join(f"{kind}:{name}" for kind, name in steps or [])
                edits += _line_edits(line, fixed, start, rule.id, detail or None)
    return Proposal(edits)


def normalize_nfc(doc: Document, rule: Rule, res: Resources) -> Proposal:
    """NFC per line: only lines that are not normalised yet are looked at,
    and none in a text that is normalised as a whole (most are): a line
    break composes with nothing and nothing reorders across it, so then
    every line is normalised too."""
    if unicodedata.is_normalized("NFC", doc.text):
        return Proposal()
    edits, pos = [], 0
    for line in doc.text.split("\n"):
        if not unicodedata.is_normalized("NFC", line):
            edits += _line_edits(line, unicodedata.normalize("NFC", line), pos, rule.id)
        pos += len(line) + 1
    return Proposal(edits)


#: later stages can undo what these promise (a removed space puts a letter
#: before a combining mark; a quote written after a lead byte reads as
#: mojibake), so they are asked again at the end (recheck)
MECHANISMS = mechanisms(Mechanism(fix_mojibake, FtfySettings, recheck=True),
                        Mechanism(normalize_nfc, recheck=True))
