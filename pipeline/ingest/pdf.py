"""Born-digital PDFs: text in reading order, page by page, without running headers, footers
and page numbers, with the character offset where each page starts.

Two libraries, each for what it does best:

* **pypdfium2** (the fast path, hundreds of pages a second) opens the file and gives, per
  page, its text *runs*: pdfium's text lines, cut where a wide gap separates two of the
  line's text rectangles, so the gutter of a two-column page falls between runs.
* **pdfplumber** (pdfminer's layout analysis, slower) where it is the better tool: it finds
  the ruled tables on pages that draw enough lines to hold one (its table finder), which are
  then read row by row, cells joined by " | ", instead of column by column; it reads the
  pages where the fast path is unsure (characters whose indices pdfium's text API cannot
  align, outside the Basic Multilingual Plane; text printed twice at the same place, whose
  duplicate words are dropped) and whole documents that pdfium refuses but pdfminer can
  parse. Its words are merged into runs the same way, so one layout analysis serves both.

The layout analysis is plain geometry on runs: a vertical gutter that text on both sides
respects, which full-width lines (a title, a footnote) may cross, splits a page into
columns, read left then right within each band between full-width lines, recursively (three
columns); rows of runs become lines, lines become paragraphs at a wider gap, a change of font
size, an indent, a bullet, or a short line that ends a sentence. Lines of a paragraph are
joined with a space, and a word hyphenated at a line end is joined again. A line that comes
back at the top or bottom of most pages (digits ignored, so "Page 3 of 9" matches "Page 4 of
9") is a running header or footer; a bare page number at a page's edge is dropped on any page.
"""
from __future__ import annotations

import ctypes
import io
import logging
import re
import statistics
import threading
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pypdfium2 as pdfium

from pipeline.ingest.document import Rejected
from pipeline.ingest.lexicon import load_lines
from pipeline.ingest.metadata import parse_date

log = logging.getLogger(__name__)

NO_TEXT = "no text layer (scanned or image-only PDF)"
DAMAGED = "truncated or damaged PDF"
ENCRYPTED = "encrypted PDF"

_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
# pdfium marks a hyphen it takes for a line-break hyphen with U+FFFE (or U+0002) and joins
# the two lines; U+00AD is a soft hyphen in the text itself
_SOFT_HYPHENS = ("\x02", "\ufffe", "\u00ad")
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_PAGE_NUMBER = re.compile(
    rf"^(?:page|p\.|pg\.?)?\s*[-–—(\[]?\s*(?:\d{{1,4}}|{_ROMAN})\s*[-–—)\]]?"
    r"\s*(?:(?:of|/)\s*\d{1,4})?$", re.I)
# "• ", "- ", "1. ", "(a) ", "iv) "; not "Mr. " or "No. ", which wrap like any word
_BULLET = re.compile(
    r"^(?:[•●▪■◦○‣∙·\-–—*]\s|\(?(?:\d{1,3}|[a-z])[.)]\s|\(?[ivx]{1,5}\)\s)", re.I)
_SENTENCE_END = (".", "!", "?", ":", ";", "…", '"', "”", "’", ")", "]")
_EDGE_ZONE = 0.15  # fraction of the page height where headers and footers live
_EDGE_ROWS = 2
# PDFium is not thread-safe (pypdfium2's documentation says so): Prefect's thread pool task
# runner may ingest several files at once, so every use of it goes through this lock
_PDFIUM_LOCK = threading.RLock()


