"""What the parser is shown: the document text with layout that derails it neutralised.

Every change keeps the text's length, so all offsets still point into the original text (rows
take their sentences from the original). Applied before tokenisation:

- datelines ("ABU DHABI, Jan 15 (Reuters) - ", "ISLAMABAD: ") become spaces;
- enumerators inside a sentence ("will (i) modify ... and (ii) remove") become spaces;
- enumerators that open a line ("3.", "(a)", "iv)") become spaces (a bullet symbol would become
  the parser's root); their offsets are returned so the extractor still reads a list item;
- an operative paragraph of a resolution or communique ("9. Pledges to mobilise ...") is shown
  as "It pledges to mobilise ...": its subject is the body that issues the text, and without
  one the parser reads "Pledges" as a noun. Unnumbered, the verb is only lower-cased.
"""
from __future__ import annotations

import re

from pipeline.extract.lexicon import words

_INLINE_ENUM = re.compile(r"(?<=[^\S\n])\((?:[ivx]{1,5}|[a-hA-H]|\d{1,2})\)(?=\s)")
_LINE_ENUM = re.compile(r"(?m)^([^\S\n]*)(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)])([^\S\n]+)(?=\S)")
_DATELINE = re.compile(
    r"(?m)^[A-Z][A-Z.'’ -]{1,30}[A-Z.](?:,\s*[A-Z][a-z]{2,9}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"
    r"(?:\s*\([A-Z][A-Za-z .]+\))?\s*(?:[-–—:])[^\S\n]+(?=[A-Z])")
_OPERATIVE = re.compile(r"(?m)^([^\S\n]*)(?:(It[^\S\n]+))?([A-Z][a-z]+)(?=[^\S\n])")


def _blank(m: re.Match) -> str:
    return " " * len(m.group())


def for_parser(text: str) -> tuple[str, dict[int, str]]:
    """The text as the parser should see it (same length as ``text``), and where list items
    begin (the first character after a line's enumerator) with the enumerator's style:
    "number" (3.), "letter" ((a), b)) or "roman" (iv.)."""
    items: dict[int, str] = {}
    out = _DATELINE.sub(_blank, text)
    out = _INLINE_ENUM.sub(_blank, out)

    def line_enumerator(m: re.Match) -> str:
        indent, enum, gap = m.group(1), m.group(2), m.group(3)
        items[m.end()] = _style(enum)
        rest = m.string[m.end():m.end() + 30].split(maxsplit=1)
        if rest and rest[0].lower() in words("operative_verbs") and len(enum) >= 2:
            return indent + "It" + " " * (len(enum) - 2) + gap  # "9. Pledges to" -> "It pledges to"
        return indent + " " * len(enum) + gap

    out = _LINE_ENUM.sub(line_enumerator, out)
    out = _OPERATIVE.sub(_operative, out)
    assert len(out) == len(text)
    return out, items


def _style(enum: str) -> str:
    core = enum.strip("().")
    if core.isdigit():
        return "number"
    if len(core) > 1 or core in "ivx":
        return "roman" if set(core.lower()) <= set("ivxlc") else "letter"
    return "letter"


def _operative(m: re.Match) -> str:
    verb = m.group(3)
    if verb.lower() not in words("operative_verbs"):
        return m.group()
    return (m.group(1) or "") + (m.group(2) or "") + verb.lower()
