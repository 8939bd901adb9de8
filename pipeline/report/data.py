"""The report's data: the two output tables and the documents' texts, made plain and safe.

Everything the HTML page shows is computed here, as plain JSON-able Python values, so that
the numbers can be tested without a browser and the page's script only draws them.
Odd data never raises: a missing table is an empty table, a missing column is empty cells,
NaN is ``None``, a sentence whose offsets do not fit its text is searched for, else listed
apart, and every such thing becomes a notice shown in the report.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import math
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Iterable

import pyarrow.parquet as pq

from pipeline.schema import COMMITMENT_COLUMNS, DOCUMENT_COLUMNS

log = logging.getLogger(__name__)

KINDS = ("agreement", "target", "pledge", "proposal")
FLAG_GROUPS = ("both", "timeline_free", "vague", "neither")
NO_ACTOR = "(no actor named)"
CURRENCY = re.compile(r"^[A-Z]{3}$")
SAFE_DOC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,200}$")
_WS = re.compile(r"\s+")
_SURROGATE = re.compile("[\ud800-\udfff]")


# ---------------------------------------------------------------- cell cleaners
def _is_missing(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if type(value).__name__ in {"NAType", "NaTType"}:  # pandas.NA, pandas.NaT
        return True
    try:  # pandas.NA / NaT and numpy NaN without importing pandas here
        return bool(value != value)  # noqa: PLR0124 - NaN-like test
    except (TypeError, ValueError):
        return False


def clean_text(value: Any) -> str | None:
    """A string cell, or None for missing / NaN.  ``clean_text(float("nan")) is None``."""
    if _is_missing(value):
        return None
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    text = str(value)
    return text if text.strip() else None


def clean_float(value: Any) -> float | None:
    """A finite float, or None.  ``clean_float("2.5") == 2.5``; inf and NaN give None."""
    if _is_missing(value) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def clean_int(value: Any) -> int | None:
    number = clean_float(value)
    return int(number) if number is not None else None


def clean_bool(value: Any) -> bool:
    """True only for a true value (bool, 1, "true"/"yes"); missing counts as not flagged."""
    if _is_missing(value):
        return False
    if isinstance(value, str):
        return value.strip().lower() in {"true", "1", "yes", "y", "t"}
    try:
        return bool(value)
    except (TypeError, ValueError):
        return False


def clean_date(value: Any) -> str | None:
    """An ISO date ``YYYY-MM-DD`` from a date, datetime, Timestamp or ISO string, else None."""
    if _is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    to_py = getattr(value, "to_pydatetime", None)  # pandas.Timestamp
    if callable(to_py):
        try:
            return to_py().date().isoformat()
        except (TypeError, ValueError, AttributeError):
            return None
    text = str(value).strip()
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


def clean_timestamp(value: Any) -> str | None:
    if _is_missing(value):
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return clean_text(value)


def clean_list(value: Any) -> list:
    """A list cell: native list, numpy array, JSON string (as in CSV) or a lone value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                return [text]
            return parsed if isinstance(parsed, list) else [parsed]
        return [text]
    if isinstance(value, dict):
        return [value]
    try:
        return list(value)
    except TypeError:
        return [] if _is_missing(value) else [value]


def clean_str_list(value: Any) -> list[str]:
    out = []
    for item in clean_list(value):
        text = clean_text(item)
        if text is not None:
            out.append(text.strip())
    return out


def clean_quantities(value: Any) -> list[dict]:
    out = []
    for item in clean_list(value):
        if isinstance(item, dict):
            out.append({
                "text": clean_text(item.get("text")),
                "value": clean_float(item.get("value")),
                "unit": clean_text(item.get("unit")),
            })
        elif clean_text(item) is not None:
            out.append({"text": clean_text(item), "value": None, "unit": None})
    return out


def collapse_ws(text: str) -> str:
    return _WS.sub(" ", text).strip()