@dataclass
class Run:
    """A stretch of text on one line; page coordinates from the top-left, in points."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    size: float = 0.0  # font size in points; 0 when unknown
    table: bool = False  # a table row, cells joined by " | "

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    runs: list[Run]
    x0: float = field(init=False)
    x1: float = field(init=False)
    top: float = field(init=False)
    bottom: float = field(init=False)
    text: str = field(init=False)
    size: float = field(init=False)
    table: bool = field(init=False)

    def __post_init__(self):
        self.runs.sort(key=lambda r: r.x0)
        self.x0 = min(r.x0 for r in self.runs)
        self.x1 = max(r.x1 for r in self.runs)
        self.top = min(r.top for r in self.runs)
        self.bottom = max(r.bottom for r in self.runs)
        self.size = max(r.size for r in self.runs)
        self.table = any(r.table for r in self.runs)
        parts: list[str] = []
        previous: Run | None = None
        for run in self.runs:
            text = run.text.strip()
            if not text:
                continue
            if previous is not None and run.x0 - previous.x1 > 0.12 * min(run.height, previous.height):
                parts.append(" ")
            parts.append(text)
            previous = run
        self.text = "".join(parts)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 0.1)


@dataclass
class PdfText:
    text: str
    page_starts: list[int]
    pages: int
    title: str | None
    date: object  # datetime.date | None
    fallback_pages: int = 0  # pages where pdfplumber read text or tables


# --- runs from each library ---------------------------------------------------------------

def _to_top_left(bbox, rotation: int):
    """A function mapping a PDF-space point to (x, y-from-top) as the page is displayed
    turned by ``rotation`` (0, 90 or 270) degrees clockwise."""
    left, bottom, right, top = bbox
    width, height = right - left, top - bottom
    if rotation == 90:
        return lambda x, y: (y - bottom, x - left)
    if rotation == 270:
        return lambda x, y: (top - y, width - (x - left))
    return lambda x, y: (x - left, top - y)


def _clean(text: str) -> str:
    return text.translate(_LIGATURES).replace("\r", " ").replace("\n", " ")


_PDFIUM_LINE = re.compile(r"[^\r\n\ufffe\x02]+[\ufffe\x02]?")


def _pdfium_runs(page) -> tuple[list[Run], bool, float, float]:
    """Runs of one page, whether the fast path is sure of them (else pdfplumber reads the
    page), and the page's displayed width and height.

    pdfium's page text already has a generated line break wherever the text moves to a new
    line (or a hyphen it recognised, U+FFFE/U+0002, ends one). For each such line, the text
    rectangles of its character range give its box; where two rectangles on the line are
    more than ~an em apart (the gutter between two columns written line by line), the line
    is cut there. All of it costs a few calls per line, not per character.
    """
    textpage = page.get_textpage()
    try:
        bbox = page.get_bbox()
        n_chars = textpage.count_chars()
        if n_chars <= 0:
            return [], True, bbox[2] - bbox[0], bbox[3] - bbox[1]
        text = textpage.get_text_range()
        if len(text) != n_chars:  # characters beyond the BMP: indices do not align
            return [], False, bbox[2] - bbox[0], bbox[3] - bbox[1]
        found: list[tuple[list[float], str, float]] = []
        for match in _PDFIUM_LINE.finditer(text):
            start, end = match.span()
            if not text[start:end].strip():
                continue
            for part_start, part_end, box in _split_line(textpage, text, start, end):
                part = text[part_start:part_end]
                # the size of the first and of the middle glyph: a bullet or a lone comma
                # may come from a smaller (or matrix-scaled, size 1) font
                first = part_start + (len(part) - len(part.lstrip()))
                size = max(pdfium.raw.FPDFText_GetFontSize(textpage, first),
                           pdfium.raw.FPDFText_GetFontSize(textpage, (first + part_end) // 2))
                found.append((box, _clean(part), round(size, 1)))
    finally:
        textpage.close()
    rotation = page.get_rotation() % 360
    if rotation in (90, 270):
        # /Rotate turns the page for display. Content drawn sideways so that it reads
        # upright when turned (a landscape table) has lines taller than wide in PDF space:
        # read it turned. Upright content on a turned page is read as written.
        upright = sum(len(t) for box, t, _ in found if box[2] - box[0] >= box[3] - box[1])
        if upright > 0.5 * sum(len(t) for _, t, _ in found):
            rotation = 0
    else:
        rotation = 0  # upside down: pdfium already orders its text for display
    to_view = _to_top_left(bbox, rotation)
    width, height = bbox[2] - bbox[0], bbox[3] - bbox[1]
    if rotation in (90, 270):
        width, height = height, width
    runs = []
    for box, part, size in found:
        (xa, ya), (xb, yb) = to_view(box[0], box[3]), to_view(box[2], box[1])
        runs.append(Run(min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb), part, size))
    return runs, not _overprinted(runs), width, height


def _split_line(textpage, text: str, start: int, end: int):
    """(start, end, box) for each stretch of the line text[start:end] between wide gaps;
    box is (left, bottom, right, top) in PDF space."""
    count = pdfium.raw.FPDFText_CountRects(textpage, start, end - start)
    rects = sorted((textpage.get_rect(i) for i in range(count)), key=lambda r: r[0])
    if not rects:
        return []
    groups = [list(rects[0])]
    for left, bottom, right, top in rects[1:]:
        group = groups[-1]
        em = max(top - bottom, group[3] - group[1], 1.0)
        if left - group[2] > 0.9 * em:
            groups.append([left, bottom, right, top])
        else:
            group[0], group[1] = min(group[0], left), min(group[1], bottom)
            group[2], group[3] = max(group[2], right), max(group[3], top)
    if len(groups) == 1:
        return [(start, end, groups[0])]
    # which stretch each word belongs to, by the x of its first glyph; pdfium's character
    # order need not run left to right (on a page turned 180 degrees it does not)
    cuts = _cuts(textpage, text, start, end, groups, word_starts_only=True)
    if len(cuts) < len(groups):
        cuts = _cuts(textpage, text, start, end, groups, word_starts_only=False)
    bounds = [index for index, _ in cuts] + [end]
    return [(a, b, groups[g]) for (a, g), b in zip(cuts, bounds[1:])]


def _cuts(textpage, text: str, start: int, end: int, groups, word_starts_only: bool):
    """[(index, group)] where the group of the characters changes, from ``start`` on."""
    cuts: list[tuple[int, int]] = []
    for i in range(start, end):
        if text[i].isspace() or (word_starts_only and i > start and not text[i - 1].isspace()):
            continue
        left, _, right, _ = textpage.get_charbox(i)
        x = (left + right) / 2
        group = min(range(len(groups)), key=lambda g: max(groups[g][0] - x, x - groups[g][2], 0))
        if not cuts:
            cuts.append((start, group))
        elif group != cuts[-1][1]:
            # the cut goes after the spaces that end the previous stretch
            cuts.append((i, group))
    return cuts


def _overprinted(runs: list[Run]) -> bool:
    """Whether the page still shows the same text twice at (almost) the same place, as
    some producers print bold. pdfium merges most such copies itself; a page where it has
    not goes to pdfplumber, whose words are deduplicated."""
    seen: dict[tuple[str, int, int], Run] = {}
    for run in runs:
        key = (run.text.strip(), round(run.top / 2), round(run.x0 / 2))
        if key[0] and key in seen:
            return True
        seen[key] = run
    return False


def _plumber_runs(page) -> tuple[list[Run], float, float]:
    """Runs of one pdfplumber page: its words, merged along a line while the gap between
    them stays below a word space-and-a-bit (a column gutter is wider)."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False,
                               use_text_flow=False, extra_attrs=["size"])
    x_offset, y_offset = page.bbox[0], page.bbox[1]
    unique: dict[tuple[str, int, int], dict] = {}
    for word in words:  # a word printed twice at the same place (fake bold) is one word
        unique.setdefault((word["text"], round(word["x0"]), round(word["top"])), word)
    runs: list[Run] = []
    for line in _rows([Run(w["x0"] - x_offset, w["top"] - y_offset, w["x1"] - x_offset,
                           w["bottom"] - y_offset, _clean(w["text"]), round(float(w["size"]), 1))
                       for w in unique.values()]):
        current: list[Run] = []
        for word in line:
            if current and word.x0 - current[-1].x1 > 1.0 * word.height:
                runs.append(_merge(current))
                current = []
            current.append(word)
        if current:
            runs.append(_merge(current))
    return runs, float(page.width), float(page.height)


