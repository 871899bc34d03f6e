"""Glossary: known mistranslations, fixed only in the context that proves
them (a rule's ``context`` must match somewhere in the document).  Its rules
are patterns; the stage has no mechanisms of its own."""

from __future__ import annotations

from ..spec import Mechanism

MECHANISMS: dict[str, Mechanism] = {}
