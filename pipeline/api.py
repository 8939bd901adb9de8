"""Texts in, commitment rows out: the pipeline as a library, without Prefect.

``analyse`` streams texts through the spaCy pipeline in batches (long texts in paragraph-aligned
chunks) and yields, per text, its rows in the column order of ``pipeline.schema.COMMITMENTS``.
``extract`` is the one-text convenience of ``spec/table.md``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator

import pandas as pd

from pipeline.extract import actors as actor_lib
from pipeline.extract import preparse
from pipeline.extract.commitment import Commitment, remember_text

CHUNK_CHARS = 100_000
_BULLET_CHARS = "-–—•*·▪◦●○■□➢►‣⁃ \t\n"
_TRAILING_ENUMERATOR = re.compile(r"\s*\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]?\s*")
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]\s+")


@dataclass
class TextInput:
    """One text to analyse and what is known about it."""
    text: str
    doc_date: dt.date | None = None
    source: str | None = None
    title: str | None = None
    kind: str = "other"               # joint_statement, communique, news, other
    page_starts: list[int] | None = None
    doc_id: str = field(default="")

    def __post_init__(self):
        if not self.doc_id:
            self.doc_id = doc_id_for(self.text)

    def page_at(self, offset: int) -> int | None:
        if not self.page_starts:
            return None
        import bisect
        return bisect.bisect_right(self.page_starts, offset) or 1


def doc_id_for(text: str) -> str:
    """Content hash of a document's text: sha256, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def as_date(value) -> dt.date | None:
    """A date from a date, datetime or ISO string; None when it is none of those."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def chunks(text: str, size: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """(offset, piece) pairs of at most ``size`` chars, cut at paragraph or line breaks."""
    if len(text) <= size:
        return [(0, text)]
    out, start = [], 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = max(text.rfind("\n\n", start, end), text.rfind("\n", start, end))
            if cut <= start:
                cut = text.rfind(" ", start, end)
            end = cut + 1 if cut > start else end
        out.append((start, text[start:end]))
        start = end
    return out


def analyse(items: Iterable[TextInput], nlp=None, batch_size: int = 16) -> Iterator[tuple[TextInput, list[dict]]]:
    """Yield (item, rows) for every item, in order, streaming through ``nlp.pipe``."""
    from pipeline.nlp import load_nlp

    nlp = nlp or load_nlp()
    pending: dict[int, list] = {}
    expected: dict[int, int] = {}
    order: list[TextInput] = []

    def docs():
        for n, item in enumerate(items):
            order.append(item)
            date = as_date(item.doc_date)
            parties = actor_lib.document_parties(item.text, item.title, date)
            groupings = actor_lib.title_groupings(item.title, parties)
            pieces = chunks(item.text)
            expected[n] = len(pieces)
            pending[n] = []
            for offset, piece in pieces:
                shown, item_starts = preparse.for_parser(piece)
                doc = nlp.make_doc(shown)
                remember_text(doc, shown)
                doc.user_data["item_starts"] = item_starts
                doc._.doc_date = date
                doc._.parties = parties
                doc._.doc_kind = item.kind
                doc._.currency_country = actor_lib.currency_country(parties)
                doc._.groupings = groupings
                yield doc, (n, offset)

    done = 0
    for doc, (n, offset) in nlp.pipe(docs(), as_tuples=True, batch_size=batch_size):
        pending[n].append((offset, list(doc._.commitments or [])))
        while done in expected and len(pending[done]) == expected[done]:
            item = order[done]
            found = [(off, c) for off, cs in sorted(pending.pop(done), key=lambda p: p[0]) for c in cs]
            yield item, rows_for(item, found)
            done += 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without the bullet or enumerator that opens its line, nor trailing space."""
    while start < end and text[start] in _BULLET_CHARS:
        start += 1
    m = _ENUMERATOR.match(text, start, end)
    if m and (start == 0 or text[start - 1] in "\n \t") and m.end() < end:
        start = m.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    cut = text.rfind("\n", start, end)
    if cut > start and _TRAILING_ENUMERATOR.fullmatch(text, cut, end):
        end = cut  # "... by 2030.\n\n7." : the next paragraph's number is not part of the sentence
        while end > start and text[end - 1].isspace():
            end -= 1
    return start, end


def _main_amount(c: Commitment):
    for pick in (lambda a: a.kind == "money" and a.role == "target", lambda a: a.kind == "money",
                 lambda a: a.kind in ("percent", "quantity", "multiplier"), lambda a: True):
        for a in c.amounts:
            if pick(a):
                return a
    return None


def rows_for(item: TextInput, found: list[tuple[int, Commitment]]) -> list[dict]:
    """Table rows (``pipeline.schema.COMMITMENTS`` columns) for one text's commitments."""
    rows, ordinal = [], Counter()
    date = as_date(item.doc_date)
    for offset, c in found:
        start, end = _trim(item.text, offset + c.sent_start, offset + c.sent_end)
        ordinal[(start, c.kind)] += 1
        key = f"{item.doc_id}:{start}:{end}:{c.kind}:{ordinal[(start, c.kind)]}"
        main = _main_amount(c)
        countries = list(dict.fromkeys([*c.actor_codes, *c.place_codes]))
        dl = c.deadline
        rows.append({
            "commitment_id": hashlib.sha256(key.encode()).hexdigest()[:16],
            "doc_id": item.doc_id,
            "source": item.source,
            "doc_date": date,
            "sentence": " ".join(item.text[start:end].split()),
            "char_start": start,
            "char_end": end,
            "page": item.page_at(start),
            "kind": c.kind,
            "certainty": c.certainty,
            "actors": list(c.actors),
            "action": c.action,
            "object": c.object,
            "amount_value": main.value if main else None,
            "amount_unit": main.unit if main else None,
            "amount_text": main.text if main else None,
            "baseline_value": c.baseline,
            "target_value": c.target,
            "quantities": [{"text": a.text, "value": float(a.value), "unit": a.unit} for a in c.amounts],
            "places": list(c.places),
            "countries": countries,
            "deadline_text": dl.text if dl else None,
            "deadline": dl.date if dl else None,
            "deadline_granularity": dl.granularity if dl else None,
            "timeline_free": bool(c.timeline_free),
            "vague": bool(c.vague),
            "flag_reasons": list(c.flag_reasons),
            "confidence": float(c.confidence),
            "rule": c.rule,
            "amount_note": (main.note if main else None) or None,
        })
    return rows


def extract(text: str, *, doc_date=None, source=None, title=None, nlp=None) -> pd.DataFrame:
    """The commitments table for one text, without Prefect.

    >>> extract("Both sides agreed to open two border markets by 2026.", doc_date="2025-08-20")
    """
    from pipeline.tables import commitments_frame

    if not isinstance(text, str):
        raise TypeError(f"extract() needs a str, got {type(text).__name__}")
    item = TextInput(text=text, doc_date=as_date(doc_date), source=source, title=title)
    rows = []
    if text.strip():
        for _, found in analyse([item], nlp=nlp):
            rows = found
    return commitments_frame(rows)