def _merge(words: list[Run]) -> Run:
    return Run(words[0].x0, min(w.top for w in words), words[-1].x1,
               max(w.bottom for w in words), " ".join(w.text for w in words),
               max(w.size for w in words))


# --- layout: rows, columns, paragraphs ----------------------------------------------------------

def _rows(runs: list[Run]) -> list[list[Run]]:
    """Runs grouped into rows (sharing most of their height), top to bottom, left to right."""
    rows: list[list[Run]] = []
    row_top = row_bottom = 0.0
    for run in sorted(runs, key=lambda r: (r.middle, r.x0)):
        if rows:
            overlap = min(row_bottom, run.bottom) - max(row_top, run.top)
            if overlap >= 0.5 * min(run.height, row_bottom - row_top):
                rows[-1].append(run)
                row_top, row_bottom = min(row_top, run.top), max(row_bottom, run.bottom)
                continue
        rows.append([run])
        row_top, row_bottom = run.top, run.bottom
    for row in rows:
        row.sort(key=lambda r: r.x0)
    return rows


def _find_gutter(runs: list[Run]) -> tuple[float, float] | None:
    """The widest vertical strip that (almost) no run crosses, with a column of text on each
    side that stands beside the other: a two-column layout, else None."""
    if len(runs) < 6:
        return None
    lo, hi = min(r.x0 for r in runs), max(r.x1 for r in runs)
    width = hi - lo
    if width < 120:
        return None
    allowed = max(1, len(runs) // 12)  # full-width lines (title, footnote) may cross
    events = sorted([(r.x0, 1) for r in runs] + [(r.x1, -1) for r in runs])
    best: tuple[float, float] | None = None
    depth, start = 0, None
    for x, step in events:
        before = depth
        depth += step
        if before > allowed >= depth:
            start = x
        elif before <= allowed < depth and start is not None:
            a, b = start, x
            start = None
            if b - a < 7 or not (lo + 0.2 * width <= (a + b) / 2 <= hi - 0.2 * width):
                continue
            if best is None or b - a > best[1] - best[0]:
                if _columns_beside(runs, a, b, lo, hi):
                    best = (a, b)
    return best


def _columns_beside(runs: list[Run], a: float, b: float, lo: float, hi: float) -> bool:
    left = [r for r in runs if r.x1 <= a + 0.5]
    right = [r for r in runs if r.x0 >= b - 0.5]
    if len(left) < 3 or len(right) < 3:
        return False
    width = hi - lo
    # a narrow column of labels ("Date:", "From:") is not a column of text
    if a - min(r.x0 for r in left) < 0.2 * width or max(r.x1 for r in right) - b < 0.2 * width:
        return False
    top = max(min(r.top for r in left), min(r.top for r in right))
    bottom = min(max(r.bottom for r in left), max(r.bottom for r in right))
    shorter = min(max(r.bottom for r in left) - min(r.top for r in left),
                  max(r.bottom for r in right) - min(r.top for r in right))
    return bottom - top >= 0.3 * shorter


def _blocks(runs: list[Run], depth: int = 0) -> list[list[Line]]:
    """Runs in reading order as blocks of lines: columns left to right within each band
    between full-width lines, top to bottom."""
    if not runs:
        return []
    gutter = _find_gutter(runs) if depth < 3 else None
    if gutter is None:
        return [[Line(row) for row in _rows(runs)]]
    a, b = gutter
    blocks: list[list[Line]] = []
    left: list[Run] = []
    right: list[Run] = []
    spanning: list[Run] = []

    def flush_columns():
        blocks.extend(_blocks(left, depth + 1))
        blocks.extend(_blocks(right, depth + 1))
        left.clear()
        right.clear()

    def flush_spanning():
        if spanning:
            blocks.extend(_blocks(spanning, depth + 1))
            spanning.clear()

    for run in sorted(runs, key=lambda r: (r.top, r.x0)):
        if run.x1 <= a + 0.5:
            flush_spanning()
            left.append(run)
        elif run.x0 >= b - 0.5:
            flush_spanning()
            right.append(run)
        else:
            flush_columns()
            spanning.append(run)
    flush_columns()
    flush_spanning()
    return blocks


def _paragraphs(lines: list[Line]) -> list[list[str]]:
    """Lines of one block grouped into paragraphs (lists of line texts)."""
    lines = [line for line in lines if line.text]
    if not lines:
        return []
    left = min(line.x0 for line in lines)
    right = max(line.x1 for line in lines)
    width = right - left
    height = statistics.median(line.height for line in lines)
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:]) if 0 < b.top - a.top < 3 * height]
    pitch = statistics.median(pitches) if pitches else 1.3 * height
    paragraphs = [[lines[0].text]]
    for previous, line in zip(lines, lines[1:]):
        ends_sentence = previous.text.endswith(_SENTENCE_END)
        starts_capital = line.text[:1].isupper() or line.text[:1].isdigit()
        new = (
            line.table or previous.table  # a table row is a paragraph of its own
            or line.top - previous.top > 1.45 * pitch
            or (line.size and previous.size
                and abs(line.size - previous.size) > 0.1 * max(line.size, previous.size))
            or _BULLET.match(line.text) is not None
            or (ends_sentence and previous.x1 < right - max(0.1 * width, 2 * height))
            or (starts_capital and not previous.text.endswith((",", "-"))
                and previous.x1 < right - max(0.3 * width, 4 * height))
            or (ends_sentence and line.x0 > left + max(1.2 * height, 8))
        )
        if new:
            paragraphs.append([line.text])
        else:
            paragraphs[-1].append(line.text)
    return paragraphs