# ---------------------------------------------------------------- loading
def read_table(path: Path, columns: Iterable[str], notices: list[str]) -> list[dict]:
    """The rows of a Parquet table as dicts holding every column in ``columns``
    (missing ones as None, extra ones kept); a missing or unreadable file gives no rows
    and a notice."""
    if not path.exists():
        notices.append(f"{path.name} was not found: shown as empty.")
        return []
    try:
        table = pq.read_table(path)
    except Exception as exc:  # noqa: BLE001 - any reader error becomes a notice, never a crash
        log.warning("cannot read %s: %s", path, exc)
        notices.append(f"{path.name} could not be read ({type(exc).__name__}): shown as empty.")
        return []
    names = table.column_names
    data = {name: table.column(name).to_pylist() for name in names}
    n = table.num_rows
    rows = []
    for i in range(n):
        row = {name: data[name][i] for name in names}
        for name in columns:
            row.setdefault(name, None)
        rows.append(row)
    return rows


def read_text(texts_dir: Path, doc_id: str | None) -> str | None:
    """The extracted text of a document, or None when it is missing or its id is not a
    plain file name (an id never walks out of ``texts/``)."""
    if not doc_id or not SAFE_DOC_ID.match(doc_id) or ".." in doc_id:
        return None
    path = texts_dir / f"{doc_id}.txt"
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    # the pipeline writes texts with surrogatepass: read them back the same way, so that the
    # offsets still fit, then make each lone surrogate one replacement character
    try:
        text = raw.decode("utf-8", errors="surrogatepass")
    except UnicodeDecodeError:
        return raw.decode("utf-8", errors="replace")
    return without_surrogates(text)


