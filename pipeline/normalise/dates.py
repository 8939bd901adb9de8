"""Deadlines: the date or event by which a commitment is to be done, normalised.

Text (a sentence) and the document's date in; ``Deadline`` records out, each with the phrase as
written, its character offsets, the last day of the period it names and the period's granularity::

    >>> parse_deadline("The pipeline should be operational by the end of next year.", "2025-08-15")
    Deadline(text='by the end of next year', date=datetime.date(2026, 12, 31), granularity='year', ...)

How it works
------------
The deadline grammar is ours: regexes over phrase patterns, compiled once from the word lists in
``pipeline/lexicons/timing_*`` (month names, numbers, markers such as "by" / "no later than" /
"within", event nouns, tense cues, vague-timing and recurring phrases). A phrase is

* a **date core** (``14 May 2025``, ``June 2025``, ``2027``, ``the first quarter of 2026``, ``H1 2026``,
  ``summer 2026``, ``2022-2024``, ``next year``, ``this decade``, ``year-end``) with an optional
  modifier on its left (``the end of``, ``mid-``, ``early``, ``late``, ``the beginning of``) and a
  marker (``by``, ``before``, ``no later than``, ``until``, ``in``, ``on``, ``during``, ``effective as
  of``, ...). Absolute cores need a marker or a modifier ("the June 2025 war" is no deadline);
  relative ones ("next year") do not;
* a **duration** counted from the document's date (``within six months``, ``over the next 5 years``,
  ``in two years' time``), or from an anchor (``within six months of entry into force of the
  Agreement`` is an event deadline, ``90 days after 1 January 2026`` a date);
* an **event deadline** (no date): a marker and a noun phrase headed by an event or milestone noun
  (``by the next summit``, ``ahead of the G20 summit``, ``upon implementation of the above
  measures``, ``subject to the successful conclusion of ...``), or a clause marker and a clause with
  an event word (``when the EU introduces the legislation``, ``once such requirements are in place``).
  An event phrase that states its own date ("by the AU Summit in February 2023") takes that date;
* a **year naming a future event** after a committing verb (``will co-host the 2024 Indo-Pacific
  Business Forum``): the year, granularity year.

dateparser (``languages=['en']``, one parser built once) reads the day-level dates inside a matched
phrase; it is never run over the whole sentence (it is no deadline parser: it misses "June 2025",
reads "by 2027" with the reference's month and day, and takes "may", "march" or "A second" for dates).
A pre-filter skips sentences with no digit, month, time word or event word in microseconds.

Conventions (documented choices)
--------------------------------
* The date is the **last day** of the period: "by 2027" -> 2027-12-31 (year), "in June 2025" ->
  2025-06-30 (month), "Q1 2026" -> 2026-03-31 (quarter), "mid-2026" -> 2026-06-30 (half),
  "early next year" -> 31 March of next year (quarter), "the beginning of 2026" -> 2026-01-31 (month),
  "late 2026" / "later this year" -> 31 December (year). Mid-, early and late months give the month.
* "before X" is read like "by X" (the last day of X), as annotators do for "before the end of next year".
* Durations count from the reference date with granularity day: "within six months" of 2025-08-15
  is 2026-02-15; "over the next year" is one year on. Weeks ("next week") end on Sunday, granularity day.
* "this decade" is the calendar decade of the reference year's digits: 2020-2029, so 2029-12-31
  (granularity year); "next decade" ends 2039-12-31 for a 2025 reference.
* Seasons are northern meteorological seasons (summer ends 31 August), granularity quarter; winter
  2026 ends in February 2027. Fiscal years are read as calendar years.
* A month or day without a year ("by 15 December", "in September", "next March") is its next
  occurrence from the reference date; after an occurrence marker ("in", "on") one that fell within
  the last six months is a past event instead, unless a future verb governs it ("shall meet in March").
* "before the 2024 summit" is an event deadline (date None): a year naming an event after a marker
  does not date it, while "by the AU Summit in February 2023" states its date and takes it.
* Numeric dates (12/05/2025) are read by dateparser's English default (month first when ambiguous).
* Without a reference date, relative phrases ("next year", "within 90 days", "in September") give a
  Deadline with date None (text and granularity kept); absolute ones still resolve.

Not deadlines
-------------
* Past events, by lexical cues only (there is no parser here). With a reference date, an absolute
  period that ended before it is past when an occurrence marker ("in", "on", "during", "at")
  introduces it; after "by"/"before"/"until"/"within" it is kept unless over five years old (then it
  is an amount or history: "by 2000"). "On <the document's own day>" is the event being reported.
  Then the nearest tense cue in the clause decides (``timing_tense_cues.tsv``): an auxiliary or
  adverb of the past ("was signed on", "has been", "since", "last") drops any phrase; a simple past
  ("launched ... on", "held in", "In 2019, they signed") drops phrases introduced by in/on/at/during
  but not a by/before deadline ("agreed on completion by 2027"); "will", "to <verb>", "aim",
  "scheduled" or a gerund ("ending the pandemic in 2022") keep it. An event phrase that states a
  date before the reference date is a past event too.
* Years and dates used as names: a date right after "the" and before a noun ("the 2016 arbitral
  tribunal", "the September 22 Joint Statement", "the 2030 Agenda"), a four-digit number after
  "Article", "No.", "Resolution" ... or before a unit or "levels" (``timing_year_blockers.tsv``).
* Durations of a measure: "for an initial period of 90 days", "a 90-day suspension", "for the next
  decade" (``measure`` markers); recurring schedules ("annually") and vague timing ("soon", "in the
  coming months") have their own functions and are never deadlines.
* Dates inside a parenthetical aside ("The UAE – host of COP28 in 2023 – will invest") describe
  something else and are skipped, unless the aside is only the deadline ("(by 2030)").

Limits: a past tense far from the date, or a time that qualifies a role rather than the action
("as Chairman of ASEAN next year, Indonesia will ...") can fool the cues; weekdays ("on Monday") are
not resolved; a deadline stated in a list's lead-in sentence is not in the item's sentence (the
extractor inherits it); a sentence with two commitments yields both deadlines from ``find_deadlines``
with offsets, and the caller assigns them to clauses.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

logger = logging.getLogger(__name__)

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"

__all__ = ["Deadline", "parse_deadline", "find_deadlines", "find_vague_timing", "find_recurring"]


@dataclass(frozen=True)
class Deadline:
    """A deadline stated in a sentence.

    ``date`` is the last day of the period (None for an event deadline such as "by the next summit",
    or for a relative phrase when no reference date was given); ``granularity`` is "day", "month",
    "quarter", "half" or "year" (None for event deadlines); ``start``/``end`` are the offsets of
    ``text`` in the input.
    """

    text: str
    date: dt.date | None
    granularity: str | None
    start: int
    end: int


# --------------------------------------------------------------------------------------------
# Data files
# --------------------------------------------------------------------------------------------

def _lines(name: str) -> list[str]:
    """Non-blank, non-comment lines of ``lexicons/<name>``."""
    out = []
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line.rstrip("\n"))
    return out


def _table(name: str) -> dict[str, list[list[str]]]:
    """Rows of a TSV lexicon grouped by their first column (lower-cased fields)."""
    rows: dict[str, list[list[str]]] = {}
    for line in _lines(name):
        fields = [f.strip().lower() for f in line.split("\t")]
        rows.setdefault(fields[0], []).append(fields[1:])
    return rows


def _key(phrase: str) -> str:
    """A lexicon lookup key: lower case, hyphens as spaces, single spaces."""
    return " ".join(phrase.lower().replace("-", " ").split())


def _alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first, spaces matching any whitespace."""
    uniq = sorted(set(phrases), key=lambda p: (-len(p), p))
    return "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in uniq)