# --- running headers and footers -----------------------------------------------------------

def _edge_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _strip_headers_footers(pages: list[tuple[list[Run], float]]) -> list[list[Run]]:
    """Drop running headers/footers (rows repeated at a page edge on most pages, at the same
    height) and bare page numbers at a page edge."""
    edge_rows: list[list[tuple[str, float, list[Run]]]] = []
    seen: dict[str, list[float]] = defaultdict(list)
    for runs, height in pages:
        rows = _rows(runs)
        candidates = []
        for index, row in enumerate(rows):
            if index >= _EDGE_ROWS and index < len(rows) - _EDGE_ROWS:
                continue
            top = min(r.top for r in row)
            bottom = max(r.bottom for r in row)
            if top > _EDGE_ZONE * height and bottom < (1 - _EDGE_ZONE) * height:
                continue
            text = " ".join(r.text.strip() for r in row)
            candidates.append((_edge_key(text), top, row))
        edge_rows.append(candidates)
        for key in {key for key, _, _ in candidates}:
            seen[key].append(next(top for k, top, _ in candidates if k == key))
    with_text = sum(1 for runs, _ in pages if runs)
    # on most pages, or (chapter headers of a long document) on three pages or more
    repeated = {
        key: statistics.median(tops) for key, tops in seen.items()
        if len(tops) >= 2 and (len(tops) >= 0.5 * with_text or len(tops) >= 3)
    }
    cleaned = []
    for (runs, height), candidates in zip(pages, edge_rows):
        drop: set[int] = set()
        rows = _rows(runs)
        outermost = {id(r) for row in (rows[:1] + rows[-1:]) for r in row}
        for key, top, row in candidates:
            is_repeated = key in repeated and abs(top - repeated[key]) <= 0.02 * height + 2
            is_number = _PAGE_NUMBER.match(key.replace("#", "1")) is not None and id(row[0]) in outermost
            if is_repeated or is_number:
                drop.update(id(r) for r in row)
            elif len(row) > 1:
                # a page number sharing its row with text that runs into the margin
                for run in row:
                    if (_PAGE_NUMBER.match(run.text.strip()) and
                            (run.top < 0.06 * height or run.bottom > 0.94 * height)):
                        drop.add(id(run))
        cleaned.append([r for r in runs if id(r) not in drop])
    return cleaned


