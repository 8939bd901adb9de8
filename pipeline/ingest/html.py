"""HTML pages: the visible text and the page's own metadata, with the standard library's
``html.parser`` (tolerant of broken markup, no extra dependency).

Left out: script, style, noscript, template, svg, nav, header, footer, aside, form, button
and similar elements, comments, anything ``hidden``/``aria-hidden``, ARIA landmark roles of
the same kind, elements whose class/id names page furniture (``ingest_html_boilerplate.json``)
and whole lines such as "Skip to main content". Block elements become line breaks.
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

from pipeline.ingest.document import Rejected
from pipeline.ingest.lexicon import load_json
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.text import decode_text, normalise_text

log = logging.getLogger(__name__)

SKIP_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "math", "nav", "header", "footer",
    "aside", "form", "button", "select", "option", "textarea", "iframe", "object", "embed",
    "canvas", "audio", "video", "map", "dialog", "head", "title",
})
VOID_TAGS = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
PARAGRAPH_TAGS = frozenset({
    "p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl",
    "figure", "section", "article", "main", "address", "hr", "details", "fieldset", "body",
})
LINE_TAGS = frozenset({
    "br", "div", "li", "tr", "dt", "dd", "figcaption", "caption", "summary", "legend", "center",
})
CELL_TAGS = frozenset({"td", "th"})

# meta keys, most specific first
_DATE_KEYS = (
    "article:published_time", "og:published_time", "datepublished", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "date", "publish-date", "publish_date",
    "publication_date", "pubdate", "sailthru.date", "parsely-pub-date", "citation_publication_date",
    "citation_date", "article.published",
)  # never a modified date: a page edited years later would anchor deadlines wrongly
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title", "headline")
_URL_KEYS = ("og:url", "twitter:url")
_SPACE, _LINE, _PARAGRAPH = 1, 2, 3  # breaks between texts, weakest first
_SEPARATORS = {_SPACE: " ", _LINE: "\n", _PARAGRAPH: "\n\n"}
_VISIBLE_MIN = 200  # fewer visible characters than this on a script-heavy page: "no visible text"
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)


@lru_cache(maxsize=1)
def _boilerplate() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    table = load_json("ingest_html_boilerplate.json")
    return (frozenset(table["skip_class_parts"]), frozenset(table["skip_roles"]),
            frozenset(table["skip_lines"]))


@dataclass
class HtmlPage:
    text: str
    title: str | None
    date: object  # datetime.date | None
    url: str | None


class _PageParser(HTMLParser):
    def __init__(self, skip_by_class: bool):
        super().__init__(convert_charrefs=True)
        self.skip_by_class = skip_by_class
        self.class_parts, self.skip_roles, _ = _boilerplate()
        self.pieces: list[str | int] = []  # text, or a break level between texts
        self.skip_tag: str | None = None  # the element being left out, and its nesting depth
        self.skip_depth = 0
        self.skip_is_guess = False  # left out by the class/id rule, which may be wrong
        self.guessed_out = 0  # characters of text the class/id rule left out
        self.pre_depth = 0
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.title_parts: list[str] | None = None
        self.title: str | None = None
        self.h1_parts: list[str] | None = None
        self.h1: str | None = None
        self.ld_json: list[str] | None = None
        self.ld_blocks: list[str] = []

    # -- what to leave out ---------------------------------------------------------------
    def _is_furniture(self, tag: str, attrs: dict[str, str | None]) -> bool:
        """Left out for sure: furniture tags, hidden elements, landmark roles."""
        if tag in SKIP_TAGS:
            return True
        if "hidden" in attrs or (attrs.get("aria-hidden") or "").lower() == "true":
            return True
        style = (attrs.get("style") or "").replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            return True
        return (attrs.get("role") or "").lower() in self.skip_roles

    def _looks_like_furniture(self, tag: str, attrs: dict[str, str | None]) -> bool:
        """Left out on a guess: a class or id naming page furniture ("cookie-banner")."""
        if not self.skip_by_class or tag in ("html", "body", "main", "article"):
            return False
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        parts = set(re.split(r"[\s_-]+", names)) | set(names.split())
        return bool(parts & self.class_parts)

    def _break(self, level: int) -> None:
        self.pieces.append(level)

    # -- parser callbacks ------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = {k.lower(): v for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
            if key and attrs.get("content") and key not in self.meta:
                self.meta[key] = attrs["content"].strip()
            return
        if tag == "link":
            if "canonical" in (attrs.get("rel") or "").lower().split() and attrs.get("href"):
                self.canonical = self.canonical or attrs["href"].strip()
            return
        if tag == "title" and self.title is None:
            self.title_parts = []
        if tag == "h1" and self.h1 is None:
            self.h1_parts = []
        if tag == "script" and (attrs.get("type") or "").lower() == "application/ld+json":
            self.ld_json = []
        if self.skip_tag == "head" and tag == "body":
            self.skip_tag = None  # a page that never closes its <head>
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth += 1
            return
        if tag == "time" and attrs.get("datetime") and "time" not in self.meta:
            self.meta["time"] = attrs["datetime"]  # a visible <time>: last-resort date
        if tag not in VOID_TAGS:
            sure = self._is_furniture(tag, attrs)
            if sure or self._looks_like_furniture(tag, attrs):
                self.skip_tag, self.skip_depth, self.skip_is_guess = tag, 1, not sure
                return
        if tag == "pre":
            self.pre_depth += 1
        if tag in PARAGRAPH_TAGS:
            self._break(_PARAGRAPH)
        elif tag in LINE_TAGS:
            self._break(_LINE)
        elif tag in CELL_TAGS:
            self._break(_SPACE)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_TAGS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title" and self.title_parts is not None:
            self.title = " ".join("".join(self.title_parts).split()) or None
            self.title_parts = None
        if tag == "h1" and self.h1_parts is not None:
            self.h1 = " ".join("".join(self.h1_parts).split()) or None
            self.h1_parts = None
        if tag == "script" and self.ld_json is not None:
            self.ld_blocks.append("".join(self.ld_json))
            self.ld_json = None
        if self.skip_tag is not None:
            if tag == self.skip_tag:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skip_tag = None
            return
        if tag == "pre" and self.pre_depth:
            self.pre_depth -= 1
        if tag in PARAGRAPH_TAGS:
            self._break(_PARAGRAPH)
        elif tag in LINE_TAGS:
            self._break(_LINE)
        elif tag in CELL_TAGS:
            self._break(_SPACE)

    def handle_data(self, data):
        if self.title_parts is not None:
            self.title_parts.append(data)
        if self.h1_parts is not None:
            self.h1_parts.append(data)
        if self.ld_json is not None:
            self.ld_json.append(data)
        if self.skip_tag is not None:
            if self.skip_is_guess:
                self.guessed_out += len(data.strip())
            return
        if self.pre_depth:
            self.pieces.append(data)
        elif data.strip():
            self.pieces.append(re.sub(r"\s+", " ", data))
        elif data:
            self._break(_SPACE)  # whitespace between inline elements is one space

    def handle_comment(self, data):
        pass  # comments are never visible


def _decode(raw: bytes) -> str:
    """Decode with the page's declared charset when it names one Python knows, else sniff."""
    declared = _CHARSET.search(raw[:4096])
    if declared and not raw.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"):
            name = "cp1252"  # what browsers do, per the WHATWG encoding standard
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(raw)