def without_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (not encodable as UTF-8) replaced by U+FFFD,
    one character for one, so that offsets are kept."""
    return _SURROGATE.sub("\ufffd", text)


# ---------------------------------------------------------------- placing sentences
def locate_sentence(text: str, sentence: str | None, start: int | None, end: int | None):
    """The (start, end) of a commitment's sentence in its document's text, or None.

    Offsets are trusted when the text there equals the sentence (whitespace collapsed);
    otherwise the sentence is searched for (first exactly, then with any whitespace), and
    offsets that merely fit the text are the last resort.

    >>> locate_sentence("A. We will act.", "We will act.", 3, 15)
    (3, 15)
    """
    fits = start is not None and end is not None and 0 <= start < end <= len(text)
    if fits and (not sentence or collapse_ws(text[start:end]) == collapse_ws(sentence)):
        return start, end
    if sentence:
        words = sentence.split()
        found = text.find(sentence)
        if found >= 0:
            return found, found + len(sentence)
        if words:
            pattern = r"\s+".join(re.escape(w) for w in words)
            match = re.search(pattern, text)
            if match:
                return match.start(), match.end()
    return (start, end) if fits else None


def split_into_pieces(text: str, spans: list[tuple[int, int, int]]) -> list[list]:
    """Cut ``text`` into pieces ``[piece_text, [row ids covering it]]`` at every span
    boundary, so that overlapping commitments (one sentence, several rows) share a piece.

    >>> split_into_pieces("ab cd ef", [(3, 5, 0)])
    [['ab ', []], ['cd', [0]], [' ef', []]]
    """
    cuts = {0, len(text)}
    for start, end, _ in spans:
        cuts.add(start)
        cuts.add(end)
    bounds = sorted(cuts)
    starts = defaultdict(list)
    for start, end, row_id in spans:
        starts[start].append((end, row_id))
    active: list[tuple[int, int]] = []
    pieces: list[list] = []
    for left, right in zip(bounds, bounds[1:]):
        active = [(e, r) for e, r in active if e > left] + starts.get(left, [])
        ids = sorted(r for _, r in active)
        if pieces and not ids and not pieces[-1][1]:
            pieces[-1][0] += text[left:right]
        else:
            pieces.append([text[left:right], ids])
    return pieces


# ---------------------------------------------------------------- the report data
def _flag_group(row: dict) -> str:
    if row["timeline_free"] and row["vague"]:
        return "both"
    if row["timeline_free"]:
        return "timeline_free"
    if row["vague"]:
        return "vague"
    return "neither"


def _kind(value: Any) -> str:
    text = (clean_text(value) or "").strip().lower()
    return text or "unknown"


def _failure_reason(status: str) -> str:
    reason = re.sub(r"^\s*failed\s*[:\-–—]?\s*", "", status, flags=re.IGNORECASE)
    return reason or status


def _commitment_row(raw: dict, row_id: int, run_date: str) -> dict:
    deadline = clean_date(raw.get("deadline"))
    row = {
        "id": row_id,
        "commitment_id": clean_text(raw.get("commitment_id")),
        "doc_id": clean_text(raw.get("doc_id")) or "",
        "source": clean_text(raw.get("source")),
        "doc_date": clean_date(raw.get("doc_date")),
        "sentence": clean_text(raw.get("sentence")) or "",
        "char_start": clean_int(raw.get("char_start")),
        "char_end": clean_int(raw.get("char_end")),
        "page": clean_int(raw.get("page")),
        "kind": _kind(raw.get("kind")),
        "certainty": clean_text(raw.get("certainty")),
        "actors": clean_str_list(raw.get("actors")),
        "action": clean_text(raw.get("action")),
        "object": clean_text(raw.get("object")),
        "amount_value": clean_float(raw.get("amount_value")),
        "amount_unit": clean_text(raw.get("amount_unit")),
        "amount_text": clean_text(raw.get("amount_text")),
        "baseline_value": clean_float(raw.get("baseline_value")),
        "target_value": clean_float(raw.get("target_value")),
        "quantities": clean_quantities(raw.get("quantities")),
        "places": clean_str_list(raw.get("places")),
        "countries": clean_str_list(raw.get("countries")),
        "deadline_text": clean_text(raw.get("deadline_text")),
        "deadline": deadline,
        "deadline_granularity": clean_text(raw.get("deadline_granularity")),
        "deadline_past": bool(deadline and deadline < run_date),
        "timeline_free": clean_bool(raw.get("timeline_free")),
        "vague": clean_bool(raw.get("vague")),
        "flag_reasons": clean_str_list(raw.get("flag_reasons")),
        "confidence": clean_float(raw.get("confidence")),
        "rule": clean_text(raw.get("rule")),
        "amount_note": clean_text(raw.get("amount_note")),
        "doc": None,  # index into documents, set below
        "placed": False,  # whether the sentence is highlighted inside its document's text
    }
    unit = (row["amount_unit"] or "").strip()
    row["currency"] = unit if row["amount_value"] is not None and CURRENCY.match(unit) else None
    row["flag"] = _flag_group(row)
    return row


def _document(raw: dict | None, doc_id: str, fallback: dict | None = None) -> dict:
    raw = raw or {}
    fallback = fallback or {}
    status = clean_text(raw.get("status")) or "ok"
    ok = status.strip().lower() == "ok"
    source = clean_text(raw.get("source")) or fallback.get("source")
    title = clean_text(raw.get("title"))
    return {
        "doc_id": doc_id,
        "source": source,
        "title": title,
        "label": title or (Path(source).name if source else None) or doc_id or "(untitled)",
        "url": clean_text(raw.get("url")),
        "doc_date": clean_date(raw.get("doc_date")) or fallback.get("doc_date"),
        "kind": clean_text(raw.get("kind")),
        "pages": clean_int(raw.get("pages")),
        "chars": clean_int(raw.get("chars")),
        "status": status,
        "ok": ok,
        "failure": None if ok else _failure_reason(status),
        "ingested_at": clean_timestamp(raw.get("ingested_at")),
        "in_documents_table": bool(raw),
    }


def build_report_data(
    commitments: list[dict],
    documents: list[dict],
    texts: dict[str, str | None],
    *,
    run_date: dt.date,
    generated_at: str,
    out_dir_name: str = "",
    notices: list[str] | None = None,
) -> dict:
    """Everything the page shows, from the raw table rows and the documents' texts.

    ``commitments`` and ``documents`` are row dicts (columns of ``pipeline.schema``; odd or
    missing values allowed); ``texts`` maps doc_id to its text or None.  Returns a JSON-able
    dict: ``meta``, ``summary`` (the header's counts), ``documents``, ``rows`` (one per
    commitment, ``id`` = position), and the charts' data ``actors``, ``money``.
    """
    notices = list(notices or [])
    run_iso = run_date.isoformat()
    rows = [_commitment_row(raw, i, run_iso) for i, raw in enumerate(commitments)]

    # documents: the documents table, plus any doc_id only met in commitments
    docs: list[dict] = []
    index: dict[str, int] = {}
    for raw in documents:
        doc_id = clean_text(raw.get("doc_id")) or ""
        if doc_id in index and doc_id:
            continue  # a duplicated document row: keep the first
        index[doc_id] = len(docs)
        docs.append(_document(raw, doc_id))
    orphans = 0
    for row in rows:
        if row["doc_id"] not in index:
            index[row["doc_id"]] = len(docs)
            docs.append(_document(None, row["doc_id"], row))
            orphans += 1
        row["doc"] = index[row["doc_id"]]
    if orphans:
        notices.append(f"{orphans} document(s) have commitments but no row in documents.parquet.")

    order = sorted(range(len(docs)), key=lambda i: (docs[i]["doc_date"] or "9999", docs[i]["label"].lower()))
    renumber = {old: new for new, old in enumerate(order)}
    docs = [docs[i] for i in order]
    for row in rows:
        row["doc"] = renumber[row["doc"]]

    by_doc: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_doc[row["doc"]].append(row)

    unplaced_total = 0
    missing_texts = 0
    for i, doc in enumerate(docs):
        doc_rows = sorted(by_doc.get(i, []), key=lambda r: (r["char_start"] is None, r["char_start"] or 0, r["id"]))
        kinds = Counter(r["kind"] for r in doc_rows)
        doc["index"] = i
        doc["rows"] = [r["id"] for r in doc_rows]
        doc["n"] = len(doc_rows)
        doc["by_kind"] = {k: kinds.get(k, 0) for k in kinds}
        doc["timeline_free"] = sum(r["timeline_free"] for r in doc_rows)
        doc["vague"] = sum(r["vague"] for r in doc_rows)
        text = texts.get(doc["doc_id"])
        doc["has_text"] = text is not None
        doc["pieces"] = None
        doc["unplaced"] = []
        if text is None:
            if doc["ok"] and (doc_rows or doc["in_documents_table"]):
                missing_texts += 1
            doc["unplaced"] = doc["rows"]
            continue
        spans = []
        for r in doc_rows:
            span = locate_sentence(text, r["sentence"], r["char_start"], r["char_end"])
            if span is None:
                doc["unplaced"].append(r["id"])
            else:
                spans.append((span[0], span[1], r["id"]))
                r["placed"] = True
        unplaced_total += len(doc["unplaced"])
        doc["pieces"] = split_into_pieces(text, spans)
    if missing_texts:
        notices.append(
            f"The text of {missing_texts} document(s) is missing from texts/: "
            "their commitment sentences are shown without the surrounding text."
        )
    if unplaced_total:
        notices.append(
            f"{unplaced_total} commitment sentence(s) could not be found in their document's text: "
            "they are listed under that document."
        )

    kinds_total = Counter(r["kind"] for r in rows)
    flags_total = Counter(r["flag"] for r in rows)
    failed = [d for d in docs if not d["ok"]]
    summary = {
        "documents": len(docs),
        "documents_ok": len(docs) - len(failed),
        "documents_failed": len(failed),
        "failures": [
            {"doc": d["index"], "label": d["label"], "source": d["source"], "reason": d["failure"]}
            for d in failed
        ],
        "commitments": len(rows),
        "by_kind": {k: kinds_total.get(k, 0) for k in _kinds_present(kinds_total)},
        "timeline_free": sum(r["timeline_free"] for r in rows),
        "vague": sum(r["vague"] for r in rows),
        "by_flag": {g: flags_total.get(g, 0) for g in FLAG_GROUPS},
        "with_deadline": sum(1 for r in rows if r["deadline"]),
        "event_deadlines": sum(1 for r in rows if r["deadline_text"] and not r["deadline"]),
        "deadlines_past": sum(1 for r in rows if r["deadline_past"]),
        "with_money": sum(1 for r in rows if r["currency"]),
    }
    return {
        "meta": {
            "generated_at": generated_at,
            "run_date": run_iso,
            "out_dir": out_dir_name,
            "notices": notices,
        },
        "kinds": _kinds_present(kinds_total),
        "summary": summary,
        "actors": actor_counts(rows),
        "money": money_by_currency(rows),
        "documents": docs,
        "rows": rows,
    }


def _kinds_present(counts: Counter) -> list[str]:
    """The four kinds always, in their order, then any other kind met in the data."""
    return list(KINDS) + sorted(k for k in counts if k not in KINDS)


def actor_counts(rows: list[dict]) -> list[dict]:
    """Commitments per actor split by flag group, most commitments first.  A joint
    commitment counts once for each of its actors."""
    table: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        for actor in row["actors"] or [NO_ACTOR]:
            table[actor][row["flag"]] += 1
            table[actor]["total"] += 1
            table[actor]["timeline_free_all"] += row["timeline_free"]
            table[actor]["vague_all"] += row["vague"]
    out = [
        {
            "name": name,
            "total": c["total"],
            "timeline_free": c["timeline_free_all"],
            "vague": c["vague_all"],
            "by_flag": {g: c.get(g, 0) for g in FLAG_GROUPS},
        }
        for name, c in table.items()
    ]
    out.sort(key=lambda a: (-a["total"], a["name"] == NO_ACTOR, a["name"].lower()))
    return out


def money_by_currency(rows: list[dict]) -> list[dict]:
    """Money per currency and actor: rows whose amount_unit is a 3-letter ISO 4217 code,
    amount_value summed, split by kind.  A joint commitment counts in full for each actor,
    so the currency's ``total`` (each row once) is not the sum of the actors' totals."""
    currencies: dict[str, dict] = {}
    for row in rows:
        code = row["currency"]
        if not code:
            continue
        entry = currencies.setdefault(code, {"currency": code, "total": 0.0, "n": 0, "actors": {}})
        entry["total"] += row["amount_value"]
        entry["n"] += 1
        for actor in row["actors"] or [NO_ACTOR]:
            a = entry["actors"].setdefault(actor, {"name": actor, "total": 0.0, "n": 0, "by_kind": {}})
            a["total"] += row["amount_value"]
            a["n"] += 1
            a["by_kind"][row["kind"]] = a["by_kind"].get(row["kind"], 0.0) + row["amount_value"]
    out = []
    for entry in currencies.values():
        actors = sorted(entry["actors"].values(), key=lambda a: (-a["total"], a["name"].lower()))
        out.append({**entry, "actors": actors})
    out.sort(key=lambda c: (-c["n"], c["currency"]))
    return out


def load_report_data(out_dir: Path, *, run_date: dt.date, generated_at: str) -> dict:
    """Read ``commitments.parquet``, ``documents.parquet`` and ``texts/`` from ``out_dir``
    and return :func:`build_report_data` of them."""
    notices: list[str] = []
    commitments = read_table(out_dir / "commitments.parquet", COMMITMENT_COLUMNS, notices)
    documents = read_table(out_dir / "documents.parquet", DOCUMENT_COLUMNS, notices)
    doc_ids = {clean_text(r.get("doc_id")) for r in documents} | {clean_text(r.get("doc_id")) for r in commitments}
    texts_dir = out_dir / "texts"
    texts = {doc_id: read_text(texts_dir, doc_id) for doc_id in doc_ids if doc_id}
    return build_report_data(
        commitments,
        documents,
        texts,
        run_date=run_date,
        generated_at=generated_at,
        out_dir_name=out_dir.resolve().name,
        notices=notices,
    )