# --- joining lines, paragraphs and pages -----------------------------------------------------

@dataclass
class _Joiner:
    vocabulary: Counter
    keep_prefixes: frozenset

    def join(self, previous: str, line: str) -> tuple[int, str]:
        """How to glue ``line`` after ``previous`` within a paragraph: (characters to drop
        from the end of ``previous``, separator)."""
        if previous.endswith("\u00ad"):  # a soft hyphen: the author's own break point
            return 1, ""
        # pdfium marks every hyphen it takes for a line-break hyphen (U+FFFE, U+0002), also
        # in "COVID-" + "19": decide like for a plain hyphen
        hyphen = previous.endswith(("-", "\u2010", "\ufffe", "\x02"))
        if hyphen and len(previous) > 1 and not previous[-2].isspace():
            head = re.search(r"(\w+)[-\u2010\ufffe\x02]$", previous)
            tail = re.match(r"\w+", line)
            if head and tail and previous[-2].islower() and line[:1].islower():
                a, b = head.group(1).lower(), tail.group(0).lower()
                hyphenated, joined = self.vocabulary[f"{a}-{b}"], self.vocabulary[a + b]
                if hyphenated > joined or (not joined and a in self.keep_prefixes):
                    return 0, ""
                return 1, ""
            return 0, ""  # "U.S.-" + "China", "COVID-" + "19": a real hyphen
        return 0, " "