# --------------------------------------------------------------------------------------------
# Calendar arithmetic
# --------------------------------------------------------------------------------------------

def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _add(ref: dt.date, n: int, unit: str) -> dt.date | None:
    """``ref`` plus ``n`` units (months clamp to the month's last day); None when out of range."""
    try:
        if unit == "hour":
            return ref + dt.timedelta(days=-(-n // 24))
        if unit == "day":
            return ref + dt.timedelta(days=n)
        if unit == "week":
            return ref + dt.timedelta(weeks=n)
        months = n * {"month": 1, "year": 12, "decade": 120}[unit]
        y, m = divmod(ref.month - 1 + months, 12)
        y += ref.year
        return dt.date(y, m + 1, min(ref.day, calendar.monthrange(y, m + 1)[1]))
    except (OverflowError, ValueError, KeyError):
        return None


@dataclass(frozen=True)
class _Period:
    first: dt.date
    last: dt.date
    granularity: str


def _year(y: int) -> _Period:
    return _Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _month(y: int, m: int) -> _Period:
    return _Period(dt.date(y, m, 1), _month_end(y, m), "month")


def _quarter(y: int, q: int) -> _Period:
    return _Period(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")


def _half(y: int, h: int) -> _Period:
    return _Period(dt.date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half")


def _season(y: int, months: tuple[int, int]) -> _Period:
    first, last = months
    end_year = y + 1 if last < first else y
    return _Period(dt.date(y, first, 1), _month_end(end_year, last), "quarter")


def _decade(y: int) -> _Period:
    d = y - y % 10
    return _Period(dt.date(d, 1, 1), dt.date(d + 9, 12, 31), "year")


def _week(ref: dt.date, offset: int) -> _Period:
    monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=offset)
    return _Period(monday, monday + dt.timedelta(days=6), "day")


def _modify(p: _Period, kind: str | None) -> _Period:
    """Apply a left modifier's kind ("end", "mid", "early", "beginning"; see timing_vocabulary.tsv)."""
    if not kind or kind == "end":
        return p  # the end of, late, later, year-end: the period's own last day
    span_days = (p.last - p.first).days
    if span_days < 300:  # a month, quarter or half: early/mid/late still name that period
        return p
    if span_days > 400:  # a decade or a range of years: early, mid and the beginning name one of its years
        return _year(p.first.year + {"mid": 5, "early": 2, "beginning": 0}[kind])
    if kind == "mid":
        return _Period(p.first, _month_end(p.first.year, 6), "half")
    if kind == "early":
        return _Period(p.first, _month_end(p.first.year, 3), "quarter")
    return _Period(p.first, _month_end(p.first.year, 1), "month")  # beginning, start, outset


# --------------------------------------------------------------------------------------------
# The grammar, compiled once
# --------------------------------------------------------------------------------------------

_YEAR = r"(?<![\w.,/$€£])(?<!\d[-–])(?:19|20)\d\d(?![\w%])(?![.,]\d)"
_DAY = r"(?P<d>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
_DAY_RANGE = r"(?:(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\s*(?:-|–|—|to|and)\s*)?"
_RELYEAR = r"this\s+year|next\s+year|the\s+(?:current\s+|same\s+)?year"
_FISCAL = r"(?:(?:the\s+)?(?:fiscal|financial|calendar)\s+year\s*|FY\s?)"


class _Grammar:
    """Every regex and word set of the deadline grammar, built from the lexicons once."""

    def __init__(self) -> None:
        vocab = _table("timing_vocabulary.tsv")
        self.months = {w: int(v) for w, v in vocab["month"]}
        self.numbers = {w: int(v) for w, v in vocab["number"]}
        self.ordinals = {w: int(v) for w, v in vocab["ordinal"]}
        self.units = {w: v for w, v in vocab["unit"]}
        self.seasons = {w: tuple(int(x) for x in v.split("-")) for w, v in vocab["season"]}
        self.modifiers = {_key(w): v for w, v in vocab["modifier"]}
        self.spans = {w: v for w, v in vocab["span"]}
        documents = _alternation(w for (w,) in vocab["document"])

        words = _table("timing_function_words.tsv")
        self.np_stop = {w for (w,) in words["np_stop"]}
        self.clause_stop = {w for (w,) in words["clause_stop"]}
        self.subordinators = {w for (w,) in words["subordinator"]}
        self.prepositions = {w for (w,) in words["preposition"]}
        self.trailing = self.prepositions | {w for (w,) in words["trailing"]}
        not_keyword = {w for (w,) in words["not_keyword"]}

        month_forms = []
        for name in self.months:
            month_forms += [name.capitalize(), name.upper()]
        full = [f for f in month_forms if len(f) > 4 or f.lower() in ("may", "june", "july")]
        abbreviated = [f for f in month_forms if f not in full]
        month = (rf"(?-i:(?:{_alternation(full)})(?![A-Za-z])|(?:{_alternation(abbreviated)})"
                 r"(?![A-Za-z])\.?)")
        number = rf"\d{{1,4}}|{_alternation(w for w in self.numbers if w not in ('a', 'an'))}"
        number_any = rf"\d{{1,4}}|{_alternation(self.numbers)}"
        ordinal = _alternation(self.ordinals)
        season = _alternation(self.seasons)
        unit = _alternation(self.units)

        flags = re.IGNORECASE
        # date cores: (name, regex); the longest core at a place wins
        cores = [
            ("dmy", rf"\b{_DAY_RANGE}{_DAY}\s+(?:of\s+)?(?P<mon>{month}),?\s+(?P<y>{_YEAR})"),
            ("mdy", rf"\b(?P<mon>{month})\s+{_DAY_RANGE}{_DAY},?\s+(?P<y>{_YEAR})"),
            ("iso", r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
            ("slash", r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)\b"),
            ("dm", rf"\b{_DAY_RANGE}{_DAY}\s+(?:of\s+)?(?P<mon>{month})"),
            ("md", rf"\b(?P<mon>{month})\s+{_DAY_RANGE}{_DAY}(?!,?\s*\d)"),
            ("my", rf"\b(?P<mon>{month}),?\s+(?:of\s+)?(?P<y>{_YEAR})"),
            ("m", rf"\b(?P<mon>{month})"),
            ("quarter", rf"\b(?P<ord>{ordinal})\s+(?:calendar\s+|fiscal\s+)?quarter(?![\w-])"
                        rf"(?:\s+of\s+(?:the\s+)?(?:{_FISCAL}|year\s+)?(?:(?P<y>{_YEAR})|(?P<rel>{_RELYEAR})))?"),
            ("quarter", rf"\bQ(?P<q>[1-4])(?:\s*(?:of\s+)?(?:(?P<y>{_YEAR})|['’]?(?P<yy>\d\d)\b))?(?![\w-])"),
            ("quarter", r"\b(?P<y>(?:19|20)\d\d)\s*[-/]?\s*Q(?P<q>[1-4])\b"),
            ("half", rf"\b(?P<ord>{ordinal})\s+half\s+of\s+(?:the\s+)?(?:{_FISCAL}|year\s+)?"
                     rf"(?:(?P<y>{_YEAR})|(?P<rel>{_RELYEAR}))"),
            ("half", rf"\bH(?P<h>[12])\s*(?:of\s+)?(?P<y>{_YEAR})"),
            ("half", r"\b(?P<y>(?:19|20)\d\d)\s*H(?P<h>[12])\b"),
            ("season", rf"\b(?P<s>{season})\s+(?:of\s+)?(?P<y>{_YEAR})"),
            ("relseason", rf"\b(?P<rel>this|next|the\s+coming)\s+(?P<s>{season})\b"),
            ("relmonth", rf"\b(?P<rel>this|next|the\s+coming)\s+(?P<mon>{month})(?!\s*\d)"),
            ("range", rf"(?P<y>{_YEAR})\s*(?:-|–|—|/)\s*(?P<y2>(?:19|20)\d\d|\d\d)(?![\w%])(?![.,]\d)"),
            ("range", rf"(?P<y>{_YEAR})\s+(?:to|through|until|till)\s+(?P<y2>{_YEAR})"),
            ("range", rf"(?<=\bbetween\s)(?P<y>{_YEAR})\s+and\s+(?P<y2>{_YEAR})"),
            ("range", rf"(?<=\bfor\s)(?P<y>{_YEAR})\s+and\s+(?P<y2>{_YEAR})"),
            ("year", rf"(?:\b{_FISCAL}|\bthe\s+year\s+)?(?P<y>{_YEAR})"),
            ("year", r"\bFY\s?(?P<y>(?:19|20)\d\d)\b"),
            ("year", r"\bFY\s?(?P<yy>\d\d)\b"),
            ("relative", r"\b(?P<rel>this|next|the\s+current|the\s+next\s+calendar)\s+"
                         r"(?P<unit>year|month|quarter|week|decade)\b(?![-‐])"),
            ("yearend", r"\byear[-\s]end\b"),
            ("bareunit", r"\b(?:the\s+)?(?P<unit>year|month|quarter|week|decade)\b(?![-‐])"),
            ("tomorrow", r"\btomorrow\b"),
        ]
        self.cores = [(name, re.compile(rx, flags)) for name, rx in cores]
        self.written_dates = [(n, rx) for n, rx in self.cores if n in ("dmy", "mdy", "iso", "my", "year")]

        markers = _table("timing_markers.tsv")
        self.date_marker_role: dict[str, str] = {}
        for role in ("occurrence", "deadline"):  # deadline wins where a phrase has both roles
            for (phrase,) in markers.get(role, []):
                self.date_marker_role[" ".join(phrase.split())] = role
        self.starts = {" ".join(p.split()) for (p,) in markers["starts"]}
        self.bare_period = {p for (p,) in markers["bare_period"]}
        self.not_before_month = {p for (p,) in markers["not_before_month"]}
        self.not_before_duration = {p for (p,) in markers["not_before_duration"]}
        self.not_clause_start = {p for (p,) in markers["not_clause_start"]}
        mods = _alternation(w for w, _ in vocab["modifier"])
        self.left = re.compile(
            rf"(?:\b(?P<marker>{_alternation(self.date_marker_role)})\s+)?"
            rf"(?:(?P<mod>{mods})(?:\s*[-‐]\s*|\s+))?(?P<det>the\s+)?$", flags)

        duration_markers = _alternation(p for (p,) in markers["duration"])
        self.duration = re.compile(
            rf"\b(?P<marker>{duration_markers})\s+(?:the\s+)?"
            rf"(?:(?P<rel>{_alternation(self.spans)})\s+)?"
            rf"(?:an?\s+(?=\S+[\s-]+(?:{unit})\b))?"
            rf"(?:(?P<num>{number_any})[\s-]+)?(?P<unit>{unit})(?![\w-])"
            rf"(?:\s+(?:period|timeframe|time\s*frame|window|span))?(?P<time>['’]?s?\s+time)?"
            r"(?:\s+(?P<prep>of|after|following|from)\b)?", flags)
        self.after_duration = re.compile(
            rf"\b(?P<num>{number})[\s-]+(?P<unit>{unit})\s+(?P<prep>after|following|from)\b", flags)

        self.measure_before = re.compile(
            rf"\b(?:{_alternation(p for (p,) in markers['measure'])})\s+(?:the\s+)?$", flags)
        self.event_markers = [" ".join(p.split()) for (p,) in markers["event"]]
        self.clause_markers = {" ".join(p.split()) for (p,) in markers["clause"]}
        self.not_before_clause = {w for (w,) in markers.get("not_before_clause", [])}
        self.marker_rx = re.compile(
            rf"\b(?P<marker>{_alternation(set(self.event_markers) | self.clause_markers)})\s+(?=\S)", flags)

        events = _table("timing_events.tsv")
        self.event_nouns = {w for (w,) in events["event"]}
        self.process_nouns = {w for (w,) in events["process"]}
        single = {w for w in self.event_nouns | self.process_nouns if " " not in w}
        self.single_event_words = single
        multi = [w for w in self.event_nouns | self.process_nouns if " " in w]
        self.multi_event_rx = re.compile(rf"\b(?:{_alternation(multi)})\b", flags) if multi else None
        self.predicate_rx = re.compile(rf"\b(?:{_alternation(w for (w,) in events['predicate'])})\b", flags)
        self.event_year = re.compile(rf"\bthe\s+(?P<y>{_YEAR})\s+(?=[A-Za-z])", flags)

        cues = _table("timing_tense_cues.tsv")
        self.future = {w for (w,) in cues["future"]}
        self.past = {w for (w,) in cues["past"]}
        self.past_verbs = {w for (w,) in cues["past_verb"]}
        self.be = {w for (w,) in cues["be"]}
        self.not_verb = {w for (w,) in cues["not_verb"]}
        self.determiners = {w for (w,) in cues["determiner"]}
        self.adverbs = {w for (w,) in cues["adverb"]}
        self.past_before = {w for (w,) in cues["past_before"]}
        acts = _alternation(w for (w,) in vocab["document_act"])
        self.document_rx = re.compile(
            rf"(?:the\s+date\s+of\s+)?(?:(?:the\s+|its\s+)?(?:{acts})\s+of\s+)?(?:this|the\s+present)\s+(?:{documents})\b"
            rf"|(?:today|now)\b", flags)

        blockers = _table("timing_year_blockers.tsv")
        self.year_blocked_before = {w for (w,) in blockers["before"]}
        self.year_blocked_after = {w for (w,) in blockers["after"]}

        # a sentence without a digit or one of these words cannot hold a deadline (checked word by word:
        # a set lookup per word is ~20x faster than one large case-insensitive alternation)
        self.month_forms = frozenset(f.rstrip(".") for f in month_forms)
        keywords = set(self.units) | set(self.seasons) | {"quarter", "half", "tomorrow", "end", "decade"}
        for entry in self.event_nouns | self.process_nouns | {w for (w,) in events["predicate"]}:
            content = [w for w in entry.split() if w not in not_keyword] or entry.split()
            keywords.add(_norm_word(max(content, key=len)))
        self.keywords = frozenset(keywords)

        self.vague_rx, self.vague_block_rx = _phrase_matcher(_lines("timing_vague.txt"), number_any, unit)
        self.recurring_rx, _ = _phrase_matcher(_lines("timing_recurring.txt"), number_any, unit)


def _phrase_matcher(lines: list[str], number: str, unit: str) -> tuple[re.Pattern, re.Pattern | None]:
    """Compile a phrase list (``<n>`` a number, ``<unit>`` a time unit, ``!phrase`` a blocker)."""
    def rx(phrase: str) -> str:
        parts = []
        for word in phrase.lower().split():
            if word == "<n>":
                parts.append(rf"(?:{number})")
            elif word == "<unit>":
                parts.append(rf"(?:{unit})")
            else:
                parts.append(re.escape(word))
        return r"[\s-]+".join(parts)

    keep = [p.strip() for p in lines if not p.startswith("!")]
    block = [p[1:].strip() for p in lines if p.startswith("!")]
    keep.sort(key=lambda p: -len(p))
    match = re.compile(rf"(?<![\w-])(?:{'|'.join(rx(p) for p in keep)})(?![\w-])", re.IGNORECASE)
    blocker = re.compile(rf"(?<![\w-])(?:{'|'.join(rx(p) for p in block)})(?![\w-])", re.IGNORECASE) \
        if block else None
    return match, blocker


@functools.lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    return _Grammar()


@functools.lru_cache(maxsize=1)
def _date_reader():
    """dateparser's English parser, built once (about 1 ms a date instead of 44 ms with detection)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={
        "REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
        "PREFER_DAY_OF_MONTH": "last", "RETURN_AS_TIMEZONE_AWARE": False})


@functools.lru_cache(maxsize=4096)
def _read_day(written: str) -> dt.date | None:
    """A calendar day as written ("14 May 2025", "2025-05-14", "05/14/2025"), or None if invalid."""
    try:
        data = _date_reader().get_date_data(written)
    except Exception:  # dateparser raises assorted errors on odd strings; an unreadable date is no date
        logger.debug("dateparser could not read %r", written, exc_info=True)
        return None
    return data.date_obj.date() if data and data.date_obj else None


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------

@dataclass
class _Candidate:
    start: int
    end: int
    date: dt.date | None
    granularity: str | None
    kind: str  # "date", "event", "event_year"


_WORD = re.compile(r"[A-Za-z](?:[A-Za-z'’-]|\.(?=[A-Za-z-]))*")
_TOKEN = re.compile(r"\s*([^\s,;:!?()\[\]{}–—\"“”]+)")
_CLAUSE_BREAK = re.compile(r"[;:!?–—\"“”]|,\s|\.\s+(?=[A-Z])|\n")
def _ref_date(reference_date) -> dt.date | None:
    if reference_date is None:
        return None
    try:
        if isinstance(reference_date, dt.datetime):
            value = reference_date.date()
        elif isinstance(reference_date, dt.date):
            value = reference_date
        else:
            value = dt.date.fromisoformat(str(reference_date).strip()[:10])
        return value if isinstance(value, dt.date) and 1 <= value.year <= 9000 else None
    except (ValueError, TypeError, AttributeError, OverflowError):
        logger.debug("unreadable reference date %r", reference_date)
        return None


class _Sentence:
    """One sentence being read: its text, reference date and the grammar."""

    def __init__(self, text: str, ref: dt.date | None, g: _Grammar):
        self.text = text
        self.ref = ref
        self.g = g
        self._asides: list[tuple[int, int]] | None = None

    # ---- context helpers ------------------------------------------------------------------

    def words_before(self, pos: int, n: int = 1) -> list[str]:
        return [w.lower() for w in _WORD.findall(self.text[max(0, pos - 60):pos])][-n:]

    def word_after(self, pos: int) -> str:
        m = re.match(r"\s*([^\s]+)", self.text[pos:pos + 40])
        return m.group(1).lower().strip(".,;:") if m else ""

    def clause_bounds(self, start: int, end: int) -> tuple[int, int]:
        left = 0
        for m in _CLAUSE_BREAK.finditer(self.text, max(0, start - 200), start):
            left = m.end()
        m = _CLAUSE_BREAK.search(self.text, end, end + 300)
        return left, (m.start() if m else min(len(self.text), end + 300))

    def tense(self, start: int, end: int) -> str | None:
        """The nearest tense cue to the phrase in its clause.

        "past" (an auxiliary or adverb of the past: "was signed on", "has been", "since"),
        "past_verb" (a simple past: "launched on", "held in"), "future" ("will", "to <verb>", "aim"),
        "neutral" (a gerund or infinitive phrase the date belongs to: "ending the pandemic in 2022"),
        or None when the clause has no cue.
        """
        left, _ = self.clause_bounds(start, end)
        tokens = _WORD.findall(self.text[max(left, start - 200):start])[-20:]
        found = self._scan(list(reversed(tokens)))
        if found is not None:
            return found
        # nothing before the phrase ("In 2019, the two countries signed ..."): read what follows it
        after = end + re.match(r"[\s,]*", self.text[end:]).end()
        _, right = self.clause_bounds(after, after)
        following = []
        for tok in _WORD.findall(self.text[after:right])[:8]:
            if tok.lower() in self.g.subordinators:
                break
            following.append(tok)
        return self._scan(following, forward=True)

    def _scan(self, tokens: list[str], forward: bool = False) -> str | None:
        """Classify the first cue among ``tokens`` (nearest first); see ``tense``."""
        g = self.g
        for i, tok in enumerate(tokens):
            w = tok.lower().replace("’", "'")
            if w in g.future:
                return "future"
            if w == "to":
                nxt = tokens[i + 1 if forward else i - 1] if (i + 1 < len(tokens) if forward else i > 0) else ""
                if nxt[:1].islower() and nxt.lower() not in g.determiners and nxt.lower() not in g.trailing:
                    return "future"
                continue
            if w in g.past:
                return "past"
            if w in g.be or not tok[0].islower() or w in g.not_verb:
                continue
            if w not in g.past_verbs and len(w) <= 4:
                continue
            if w.endswith("ing"):
                k = i - 1 if forward else i + 1
                prev = tokens[k] if 0 <= k < len(tokens) else ""
                if prev.lower() in g.determiners or prev.lower().endswith(("'s", "’s")):
                    continue  # a noun or adjective: "Xi's opening speech", "the signing ceremony"
                return "neutral"
            if w.endswith("ed") or w in g.past_verbs:
                # the word on the participle's left, past any adverbs ("was formally signed")
                step = -1 if forward else 1
                j = i + step
                while 0 <= j < len(tokens) and tokens[j][0].islower() and (
                        tokens[j].lower().endswith("ly") or tokens[j].lower() in g.adverbs):
                    j += step
                before = tokens[j].lower() if 0 <= j < len(tokens) else ""
                if before in g.determiners:
                    continue  # an adjective: "the expanded facility"
                if before in g.be:
                    continue  # passive: the auxiliary further left decides ("will be signed")
                if before in g.past:
                    return "past"
                return "past_verb"
        return None

    def is_past(self, start: int, end: int, role: str | None) -> bool:
        """Is the phrase about the past? A by/before deadline yields only to an auxiliary of the past."""
        found = self.tense(start, end)
        if role == "deadline":
            return found == "past"
        return found in ("past", "past_verb")

    def asides(self) -> list[tuple[int, int]]:
        """Spans of parenthetical asides: "(...)" and "– ... –" pairs."""
        if self._asides is None:
            spans = [(m.start(), m.end()) for m in re.finditer(r"\([^()]{0,300}\)", self.text)]
            dashes = r"(?<=\s)[–—](?=\s)[^–—]{1,300}?(?<=\s)[–—](?=\s)|—[^–—]{1,300}?—"
            spans += [(m.start(), m.end()) for m in re.finditer(dashes, self.text)]
            self._asides = spans
        return self._asides

    def in_descriptive_aside(self, start: int, end: int) -> bool:
        for a, b in self.asides():
            if a <= start and end <= b:
                inner = self.text[a + 1:b - 1].strip(" ,.")
                if inner.lower() != self.text[start:end].strip().lower():
                    return True
        return False

    def year_blocked(self, y_start: int, y_end: int) -> bool:
        before = self.words_before(y_start)
        prev_raw = self.text[max(0, y_start - 12):y_start].rstrip().split()
        prev = prev_raw[-1].lower() if prev_raw else ""
        after = self.word_after(y_end)
        return (prev in self.g.year_blocked_before or (before and before[-1] in self.g.year_blocked_before
                                                        and prev.rstrip(".") == before[-1])
                or after in self.g.year_blocked_after)

    # ---- date cores ---------------------------------------------------------------------------

    def date_candidates(self) -> list[_Candidate]:
        matches: list[tuple[int, int, str, re.Match]] = []
        for name, rx in self.g.cores:
            for m in rx.finditer(self.text):
                if m.end() > m.start():
                    matches.append((m.start(), m.end(), name, m))
        # longest core at each place; cores inside a longer one are dropped
        matches.sort(key=lambda t: (t[0], -(t[1] - t[0])))
        kept: list[tuple[int, int, str, re.Match]] = []
        for item in matches:
            if kept and item[0] < kept[-1][1]:
                continue
            kept.append(item)
        out = []
        for start, end, name, m in kept:
            cand = self._core_candidate(start, end, name, m)
            if cand is not None:
                out.append(cand)
        return out

    def _core_candidate(self, start: int, end: int, name: str, m: re.Match) -> _Candidate | None:
        g, ref = self.g, self.ref
        window_start = max(0, start - 60)
        left = g.left.search(self.text, window_start, start)
        marker = mod = det = None
        span_start = start
        if left is not None:
            marker, mod, det = left.group("marker"), left.group("mod"), left.group("det")
            if marker or mod or det:
                span_start = left.start("marker") if marker else (left.start("mod") if mod else left.start("det"))
        if mod and mod.lower() == "end" and not marker and name in ("relative", "bareunit"):
            mod, span_start = None, (left.start("det") if det else start)  # "will end next year": a verb
        marker = " ".join(marker.lower().split()) if marker else None
        for_years = name == "range" and not (marker or mod) and _FOR.search(self.text, max(0, start - 8), start)
        if for_years:  # "financing needs for 2026 and 2027", "the work plan for 2026-2027": the period
            marker, span_start = "for the period", for_years.start()
        mod_kind = g.modifiers.get(_key(mod)) if mod else None
        role = g.date_marker_role.get(marker) if marker else None
        relative = name in ("relative", "yearend", "bareunit", "tomorrow", "relseason", "relmonth")
        absolute_named = name in ("dmy", "mdy", "iso", "slash", "my", "year", "range", "dm", "md", "m")

        if name == "bareunit" and not ((mod and _key(mod).endswith(" of")) or marker in g.bare_period):
            return None  # "the year" is a period only in "the end of the year", "within the year"
        if not relative and not (marker or mod):
            return None
        if name in ("dm", "md", "m") and not (marker or mod):
            return None
        if absolute_named and det and not mod and re.match(r"\s*[’']?\w", self.text[end:end + 3]):
            return None  # "in the September 22 Joint Statement": a date used as a name
        year_at = m.start("y") if m.groupdict().get("y") else start
        if name in ("year", "range", "my") and self.year_blocked(year_at, end):
            return None
        if name == "m" and marker in g.not_before_month:
            return None
        if relative and self.words_before(span_start, 1) and self.words_before(span_start, 1)[0] in g.past_before:
            return None  # "earlier this year"

        if not for_years and g.measure_before.search(self.text, max(0, span_start - 30), span_start):
            return None  # "for the next decade": how long a measure lasts
        period, needs_ref = self._period(name, m)
        if period is None and not needs_ref:
            return None
        if period is not None:
            period = _modify(period, mod_kind)
        if needs_ref and ref is not None:
            period = self._infer_year(name, m, role, mod_kind)
            if period is None:
                return None
            period = _modify(period, mod_kind)

        if self.in_descriptive_aside(span_start, end):
            return None
        # "next January", "the coming year" lie ahead whatever verb stands before them ("freight
        # shipped through Lobito from next January"); only an auxiliary of the past turns them back
        ahead = relative and _AHEAD.search(m.group(0))
        if self.is_past(span_start, end, "deadline" if ahead else role or ("deadline" if mod else "occurrence")):
            return None
        if period is not None and ref is not None and not needs_ref and not relative:
            if period.last < ref:
                if role != "deadline" or period.last.year < ref.year - 5:
                    return None
            if period.granularity == "day" and period.last <= ref and role == "occurrence" \
                    and marker not in g.starts:
                return None  # "On July 14, 2022, we met": the document's own day is no deadline
        granularity = period.granularity if period else self._granularity_of(name, m)
        return _Candidate(span_start, end, period.last if period else None, granularity, "date")

    def _granularity_of(self, name: str, m: re.Match) -> str | None:
        if name in ("dm", "md", "tomorrow"):
            return "day"
        if name in ("m", "relmonth"):
            return "month"
        if name in ("relative", "bareunit"):
            unit = m.group("unit").lower()
            return {"week": "day", "decade": "year"}.get(unit, unit)
        if name == "yearend":
            return "year"
        if name in ("quarter", "relseason"):
            return "quarter"
        if name == "half":
            return "half"
        return None

    def _period(self, name: str, m: re.Match) -> tuple[_Period | None, bool]:
        """The period of a core, or (None, True) when it needs the reference date."""
        g = self.g
        gd = m.groupdict()
        try:
            if name in ("dmy", "mdy"):
                month = g.months[gd["mon"].lower().rstrip(".")]
                day = _read_day(f"{int(gd['d'])} {calendar.month_name[month]} {gd['y']}")
                return (_Period(day, day, "day") if day else None), False
            if name == "iso":
                day = _read_day(m.group(0))
                return (_Period(day, day, "day") if day else None), False
            if name == "slash":
                day = _read_day(m.group(0))
                return (_Period(day, day, "day") if day else None), False
            if name == "my":
                return _month(int(gd["y"]), g.months[gd["mon"].lower().rstrip(".")]), False
            if name == "year":
                y = int(gd["y"]) if gd.get("y") else 2000 + int(gd["yy"])
                return _year(y), False
            if name == "range":
                y1 = int(gd["y"])
                y2s = gd["y2"]
                y2 = int(y2s) if len(y2s) == 4 else y1 - y1 % 100 + int(y2s)
                if y2 <= y1 or y2 - y1 > 50:
                    return None, False
                return _Period(dt.date(y1, 1, 1), dt.date(y2, 12, 31), "year"), False
            if name == "quarter":
                q = int(gd["q"]) if gd.get("q") else g.ordinals[gd["ord"].lower()]
                q = 4 if q == -1 else q
                if not 1 <= q <= 4:
                    return None, False
                if gd.get("y"):
                    return _quarter(int(gd["y"]), q), False
                if gd.get("yy"):
                    return _quarter(2000 + int(gd["yy"]), q), False
                return None, True
            if name == "half":
                h = int(gd["h"]) if gd.get("h") else g.ordinals[gd["ord"].lower()]
                h = 2 if h == -1 else h
                if h not in (1, 2):
                    return None, False
                if gd.get("y"):
                    return _half(int(gd["y"]), h), False
                return None, True
            if name == "season":
                return _season(int(gd["y"]), g.seasons[gd["s"].lower()]), False
        except (ValueError, KeyError, OverflowError):
            return None, False
        return None, True  # dm, md, m, relative, yearend, bareunit, tomorrow, relseason, relmonth

    def _infer_year(self, name: str, m: re.Match, role: str | None, mod_kind: str | None) -> _Period | None:
        """Resolve a core that needs the reference date."""
        g, ref = self.g, self.ref
        gd = m.groupdict()
        try:
            if name in ("relative", "bareunit"):
                rel = (gd.get("rel") or "this").lower().split()[-1]
                offset = 1 if rel in ("next", "calendar") else 0
                unit = gd["unit"].lower()
                if unit == "year":
                    return _year(ref.year + offset)
                if unit == "month":
                    first = _add(ref.replace(day=1), offset, "month")
                    return _month(first.year, first.month)
                if unit == "quarter":
                    q = (ref.month - 1) // 3 + 1 + offset
                    return _quarter(ref.year + (q - 1) // 4, (q - 1) % 4 + 1)
                if unit == "week":
                    return _week(ref, offset)
                if unit == "decade":
                    return _decade(ref.year + 10 * offset)
            if name == "yearend":
                return _year(ref.year)
            if name == "tomorrow":
                day = ref + dt.timedelta(days=1)
                return _Period(day, day, "day")
            if name == "relseason":
                months = g.seasons[gd["s"].lower()]
                rel = gd["rel"].lower().split()[-1]
                p = _season(ref.year, months)
                if rel in ("next", "coming") and p.first <= ref or p.last < ref:
                    p = _season(ref.year + 1, months)
                return p
            if name == "relmonth":
                month = g.months[gd["mon"].lower().rstrip(".")]
                this_year = _month(ref.year, month)
                if gd["rel"].lower() == "this" or (this_year.last >= ref and month > ref.month):
                    return this_year
                return _month(ref.year + 1, month)
            # a month, day, quarter or half without its year
            def period_in(y: int) -> _Period | None:
                if name in ("dm", "md"):
                    month = g.months[gd["mon"].lower().rstrip(".")]
                    day = dt.date(y, month, int(gd["d"]))
                    return _Period(day, day, "day")
                if name == "m":
                    return _month(y, g.months[gd["mon"].lower().rstrip(".")])
                if name == "quarter":
                    if gd.get("rel"):
                        y = ref.year + (1 if "next" in gd["rel"].lower() else 0)
                    q = int(gd["q"]) if gd.get("q") else g.ordinals[gd["ord"].lower()]
                    return _quarter(y, 4 if q == -1 else q)
                if name == "half":
                    if gd.get("rel"):
                        y = ref.year + (1 if "next" in gd["rel"].lower() else 0)
                    h = int(gd["h"]) if gd.get("h") else g.ordinals[gd["ord"].lower()]
                    return _half(y, 2 if h == -1 else h)
                return None

            p = period_in(ref.year)
            if p is None:
                return None
            if name in ("quarter", "half") and gd.get("rel"):
                return p
            if _modify(p, mod_kind).last >= ref:
                return p
            if role == "occurrence" and (ref - p.last).days <= 183 and self.tense(m.start(), m.end()) != "future":
                return None  # "in March" read in August: a past event, unless "will/shall ... in March"
            return period_in(ref.year + 1)
        except (ValueError, KeyError, OverflowError, AttributeError, TypeError):
            return None
        return None

    # ---- durations --------------------------------------------------------------------------

    def duration_candidates(self) -> list[_Candidate]:
        g, out = self.g, []
        for m in g.duration.finditer(self.text):
            cand = self._duration(m, m.group("marker"), m.group("rel"), m.group("num"), m.group("unit"),
                                  m.group("prep"))
            if cand:
                out.append(cand)
        for m in g.after_duration.finditer(self.text):
            before = self.words_before(m.start(), 1)
            if before and before[0] in g.not_before_duration:
                continue
            cand = self._duration(m, None, None, m.group("num"), m.group("unit"), m.group("prep"))
            if cand:
                out.append(cand)
        return out

    def _duration(self, m, marker, rel, num, unit_word, prep) -> _Candidate | None:
        g, ref = self.g, self.ref
        span = g.spans.get(rel.lower()) if rel else None
        unit = g.units[unit_word.lower()]
        plural = unit_word.lower().endswith("s")
        if span == "past":
            return None
        if num is None:
            if plural or span != "future":
                return None
            n = 1
        else:
            key = " ".join(num.lower().split())
            n = int(key) if key.isdigit() else g.numbers.get(key)
            if n is None or n <= 0 or n > 1000:
                return None
        start, end = m.start(), m.end()
        if marker and marker.lower() == "in" and num is None and rel is None:
            return None
        if self.words_before(start, 1) in (["for"], ["once"], ["time"]):
            return None
        anchor_date = None
        if prep:
            anchor = self._anchor(m.end("prep"))
            if anchor is None:
                end = m.end("time") if m.groupdict().get("time") else m.end("unit")
            else:
                kind, value, anchor_end = anchor
                end = anchor_end
                if kind == "event":
                    if self.is_past(start, end, "deadline") or self.in_descriptive_aside(start, end):
                        return None
                    return _Candidate(start, end, None, None, "event")
                anchor_date = value
        if span == "anchored" and anchor_date is None:
            return None
        if self.in_descriptive_aside(start, end) or self.is_past(start, end, "deadline"):
            return None
        base = anchor_date or ref
        if base is None:
            return _Candidate(start, end, None, "day", "date")
        date = _add(base, n, unit)
        return _Candidate(start, end, date, "day", "date") if date else None

    def _anchor(self, pos: int) -> tuple[str, dt.date | None, int] | None:
        """What "within six months of|after|from ..." counts from: a date, this document, or an event."""
        g = self.g
        skip = re.match(r"\s+", self.text[pos:])
        at = pos + (skip.end() if skip else 0)
        for name, rx in g.cores:
            if name in ("dmy", "mdy", "iso", "slash"):
                m = rx.match(self.text, at)
                if m:
                    period, _ = self._period(name, m)
                    if period:
                        return "date", period.last, m.end()
        doc = g.document_rx.match(self.text, at)
        if doc:
            return ("date", self.ref, doc.end()) if self.ref else ("event", None, doc.end())
        end = self._np_end(at, 16)
        if end <= at:
            return None
        return "event", None, self._with_predicate(end)

    # ---- events -----------------------------------------------------------------------------

    def _np_end(self, pos: int, max_tokens: int, stop: set[str] | None = None) -> int:
        """End of the noun phrase (or clause, with ``stop=clause_stop``) starting at ``pos``."""
        stop = self.g.np_stop if stop is None else stop
        end = pos
        cursor = pos
        words: list[tuple[str, int]] = []
        for _ in range(max_tokens):
            at = cursor + (len(self.text[cursor:cursor + 8]) - len(self.text[cursor:cursor + 8].lstrip()))
            written = next((d for _, rx in self.g.written_dates[:3] if (d := rx.match(self.text, at))), None)
            if written is not None:  # a date inside the phrase, commas and all ("on January 9-10, 2023")
                cursor = written.end()
                words.append((written.group(0), cursor))
                continue
            m = _TOKEN.match(self.text, cursor)
            if not m:
                break
            tok = m.group(1)
            bare = tok.lower().rstrip(".")
            if bare in stop and words:
                break
            if words and (bare in self.g.past or bare in self.g.past_verbs):
                break
            if words and tok[:1].islower() and (bare.endswith("ly") or bare.endswith("ed") and len(bare) > 4
                                               and words[-1][0].lower() not in self.g.determiners):
                break  # an adverb or a participle ends the noun phrase ("by the end of 2021 primarily channelled")
            if bare == "to" and words:
                nxt = _TOKEN.match(self.text, m.end())
                if nxt and nxt.group(1)[:1].islower() and nxt.group(1).lower() not in ("the", "a", "an"):
                    break
            cursor = m.end()
            if tok.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+|[A-Z][a-z]{0,3}\.|No\.|Nos\.", tok):
                words.append((tok[:-1], cursor - 1))
                break
            words.append((tok, cursor))
        while words and words[-1][0].lower() in self.g.trailing:
            words.pop()
        if words:
            end = words[-1][1]
        return end

    def _with_predicate(self, end: int) -> int:
        """Extend a noun phrase over the event verb that follows it ("the agreement| is signed")."""
        gap = self.text[end:end + 4]
        m = self.g.predicate_rx.match(self.text, end + len(gap) - len(gap.lstrip()))
        return m.end() if m and m.start() - end <= 3 else end

    def dated_before_reference(self, start: int, end: int) -> bool:
        """Does text[start:end] state a date that ended before the reference date (a past event)?"""
        if self.ref is None:
            return False
        for name, rx in self.g.written_dates:
            for m in rx.finditer(self.text, start, end):
                period, _ = self._period(name, m)
                if period is not None and period.last < self.ref:
                    return True
        return False

    def _is_event_np(self, start: int, end: int) -> bool:
        """Is the noun phrase text[start:end] headed by an event or milestone noun?"""
        g = self.g
        np_text = self.text[start:end]
        tokens = _TOKEN.findall(np_text)
        head_tokens = []
        for tok in tokens:
            if tok.lower() in self.g.prepositions and head_tokens:
                break
            head_tokens.append(tok)
        if g.multi_event_rx is not None:
            m = g.multi_event_rx.search(np_text)
            if m and m.start() <= len(" ".join(head_tokens)) + 1:
                return True
        if not head_tokens:
            return False
        head = _norm_word(head_tokens[-1])
        return head in g.single_event_words or head.rstrip("s") in g.single_event_words \
            or (head.endswith("es") and head[:-2] in g.single_event_words)

    def event_candidates(self) -> list[_Candidate]:
        g, out = self.g, []
        for m in g.marker_rx.finditer(self.text):
            marker = " ".join(m.group("marker").lower().split())
            before = self.words_before(m.start(), 1)
            if before and before[0] in g.not_before_clause:
                continue
            at = m.end()
            nxt = _TOKEN.match(self.text, at)
            if nxt is None:
                continue
            first = nxt.group(1).lower()
            cand_end = None
            if marker in g.event_markers:
                end = self._np_end(at, 24)
                if end > at and self._is_event_np(at, end):
                    cand_end = self._with_predicate(end)
            if cand_end is None and marker in g.clause_markers:
                if first in g.not_clause_start \
                        or (first.endswith("ed") and marker in ("once", "when", "after", "before", "until")):
                    continue
                end = self._np_end(at, 14, g.clause_stop)
                clause = self.text[at:end]
                if end > at and (g.predicate_rx.search(clause) or self._is_event_np(at, end)
                                 or (g.multi_event_rx is not None and g.multi_event_rx.search(clause))
                                 or any(_norm_word(t) in g.process_nouns for t in _TOKEN.findall(clause))):
                    cand_end = end
            if cand_end is None or self.dated_before_reference(at, cand_end):
                continue
            role = g.date_marker_role.get(marker) if g.date_marker_role.get(marker) == "deadline" else "occurrence"
            if self.in_descriptive_aside(m.start(), cand_end) or self.is_past(m.start(), cand_end, role):
                continue
            out.append(_Candidate(m.start(), cand_end, None, None, "event"))
        for m in g.event_year.finditer(self.text):
            y = int(m.group("y"))
            at = m.end()
            end = self._np_end(at, 10)
            if end <= at or not self._is_scheduled_event(at, end):
                continue
            if self.year_blocked(m.start("y"), m.end("y")):
                continue
            if self.ref is not None and y < self.ref.year:
                continue
            if self.tense(m.start(), end) != "future" or self.in_descriptive_aside(m.start(), end):
                continue
            out.append(_Candidate(m.start("y"), m.end("y"), dt.date(y, 12, 31), "year", "event_year"))
        return out

    def _is_scheduled_event(self, start: int, end: int) -> bool:
        head_tokens = []
        for tok in _TOKEN.findall(self.text[start:end]):
            if tok.lower() in self.g.prepositions and head_tokens:
                break
            head_tokens.append(tok)
        if not head_tokens:
            return False
        head = _norm_word(head_tokens[-1])
        return head in self.g.event_nouns or head.rstrip("s") in self.g.event_nouns


def _norm_word(tok: str) -> str:
    """Lower-case, drop possessives, digits and hyphens: "COP28" -> "cop", "Summit’s" -> "summit"."""
    w = tok.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = w.rstrip("'")
    return re.sub(r"[\d\-.]+", "", w)


def _resolve(cands: list[_Candidate]) -> list[_Candidate]:
    """Merge an event phrase with the date it states; keep the longest of overlapping phrases."""
    events = [c for c in cands if c.kind == "event"]
    dated = [c for c in cands if c.kind == "date"]
    years = [c for c in cands if c.kind == "event_year"
             and not any(e.start <= c.start and c.end <= e.end for e in events)]
    merged = []
    for e in events:
        inside = [d for d in dated if e.start <= d.start and d.end <= e.end and d.date is not None]
        if inside:
            first = min(inside, key=lambda d: d.start)
            merged.append(_Candidate(e.start, e.end, first.date, first.granularity, "date"))
            dated = [d for d in dated if d not in inside]
        else:
            merged.append(e)
    pool = sorted(dated + merged + years, key=lambda c: (c.start, -(c.end - c.start)))
    kept: list[_Candidate] = []
    for c in pool:
        if kept and c.start < kept[-1].end:
            if (c.end - c.start) > (kept[-1].end - kept[-1].start) and c.start == kept[-1].start:
                kept[-1] = c
            continue
        kept.append(c)
    return kept


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

_DIGIT = re.compile(r"\d")
_FOR = re.compile(r"\bfor\s+$", re.I)
_AHEAD = re.compile(r"\b(?:next|coming|tomorrow)\b", re.I)
_ALPHA = re.compile(r"[A-Za-z]+")


def _may_hold_deadline(text: str, g: _Grammar) -> bool:
    """The pre-filter: a digit, a month name, a time unit or an event word."""
    if _DIGIT.search(text):
        return True
    for word in _ALPHA.findall(text):
        if word in g.month_forms:
            return True
        lower = word.lower()
        if lower in g.keywords or lower[:-1] in g.keywords or lower[:-2] in g.keywords:
            return True
    return False


def find_deadlines(text: str, reference_date: dt.date | str | None = None) -> list[Deadline]:
    """Every deadline stated in ``text``, in order of appearance.

    ``reference_date`` (the document's date) anchors relative phrases. Never raises.

    >>> [d.date for d in find_deadlines("X will be done by 2026 and Y within 90 days.", "2025-05-12")]
    [datetime.date(2026, 12, 31), datetime.date(2025, 8, 10)]
    """
    if not isinstance(text, str) or not text:
        return []
    g = _grammar()
    if not _may_hold_deadline(text, g):
        return []
    sentence = _Sentence(text, _ref_date(reference_date), g)
    try:
        cands = sentence.date_candidates() + sentence.duration_candidates() + sentence.event_candidates()
    except (ValueError, OverflowError, KeyError, IndexError, TypeError):
        logger.warning("deadline grammar failed on %r", text[:200], exc_info=True)
        return []
    out = []
    for c in _resolve(cands):
        phrase = text[c.start:c.end]
        stripped = phrase.strip()
        offset = phrase.find(stripped)
        out.append(Deadline(stripped, c.date, c.granularity, c.start + offset, c.start + offset + len(stripped)))
    return out


def parse_deadline(text: str, reference_date: dt.date | str | None = None) -> Deadline | None:
    """The first deadline stated in a sentence, or None.

    >>> parse_deadline("The railway will be completed by 2027.", "2025-08-15").date
    datetime.date(2027, 12, 31)
    >>> parse_deadline("The joint commission will meet before the next summit.").text
    'before the next summit'
    >>> parse_deadline("In 2019, the two countries signed a memorandum.", "2025-08-15") is None
    True
    """
    found = find_deadlines(text, reference_date)
    return found[0] if found else None


def _phrases(rx: re.Pattern, text: str, blocker: re.Pattern | None = None) -> list[str]:
    if not isinstance(text, str) or not text:
        return []
    blocked = [(m.start(), m.end()) for m in blocker.finditer(text)] if blocker else []
    out: list[str] = []
    for m in rx.finditer(text):
        if any(a < m.end() and m.start() < b and not (m.start() <= a and b <= m.end()) for a, b in blocked):
            continue
        phrase = " ".join(m.group(0).lower().split())
        if phrase not in out:
            out.append(phrase)
    return out


def find_vague_timing(text: str) -> list[str]:
    """Vague timing words in ``text`` (lower-cased as written, each once, in order).

    >>> find_vague_timing("Both sides agreed to quickly open two more as soon as possible.")
    ['quickly', 'as soon as possible']
    """
    g = _grammar()
    return _phrases(g.vague_rx, text, g.vague_block_rx)


def find_recurring(text: str) -> list[str]:
    """Recurring schedules in ``text`` ("annually", "every two years", "at least once a year").

    >>> find_recurring("The commission will meet at least once a year.")
    ['at least once a year']
    """
    return _phrases(_grammar().recurring_rx, text)
