"""A document's title, date, url and kind, from the sources named in spec/table.md.

Precedence, field by field: the ``published`` argument (the command line's ``--published``,
dates only) > the sidecar ``<stem>.meta.json`` beside the file (keys ``title``, ``date``,
``url``) > the document itself (HTML meta tags, PDF metadata, a dateline in its first lines)
> empty.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.ingest.lexicon import load_json

log = logging.getLogger(__name__)

SIDECAR_SUFFIX = ".meta.json"
KINDS = ("joint_statement", "communique", "news", "other")

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<{name}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_MDY = _MONTH.format(name="m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{4})"
_DMY = r"(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH.format(name="m2") + r",?\s+(?P<y2>\d{4})"
_YMD = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
_DATE = rf"(?:{_MDY}|{_DMY}|{_YMD})"
_DATE_RE = re.compile(rf"\b{_DATE}\b", re.I)
_WEEKDAY = r"(?:(?:mon|tues|tue|wednes|wed|thurs|thu|fri|satur|sat|sun)(?:day)?\.?,?\s+)?"
_LABEL = r"(?:(?:published|posted|updated|released|issued|date|dated|last\s+updated)(?:\s+on)?\s*:?\s*)?"
# "WASHINGTON, " / "Geneva, Switzerland, " / "NEW DELHI, India, ": capitalised words and a comma
_PLACE = r"(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\s*,\s*){0,2}"
_DATELINE = re.compile(
    rf"^\s*{_LABEL}{_PLACE}{_WEEKDAY}{_DATE}"
    r"(?=\s*(?:[—–:|(-]|$)|,?\s+\d{1,2}[:.]\d{2}|\s+(?:at|\|)\s)",
    re.I,
)
_DATELINE_LINES = 8
_PDF_DATE = re.compile(r"^D?:?(\d{4})(\d{2})?(\d{2})?")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})(?:\D|$)")


def _valid(year: int, month: int, day: int) -> dt.date | None:
    if not 1800 <= year <= 2200:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _from_match(match: re.Match) -> dt.date | None:
    g = match.groupdict()
    for y, m, d in (("y1", "m1", "d1"), ("y2", "m2", "d2"), ("y3", "m3", "d3")):
        if g.get(y):
            month = g[m]
            month = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            return _valid(int(g[y]), month, int(g[d]))
    return None


def parse_date(value) -> dt.date | None:
    """A date from a metadata value: a date/datetime, ISO 8601 (the date as written, time
    and zone ignored), ``YYYYMMDD``, a PDF date ``D:20230501...``, or "May 1, 2023".

    >>> parse_date("2023-05-01T21:30:00-04:00"), parse_date("D:20230503093000Z")
    (datetime.date(2023, 5, 1), datetime.date(2023, 5, 3))
    >>> parse_date("Sept. 6, 2018"), parse_date("not a date")
    (datetime.date(2018, 9, 6), None)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    for pattern in (_ISO_PREFIX, _COMPACT):
        match = pattern.match(text)
        if match:
            return _valid(*(int(part) for part in match.groups()))
    if text.startswith("D:"):
        match = _PDF_DATE.match(text)
        if match and match.group(2):
            return _valid(int(match.group(1)), int(match.group(2)), int(match.group(3) or 1))
    match = _DATE_RE.search(text)
    return _from_match(match) if match else None


def find_dateline(text: str) -> dt.date | None:
    """The date of a dateline in the first lines of a text ("WASHINGTON, May 1, 2023 —",
    "May 1, 2023", "Published: 1 May 2023"), else None. Dates inside ordinary sentences
    ("signed on June 12, 2000, the treaty ...") are not datelines.

    >>> find_dateline("Title\\n\\nWASHINGTON, May 1, 2023 — The leaders met.")
    datetime.date(2023, 5, 1)
    >>> find_dateline("The treaty, signed on June 12, 2000, is in force.") is None
    True
    """
    lines = [line for line in text[:3000].split("\n") if line.strip()][:_DATELINE_LINES]
    for line in lines:
        match = _DATELINE.match(line)
        if match:
            date = _from_match(match)
            if date:
                return date
    return None


def title_from_text(text: str) -> str | None:
    """The first line when it is short enough to be a title (a plain-text convention),
    else None.

    >>> title_from_text("Joint Statement on Trade\\n\\nThe two sides met.")
    'Joint Statement on Trade'
    """
    for line in text[:2000].split("\n"):
        line = line.strip()
        if not line:
            continue
        words = line.split()
        if (len(line) <= 200 and len(words) <= 30 and not line.endswith((".", ",", ";", ":"))
                and any(c.isalpha() for c in line) and not _DATELINE.match(line)):
            return line
        return None
    return None


def read_sidecar(path: Path) -> dict:
    """The metadata in ``<stem>.meta.json`` beside ``path``: a dict with any of ``title``
    (str), ``date`` (datetime.date), ``url`` (str); {} when there is none. A sidecar that is
    not valid JSON, or a value that is not usable, is logged and ignored, never fatal."""
    sidecar = path.with_name(path.stem + SIDECAR_SUFFIX)
    try:
        raw = sidecar.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        log.warning("cannot read sidecar %s: %s", sidecar, error)
        return {}
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        log.warning("ignoring sidecar %s: not valid JSON (%s)", sidecar, error)
        return {}
    if not isinstance(data, dict):
        log.warning("ignoring sidecar %s: not a JSON object", sidecar)
        return {}
    found: dict = {}
    for key in ("title", "url"):
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            found[key] = " ".join(value.split())
    if data.get("date") not in (None, ""):
        date = parse_date(data["date"])
        if date is None:
            log.warning("ignoring date %r in sidecar %s: not a date", data["date"], sidecar)
        else:
            found["date"] = date
    return found


@dataclass(frozen=True)
class _KindRule:
    kind: str
    field: str
    pattern: re.Pattern


@lru_cache(maxsize=1)
def _kind_rules() -> tuple[_KindRule, ...]:
    rules = []
    for row in load_json("ingest_kind_cues.json")["rules"]:
        flags = re.I | re.M
        rules.append(_KindRule(row["kind"], row["field"], re.compile(row["pattern"], flags)))
    return tuple(rules)


def guess_kind(title: str | None, text: str, url: str | None = None) -> str:
    """joint_statement, communique, news or other: the first cue of
    ``pipeline/lexicons/ingest_kind_cues.json`` that matches the url, title or lead.

    >>> guess_kind("CARBIS BAY G7 SUMMIT COMMUNIQUÉ", "")
    'communique'
    >>> guess_kind(None, "Chinese President Xi Jinping promised Monday to cancel debt.")
    'news'
    """
    fields = {"title": title or "", "lead": text[:600], "url": url or ""}
    for rule in _kind_rules():
        if rule.pattern.search(fields[rule.field]):
            return rule.kind
    return "other"