def _continues(previous: str, line: str) -> bool:
    """Whether a paragraph at the top of a column or page carries on the sentence that
    the previous one left unfinished."""
    return bool(previous) and not previous.endswith(_SENTENCE_END) and line[:1].islower()


def _assemble(pages: list[list[list[list[str]]]]) -> tuple[str, list[int]]:
    """pages -> blocks -> paragraphs -> lines, to one text and the offset where each page
    starts."""
    all_lines = [line for page in pages for block in page for para in block for line in para]
    vocabulary = Counter(re.findall(r"\w+(?:-\w+)*", " ".join(all_lines).lower()))
    joiner = _Joiner(vocabulary, load_lines("ingest_keep_hyphen_prefixes.txt"))
    out: list[str] = []
    length = 0
    page_starts: list[int] = []
    empty_pages = 0
    for page in pages:
        started = False
        for block in page:
            for p_index, paragraph in enumerate(block):
                for l_index, line in enumerate(paragraph):
                    if not out:
                        trim, separator = 0, ""
                    elif l_index > 0 or (p_index == 0 and _continues(out[-1], line)):
                        trim, separator = joiner.join(out[-1], line)
                    else:
                        trim, separator = (1, "\n\n") if out[-1].endswith("\u00ad") else (0, "\n\n")
                    if trim:
                        out[-1] = out[-1][:-trim]
                        length -= trim
                    if not started:
                        start = length + len(separator)
                        # pages without text before this one start where it does
                        page_starts.extend([start] * (empty_pages + 1))
                        empty_pages = 0
                        started = True
                    out.append(separator)
                    out.append(line)
                    length += len(separator) + len(line)
        if not started:
            empty_pages += 1
    page_starts.extend([length] * empty_pages)  # trailing pages without text
    text = "".join(out)
    for marker in _SOFT_HYPHENS:
        text = text.replace(marker, "-") if marker != "\u00ad" else text.replace(marker, "")
    return text, page_starts


# --- the document -------------------------------------------------------------------------------

