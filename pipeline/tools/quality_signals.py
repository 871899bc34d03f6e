"""LAB TOOL: candidate quality signals of one document (issue 14).

``doc_signals({"text", "source", "record"})`` returns counts per signal (and
``words``, ``src_lines``), from klartext's record (``changes`` by rule,
``flags``) and from the text itself; the source-aware ones are 0 without a
source.  Lines of text and source are aligned by index when their counts
agree (WMT segments); otherwise only document-level source signals run.
Prototype code: the pipeline version takes the same inputs from the Document.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import ftfy
import regex
from wordfreq import zipf_frequency

HOUSE_STYLE = {"typography.german-quotes", "spacing.dash"}
LAYOUT = {"structure.block-separator", "structure.final-newline", "unicode.plain-space",
          "unicode.remove-invisible", "unicode.nfc", "unicode.line-ends"}
SPACING = {"spacing.space-before-punctuation", "spacing.one-space", "spacing.space-after-bracket"}
# "US -Militärbasis", "25 %ige": a tokeniser's trace, a spelling error in the reader's eyes
HYPHEN = {"spacing.compound-hyphen", "spacing.glued-dash", "typography.percent-adjective"}
# metadata lines and boilerplate left in the body: a scraper's trace, not the translator's
STRUCTURE = {"structure.date-line", "structure.byline", "structure.disclaimer", "structure.share-footer",
             "structure.join-dateline"}

SIGNALS = (
    # source-free, from the change log and flags
    "fusion", "style", "spacing", "hyphen", "structure", "names_rewrite", "dup_block", "mojibake", "glossary",
    "flags_all", "flag_english", "flag_translit", "flag_quotes", "flag_grammar", "flag_repeat",
    # source-free, from the text
    "loop_lines", "doubled_word", "unpaired_quotes", "english_lines", "ends_mid", "mt_tokens",
    "oov_lower", "oov_all", "zipf_deficit",
    # source-aware
    "len_short", "len_long", "len_band", "num_missing", "num_extra", "ph_missing", "ph_mangled",
    "name_missing", "name_missing_rare", "copied", "trunc_src", "quote_parity_src",
    "loop_src", "punct_mismatch", "sent_mismatch", "english_words_src",
)
# tokens no German text has: decoder artifacts (unknown word, BPE joiners, escaped markup)
MT_TOKEN = regex.compile(r"<unk>|\[UNK\]|@@ |@-@|&(?:quot|amp|apos|lt|gt|#\d+);|</?[a-z]+>")
SENT_END = regex.compile(r"[.!?](?=\s+\p{Lu}|\s*$)")

WORD = regex.compile(r"[\p{L}\p{M}]+(?:['’-][\p{L}\p{M}]+)*")
NUMBER = regex.compile(r"(?<![\p{L}\d])\d+(?:[.,]\d+|[ \u00a0\u202f]\d{3}(?!\d))*")
MANGLED = regex.compile(r"#\s*[A-Z_]+\s*#")
PLACEHOLDER = regex.compile(r"#[A-Z_]+#|https?://\S+|www\.\S+|[\w.+-]+@[\w-]+\.[\w.]+")
NAME = regex.compile(r"(?<![\p{L}\d])\p{Lu}[\p{L}\p{M}]+(?:[-'’]\p{L}+)*")
QUOTED = regex.compile(r"[„“\"”»«][^„“\"”»«\n]{1,80}[“”\"«»]")
QUOTES = regex.compile(r"[\"„“”]")
END_MARK = regex.compile(r"[.!?…:;\"“”»)\]']\s*$")
# English words that are not German words: evidence of an untranslated line
EN_FUNCTION = frozenset("the and of to is you your for with that this are have be it our we can "
                        "please not my from has been they their would should which".split())
# a line ending on one of these stops mid-sentence
DANGLING = frozenset("und oder aber der die das des dem den ein eine einer eines einem einen "
                     "dass weil wenn".split())


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n")]


def _fold(word: str) -> str:
    w = word.lower()
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("ß", "ss"), ("ph", "f"), ("c", "k"),
                 ("z", "s"), ("y", "i"), ("w", "v"), ("j", "i")):
        w = w.replace(a, b)
    return w


NUMBER_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
                "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
                "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
                "zwanzig": 20, "dreißig": 30, "vierzig": 40, "fünfzig": 50, "sechzig": 60,
                "siebzig": 70, "achtzig": 80, "neunzig": 90, "hundert": 100, "tausend": 1000}
CLOCK = regex.compile(r"(?<![\d.,])\d{1,2}[.:]\d{2}(?!\d)(?![.,]\d)")


def _numbers(text: str, english: bool = False) -> Counter[str]:
    """Digit strings without separators (1,686, 1.686 and 1 686 are one
    number); single digits are left out (German spells out small numbers), and
    so are what translation rightly rewrites: clock times (5.30pm is 17:30
    Uhr, 12.00 is 12 Uhr), decades (1800s), 24/7.  In German text a number
    word (zwölf, zehnmal, zwölftgrößte) counts as its number."""
    found: Counter[str] = Counter()
    text = CLOCK.sub(" ", text)
    for m in NUMBER.finditer(text):
        after = text[m.end():m.end() + 4].lower()
        if regex.match(r"\s?(?:am|pm|a\.m|p\.m|uhr|h\b)", after):
            continue
        if english and (after.startswith("s") or after.startswith("/7")):
            continue
        if text[max(0, m.start() - 3):m.start()] == "24/":
            continue
        digits = regex.sub(r"\D", "", m.group()).lstrip("0")
        if len(digits) >= 2:
            found[digits] += 1
    if not english:
        for w in WORD.findall(text.lower()):
            for stem, value in NUMBER_WORDS.items():
                if value >= 10 and w.startswith(stem):
                    found[str(value)] += 1
                    break
    return found


def _source_names(line: str) -> set[str]:
    """Capitalised words not at a sentence start and not common English words."""
    names = set()
    for m in NAME.finditer(line):
        before = line[:m.start()].rstrip()
        if not before or before[-1] in ".!?:\"“(":
            continue
        word = m.group()
        if len(word) < 3 or zipf_frequency(word.lower(), "en") >= 3.5:
            continue
        names.add(word)
    return names


def _loop_line(tokens: list[str]) -> bool:
    """A phrase of 2-8 words said twice in a row, or one word three times in
    a row: how a decoder loops.  A phrase repeated further apart is normal
    prose (native news repeats 4-grams all the time)."""
    for n in range(2, 9):
        for i in range(len(tokens) - 2 * n + 1):
            chunk = tokens[i:i + n]
            if chunk == tokens[i + n:i + 2 * n] and any(len(t) > 2 for t in chunk):
                return True
    return any(tokens[i] == tokens[i + 1] == tokens[i + 2] for i in range(len(tokens) - 2))


def _english_line(words: list[str]) -> bool:
    if len(words) < 4:
        return False
    en = sum(1 for w in words if zipf_frequency(w, "en") >= 3.0
             and zipf_frequency(w, "de") < zipf_frequency(w, "en") - 1.0)
    return en / len(words) >= 0.5


def doc_signals(doc: dict[str, Any]) -> dict[str, Any]:
    rec, text, source = doc["record"], doc["text"], doc.get("source", "")
    s: dict[str, Any] = dict.fromkeys(SIGNALS, 0.0)
    evidence: list[tuple[str, str]] = []
    s["_evidence"] = evidence
    s["_klartext_quality"] = rec.get("quality")
    changes = Counter(c["rule"] for c in rec.get("changes", []))
    flags = Counter(f["rule"] for f in rec.get("flags", []))
    s["fusion"] = changes["spacing.split-fused-words"]
    s["style"] = sum(changes[r] for r in HOUSE_STYLE)
    s["spacing"] = sum(changes[r] for r in SPACING)
    s["hyphen"] = sum(changes[r] for r in HYPHEN)
    s["structure"] = sum(changes[r] for r in STRUCTURE)
    s["names_rewrite"] = sum(n for r, n in changes.items() if r.startswith("names."))
    s["dup_block"] = changes["structure.duplicate-block"]
    s["mojibake"] = changes["unicode.fix-mojibake"]
    s["glossary"] = sum(n for r, n in changes.items() if r.startswith("glossary"))
    s["flags_all"] = sum(flags.values())
    s["flag_english"] = flags["flags.untranslated-english"]
    s["flag_translit"] = flags["names.slavic-transliteration"]
    s["flag_quotes"] = flags["typography.german-quotes"]
    s["flag_grammar"] = flags["flags.article-agreement"] + flags["flags.doubled-phrase"]
    s["flag_repeat"] = flags["flags.repeated-sentence"]

    lines = _lines(text)
    s["words"] = max(len(text.split()), 1)
    for line in lines:
        words = WORD.findall(line)
        lower = [w.lower() for w in words]
        if _loop_line(lower):
            s["loop_lines"] += 1
            evidence.append(("loop_lines", line[:160]))
        s["doubled_word"] += sum(1 for a, b in zip(lower, lower[1:]) if a == b and len(a) > 1)
        if _english_line(lower):
            s["english_lines"] += 1
            evidence.append(("english_lines", line[:160]))
        s["mt_tokens"] += len(MT_TOKEN.findall(line))
        toks = line.split()
        if toks and (toks[-1].endswith((",", "-")) or toks[-1].lower() in DANGLING):
            s["ends_mid"] += 1
            evidence.append(("ends_mid", line[-80:]))
        for w in words:
            if zipf_frequency(w.lower(), "de") == 0:
                s["oov_all"] += 1
                if w[0].islower():
                    s["oov_lower"] += 1
                    evidence.append(("oov_lower", w))
            if w[0].islower():
                s["zipf_deficit"] += max(0.0, 3.0 - zipf_frequency(w, "de"))
    clean = rec.get("text", text)
    for line in clean.split("\n"):
        if line.count("„") != line.count("“"):
            s["unpaired_quotes"] += 1
            evidence.append(("unpaired_quotes", line[:160]))
    if ftfy.badness.is_bad(clean):
        s["mojibake"] += 1

    if source:
        _source_signals(s, lines, source.split("\n"), text, source, evidence)
    return s


def _source_signals(s: dict[str, Any], lines: list[str], src_lines: list[str], text: str,
                    source: str, evidence: list[tuple[str, str]]) -> None:
    s["src_lines"] = len(src_lines)
    missing = _numbers(source, english=True) - _numbers(text)
    s["num_missing"] = sum(missing.values())
    if missing:
        evidence.append(("num_missing", " ".join(missing)))
    s["num_extra"] = sum((_numbers(text) - _numbers(source, english=True)).values())
    out_ph = Counter(PLACEHOLDER.findall(text))
    ph_missing = Counter(PLACEHOLDER.findall(source)) - out_ph
    # "#PRS_ORG #": there, with a space inside: a spacing error, not an omission
    mangled = Counter(regex.sub(r"\s+", "", m) for m in MANGLED.findall(text)) - out_ph
    for ph in list(ph_missing):
        fixed = min(ph_missing[ph], mangled[ph])
        if fixed:
            s["ph_mangled"] += fixed
            ph_missing[ph] -= fixed
    ph_missing = +ph_missing
    s["ph_missing"] = sum(ph_missing.values())
    if ph_missing:
        evidence.append(("ph_missing", " ".join(ph_missing)))
    out_stems = {_fold(w)[:4] for w in WORD.findall(text)}
    out_stems |= {_fold(w)[:3] for w in WORD.findall(text)}
    for line in src_lines:
        for name in _source_names(line):
            key = _fold(name)
            if key[:4] not in out_stems and key[:3] not in out_stems:
                s["name_missing"] += 1
                evidence.append(("name_missing", name))
                if zipf_frequency(name.lower(), "en") < 2.0 and zipf_frequency(name, "de") < 2.0:
                    s["name_missing_rare"] += 1
                    evidence.append(("name_missing_rare", name))
    if len(lines) != len(src_lines):
        return
    for out, src in zip(lines, src_lines):
        if len(src) < 20:
            continue
        r = len(out) / len(src)
        src_words = len(src.split())
        # German runs 10-30 % longer than English in characters; a line far
        # outside that band has lost or gained content
        if r < 0.75:
            s["len_short"] += 1
            evidence.append(("len_short", f"{r:.2f} {out[:100]} || {src[:100]}"))
        if r > 1.9:
            s["len_long"] += 1
            evidence.append(("len_long", f"{r:.2f} {out[:100]} || {src[:100]}"))
        s["len_band"] += src_words * (max(0.0, 0.9 - r) + max(0.0, r - 1.6))
        # a quoted title may stay English („Interview with the Vampire“-Autorin)
        out_words = [w.lower() for w in WORD.findall(QUOTED.sub(" ", out))]
        if len(out_words) >= 4:
            src_set = {w.lower() for w in WORD.findall(src)}
            overlap = sum(w in src_set for w in out_words) / len(out_words)
            english = sum(w in EN_FUNCTION for w in out_words)
            if overlap >= 0.5 and english >= 2:
                s["copied"] += 1
                evidence.append(("copied", out[:160]))
        if END_MARK.search(src) and not END_MARK.search(out) and r < 0.85:
            s["trunc_src"] += 1
            evidence.append(("trunc_src", f"{out[-80:]} || {src[-80:]}"))
        out_low, src_low = [w.lower() for w in WORD.findall(out)], [w.lower() for w in WORD.findall(src)]
        if _loop_line(out_low) and not _loop_line(src_low):
            s["loop_src"] += 1
            evidence.append(("loop_src", out[:160]))
        for mark in "?!()%":
            s["punct_mismatch"] += abs(out.count(mark) - src.count(mark))
        if len(SENT_END.findall(src)) > len(SENT_END.findall(out)):
            s["sent_mismatch"] += 1
            evidence.append(("sent_mismatch", f"{out[:100]} || {src[:100]}"))
        src_lower = {w for w in WORD.findall(src) if w[0].islower()}
        for w in WORD.findall(QUOTED.sub(" ", out)):
            if (w in src_lower and len(w) > 2 and zipf_frequency(w, "en") >= 3.0
                    and zipf_frequency(w, "de") < zipf_frequency(w, "en") - 1.0):
                s["english_words_src"] += 1
                evidence.append(("english_words_src", w))
        if len(QUOTES.findall(out)) % 2 != len(QUOTES.findall(src)) % 2:
            s["quote_parity_src"] += 1
            evidence.append(("quote_parity_src", out[:120]))