def _visible_text(pieces: list[str | int]) -> str:
    """Assemble texts and breaks (the strongest break between two texts wins), strip each
    line, drop furniture lines, keep at most one blank line between blocks."""
    out: list[str] = []
    pending = 0
    for piece in pieces:
        if isinstance(piece, int):
            pending = max(pending, piece)
            continue
        if out and pending:
            out.append(_SEPARATORS[pending])
        out.append(piece)
        pending = 0
    text = "".join(out)
    skip_lines = _boilerplate()[2]
    lines = []
    for line in text.split("\n"):
        line = line.strip()
        if line and line.lower().rstrip(" .:!|»›>") in skip_lines:
            continue
        lines.append(line)
    return normalise_text("\n".join(lines))


def _json_ld(blocks: list[str]) -> dict[str, str]:
    """datePublished / headline / url of the first schema.org object that has them."""
    found: dict[str, str] = {}

    def visit(node):
        if isinstance(node, list):
            for item in node:
                visit(item)
        elif isinstance(node, dict):
            for key in ("datePublished", "dateCreated", "headline", "name", "url"):
                value = node.get(key)
                if isinstance(value, str) and value.strip() and key not in found:
                    found[key] = value.strip()
            if "@graph" in node:
                visit(node["@graph"])

    for block in blocks:
        try:
            visit(json.loads(block))
        except (json.JSONDecodeError, RecursionError):
            log.debug("ignoring a JSON-LD block that is not valid JSON")
    return found


def _strip_site_name(title: str, site: str | None) -> str:
    if site:
        for sep in (" | ", " - ", " – ", " — ", " :: "):
            if title.endswith(sep + site):
                return title[: -len(sep + site)].strip()
    return title


def extract_html(raw: bytes) -> HtmlPage:
    """Visible text and metadata of an HTML page; ``Rejected("no visible text")`` for a page
    that is empty or nearly all script.

    >>> page = extract_html(b"<html><head><title>T</title><script>var x=1;</script></head>"
    ...                     b"<body><nav>Home</nav><p>The two sides agreed.</p></body></html>")
    >>> page.text, page.title
    ('The two sides agreed.', 'T')
    """
    source = _decode(raw)
    parser = _PageParser(skip_by_class=True)
    parser.feed(source)
    parser.close()
    text = _visible_text(parser.pieces)
    if parser.guessed_out > len(text):
        # the class/id rule guesses; when it removed most of the page it probably hit the
        # article itself (class="article social-share-enabled"): read the page without it
        plain = _PageParser(skip_by_class=False)
        plain.feed(source)
        plain.close()
        text = _visible_text(plain.pieces)
    if not text or (len(text) < _VISIBLE_MIN and len(text) < 0.05 * len(source)):
        raise Rejected("no visible text")

    meta = parser.meta
    ld = _json_ld(parser.ld_blocks)
    title = next((meta[k] for k in _TITLE_KEYS if meta.get(k)), None) or ld.get("headline")
    if not title and parser.title:
        title = _strip_site_name(parser.title, meta.get("og:site_name"))
    title = title or parser.h1 or ld.get("name")
    date = None
    candidates = [meta.get(k) for k in _DATE_KEYS]
    candidates += [ld.get("datePublished"), ld.get("dateCreated"), meta.get("time")]
    for value in candidates:
        date = parse_date(value)
        if date:
            break
    url = next((meta[k] for k in _URL_KEYS if meta.get(k)), None) or parser.canonical or ld.get("url")
    return HtmlPage(text=text, title=" ".join(title.split()) if title else None, date=date,
                    url=url if url and re.match(r"https?://", url) else None)