def _title(value) -> str | None:
    """A PDF Title worth keeping: not empty, not a file name, not 'untitled'."""
    if not value:
        return None
    title = " ".join(str(value).split())
    title = re.sub(r"^(microsoft (word|powerpoint) - )", "", title, flags=re.I)
    if not title or title.lower() in {"untitled", "title", "document", "slide 1"}:
        return None
    if re.search(r"\.(docx?|pdf|rtf|odt|txt|indd|pptx?)$", title, re.I):
        return None
    return title


def _check_container(raw: bytes) -> None:
    if not raw:
        raise Rejected("empty")
    if b"%PDF-" not in raw[:1024]:
        raise Rejected("not a PDF")
    # a complete file ends with %%EOF (after a few bytes of trailing junk at most)
    if b"%%EOF" not in raw[-2048:]:
        raise Rejected(DAMAGED)


class _Plumber:
    """pdfplumber on the same bytes, opened only when a page needs it."""

    def __init__(self, raw: bytes):
        self.raw = raw
        self.pdf = None

    def _page(self, index: int):
        import pdfplumber

        if self.pdf is None:
            self.pdf = pdfplumber.open(io.BytesIO(self.raw))
        return self.pdf.pages[index]

    def page_runs(self, index: int) -> tuple[list[Run], float, float]:
        page = self._page(index)
        try:
            return _plumber_runs(page)
        finally:
            page.close()

    def tables(self, index: int) -> list[list[Run]]:
        """The ruled tables of a page (two rows and two columns at least), each as one run
        per row spanning the table, cells joined by " | "."""
        page = self._page(index)
        try:
            x_offset, y_offset = page.bbox[0], page.bbox[1]
            found = []
            for table in page.find_tables():
                rows = table.extract()
                if len(rows) < 2 or max(sum(1 for cell in row if cell) for row in rows) < 2:
                    continue  # a frame around a paragraph, not a table
                runs = []
                for row, cells in zip(table.rows, rows):
                    x0, top, x1, bottom = row.bbox
                    text = " | ".join(" ".join((cell or "").split()) for cell in cells)
                    if text.replace("|", "").strip():
                        runs.append(Run(x0 - x_offset, top - y_offset, x1 - x_offset,
                                        bottom - y_offset, _clean(text), table=True))
                found.append(runs)
            return found
        finally:
            page.close()

    def close(self):
        if self.pdf is not None:
            self.pdf.close()


def _read_with_pdfium(raw: bytes, force_fallback: bool) -> tuple[list[tuple[list[Run], float]], dict, int]:
    with _PDFIUM_LOCK:
        return _read_with_pdfium_locked(raw, force_fallback)


def _read_with_pdfium_locked(raw: bytes, force_fallback: bool):
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium.raw.FPDF_ERR_PASSWORD, pdfium.raw.FPDF_ERR_SECURITY):
            raise Rejected(ENCRYPTED) from None
        raise
    plumber = _Plumber(raw)
    used_plumber: set[int] = set()
    try:
        metadata = document.get_metadata_dict(skip_empty=True)
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                runs, sure, _, height = _pdfium_runs(page)
                maybe_table = page.get_rotation() == 0 and _has_rules(page)
            finally:
                page.close()
            try:
                if not sure or force_fallback:
                    log.debug("page %d: the fast path is unsure, reading it with pdfplumber", index + 1)
                    runs, _, height = plumber.page_runs(index)
                    used_plumber.add(index)
                if maybe_table and runs:
                    tables = plumber.tables(index)
                    if tables:
                        runs = _with_tables(runs, tables)
                        used_plumber.add(index)
            except Exception as error:  # pdfminer fails in many ways on odd pages
                if force_fallback:
                    raise
                # pdfium's reading of the page stands: a refinement failed, not the page
                log.warning("page %d: pdfplumber failed (%r); keeping pdfium's text", index + 1, error)
            pages.append((runs, height))
        return pages, metadata, len(used_plumber)
    finally:
        plumber.close()
        document.close()


