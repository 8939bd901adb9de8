"""Plain text and Markdown: bytes in, normalised text out.

Decoding order: a BOM (utf-8, utf-16, utf-32) wins; then strict utf-8; then cp1252 (a superset
of Latin-1's printable range that Windows tools write); then Latin-1, which never fails. A file
with NUL bytes or many control characters is binary whatever its name says, except utf-16
without a BOM, which is recognised by its NULs at every other byte.
"""
from __future__ import annotations

import codecs
import re

from pipeline.ingest.document import Rejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before utf-16-le: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192
# C0 controls other than \t \n \v \f \r, DEL, and ESC; 0x1a (Ctrl-Z) ends old DOS text files
_CONTROL = frozenset(range(0x00, 0x09)) | frozenset(range(0x0E, 0x1A)) | frozenset(range(0x1B, 0x20)) | {0x7F}


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit at (almost) every odd/even byte: ASCII-range
    text saved as UTF-16 by a tool that wrote no BOM."""
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    odd = sum(1 for i in range(1, pairs * 2, 2) if sample[i] == 0)
    even = sum(1 for i in range(0, pairs * 2, 2) if sample[i] == 0)
    if odd > 0.9 * pairs and even < 0.05 * pairs:
        return "utf-16-le"
    if even > 0.9 * pairs and odd < 0.05 * pairs:
        return "utf-16-be"
    return None


def decode_text(raw: bytes) -> str:
    """Text from bytes, or ``Rejected("binary file, not text")``.

    >>> decode_text("Caf\\u00e9".encode("cp1252"))
    'Café'
    """
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise Rejected("binary file, not text") from None
    sample = raw[:_SAMPLE]
    if b"\x00" in sample:
        encoding = _utf16_without_bom(sample)
        if encoding is None:
            raise Rejected("binary file, not text")
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            raise Rejected("binary file, not text") from None
    if sample and sum(1 for b in sample if b in _CONTROL) > 0.05 * len(sample):
        raise Rejected("binary file, not text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


# Unicode spaces that downstream regexes (amounts, dates) should see as a plain space
_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\v]")
# zero-width characters, soft hyphen and a BOM in the middle of a text: invisible, drop them
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """One normal form for every format: ``\\n`` line ends, no trailing spaces, at most one
    blank line between paragraphs, Unicode spaces as ' ', no invisible characters.

    >>> normalise_text("Title\\r\\n\\r\\n\\r\\nBody\\u00a0text  \\r")
    'Title\\n\\nBody text'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0c", "\n\n")
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _CONTROLS.sub("", text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip("\n ")


# --- Markdown ---------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_ATX_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(=+|-+)[ \t]*$")
_RULE = re.compile(r"^[ \t]{0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_REF_DEFINITION = re.compile(r"^[ \t]{0,3}\[[^\]]+\]:[ \t]*\S+.*$")
_BLOCKQUOTE = re.compile(r"^[ \t]{0,3}>[ \t]?")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """YAML-ish ``key: value`` front matter (only flat scalars are read), and the rest."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    fields = {}
    for line in match.group(1).split("\n"):
        key, sep, value = line.partition(":")
        if sep and key.strip() and not key.startswith((" ", "\t")):
            fields[key.strip().lower()] = value.strip().strip("\"'")
    return fields, text[match.end():]


def _inline(line: str) -> str:
    line = _IMAGE.sub(r"\1", line)
    line = _LINK.sub(r"\1", line)
    line = _REF_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS_STAR.sub(r"\1", line)
    line = _EMPHASIS_UNDERSCORE.sub(r"\1", line)
    return _STRIKE.sub(r"\1", line)


def strip_markdown(text: str) -> tuple[str, str | None, dict[str, str]]:
    """Markdown to plain text, lightly: heading marks, emphasis, code marks, rules and
    reference definitions go; links become their text; list markers and paragraphs stay.
    Returns (text, first heading or None, front-matter fields).

    >>> strip_markdown("# Joint *Statement*\\n\\nSee [the text](http://x.org).")[:2]
    ('Joint Statement\\n\\nSee the text.', 'Joint Statement')
    """
    fields, text = _front_matter(text)
    out: list[str] = []
    heading: str | None = None
    in_fence = False
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(line)
            continue
        if _REF_DEFINITION.match(line):
            continue
        if _SETEXT_UNDERLINE.match(line) and out and out[-1].strip():
            if heading is None and line.strip().startswith("="):
                heading = out[-1].strip()
            out.append("")  # the underlined line was a heading: end its paragraph
            continue
        if _RULE.match(line):
            out.append("")
            continue
        while _BLOCKQUOTE.match(line):
            line = _BLOCKQUOTE.sub("", line, count=1)
        match = _ATX_HEADING.match(line)
        if match:
            line = _inline(match.group(2) or "")
            if heading is None and len(match.group(1)) <= 2:
                heading = line.strip() or None
            # a heading is its own paragraph even when the author wrote no blank line after it
            out.extend([line, ""])
            continue
        out.append(_inline(line))
    return _BLANK_LINES.sub("\n\n", "\n".join(out)), heading, fields