def _has_rules(page) -> bool:
    """Whether a page draws lines that could rule a table: three or more horizontal and
    three or more vertical rules (a cell rectangle counts as both), or one path of many
    segments as large as a table. Tiny rules (TeX draws underscores as rules), a frame or a
    header rule do not count, so pdfplumber's table finder runs only where it may find one.
    """
    raw = pdfium.raw
    horizontal = vertical = 0
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    for i in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
            continue
        width, height = right.value - left.value, top.value - bottom.value
        if width >= 15 and height >= 8:  # a cell, a box, or a whole grid in one path
            if width >= 60 and height >= 30 and raw.FPDFPath_CountSegments(obj) >= 12:
                return True
            horizontal += 1
            vertical += 1
        elif width >= 20 and height <= 3:
            horizontal += 1
        elif height >= 10 and width <= 3:
            vertical += 1
        if horizontal >= 3 and vertical >= 3:
            return True
    return False


def _with_tables(runs: list[Run], tables: list[list[Run]]) -> list[Run]:
    """Replace the runs inside each table by the table's rows: a table is read row by row
    (column-by-column reading, which the gutter finder would choose, breaks every row)."""
    boxes = [(min(r.x0 for r in rows), min(r.top for r in rows), max(r.x1 for r in rows),
              max(r.bottom for r in rows)) for rows in tables if rows]

    def inside(run: Run) -> bool:
        x, y = (run.x0 + run.x1) / 2, run.middle
        return any(x0 - 1 <= x <= x1 + 1 and top - 1 <= y <= bottom + 1 for x0, top, x1, bottom in boxes)

    kept = [run for run in runs if not inside(run)]
    sizes = [run.size for run in runs if inside(run) and run.size]
    size = statistics.median(sizes) if sizes else 0.0
    for rows in tables:
        for row in rows:
            row.size = size
            kept.append(row)
    return kept


def _read_with_pdfplumber(raw: bytes) -> tuple[list[tuple[list[Run], float]], dict]:
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            metadata = {k: v for k, v in pdf.metadata.items() if isinstance(v, str)}
            pages = []
            for page in pdf.pages:
                runs, _, height = _plumber_runs(page)
                pages.append((runs, height))
                page.close()
            return pages, metadata
    except PdfminerException as error:
        if "password" in str(error).lower() or "encrypt" in str(error).lower():
            raise Rejected(ENCRYPTED) from None
        raise Rejected(DAMAGED) from None
    except Exception as error:  # pdfminer raises many unrelated types on broken input
        log.debug("pdfplumber cannot read the file either: %r", error)
        raise Rejected(DAMAGED) from None


def extract_pdf(raw: bytes, *, force_fallback: bool = False) -> PdfText:
    """Text, page starts and metadata of a PDF; ``Rejected`` with "empty", "not a PDF",
    "truncated or damaged PDF", "encrypted PDF" or "no text layer (...)".
    ``force_fallback`` reads every page with pdfplumber (for tests and comparisons).
    """
    _check_container(raw)
    fallback = 0
    try:
        pages, metadata, fallback = _read_with_pdfium(raw, force_fallback)
    except pdfium.PdfiumError as error:
        log.debug("pdfium cannot open the file (%s); trying pdfplumber", error)
        pages, metadata = _read_with_pdfplumber(raw)
        fallback = len(pages)
    if not pages:
        raise Rejected(DAMAGED)
    if not any(runs for runs, _ in pages):
        raise Rejected(NO_TEXT)
    cleaned = _strip_headers_footers(pages)
    structured = [[_paragraphs(block) for block in _blocks(runs)] for runs in cleaned]
    text, page_starts = _assemble(structured)
    if not text.strip():
        raise Rejected(NO_TEXT)
    return PdfText(
        text=text,
        page_starts=page_starts,
        pages=len(pages),
        title=_title(metadata.get("Title")),
        date=parse_date(metadata.get("CreationDate")),
        fallback_pages=fallback,
    )
