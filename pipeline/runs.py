"""The steps of an ingest run as plain functions; ``flows.py`` wraps them in Prefect tasks.

read (``pipeline.ingest``) -> analyse (``pipeline.api``) -> table (``pipeline.tables``) -> report.
A document that cannot be read becomes a ``failed: <reason>`` row of the documents table; the
others are processed as usual.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.api import TextInput, analyse
from pipeline.config import settings
from pipeline.ingest import IngestError, iter_sources, read_document

log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    commitment_rows: list[dict] = field(default_factory=list)
    document_rows: list[dict] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    skipped: int = 0


def sources(path: str | Path) -> list[str]:
    """Every document to ingest below ``path`` (a missing path is kept, to be reported)."""
    return [str(p) for p in iter_sources(path)]


def batched(items: list[str], size: int | None = None) -> list[list[str]]:
    size = max(1, size or settings().batch_size)
    return [items[i:i + size] for i in range(0, len(items), size)]


def known_hashes(out_dir: Path) -> dict[str, str]:
    """source -> content hash of the documents already ingested without error."""
    from pipeline.tables import read_table

    docs = read_table(out_dir, "documents")
    if not len(docs):
        return {}
    ok = docs[docs["status"] == "ok"]
    return {s: h for s, h in zip(ok["source"], ok["content_hash"]) if isinstance(h, str) and h}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _failed_row(source: str, reason: str) -> dict:
    return {"doc_id": None, "source": source, "status": f"failed: {reason}", "chars": 0, "n_commitments": 0,
            "ingested_at": _now()}


def save_text(out_dir: Path, doc_id: str, text: str) -> None:
    """Keep the extracted text beside the tables (the report highlights sentences in it)."""
    folder = Path(out_dir) / "texts"
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{doc_id}.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", errors="surrogatepass") as f:
        f.write(text)
    os.replace(tmp, folder / f"{doc_id}.txt")


def process_batch(paths: list[str], *, published: dt.date | None, out_dir: Path, known: dict[str, str] | None = None,
                  force: bool = False, nlp=None) -> BatchResult:
    """Read, analyse and table one batch of documents."""
    result = BatchResult()
    known = known or {}
    docs = []
    for path in paths:
        try:
            doc = read_document(path, published=published, max_bytes=settings().max_bytes)
        except IngestError as err:
            result.failures.append(str(err))
            result.document_rows.append(_failed_row(path, err.reason))
            continue
        if not force and known.get(doc.source) == doc.content_hash:
            result.skipped += 1
            continue
        docs.append(doc)
    items = (TextInput(text=d.text, doc_date=d.date, source=d.source, title=d.title, kind=d.kind,
                       page_starts=d.page_starts, doc_id=d.doc_id) for d in docs)
    for doc, (item, rows) in zip(docs, analyse(items, nlp=nlp)):
        save_text(out_dir, item.doc_id, item.text)
        result.commitment_rows.extend(rows)
        result.document_rows.append({
            "doc_id": doc.doc_id, "source": doc.source, "title": doc.title, "url": doc.url, "doc_date": doc.date,
            "kind": doc.kind, "pages": doc.pages, "chars": len(doc.text), "n_commitments": len(rows),
            "status": "ok", "ingested_at": _now(), "content_hash": doc.content_hash,
        })
    return result


def write_results(out_dir: Path, results: list[BatchResult]) -> dict:
    """Merge the batches' rows into the tables and return the run's summary."""
    from pipeline.tables import update_tables

    crow = [r for b in results for r in b.commitment_rows]
    drow = [r for b in results for r in b.document_rows]
    commitments, _ = update_tables(out_dir, crow, drow)
    ok = [r for r in drow if r["status"] == "ok"]
    return {
        "documents": len(drow) + sum(b.skipped for b in results),
        "processed": len(ok),
        "skipped": sum(b.skipped for b in results),
        "failed": len(drow) - len(ok),
        "failures": [f for b in results for f in b.failures],
        "commitments": len(crow),
        "flagged": sum(1 for r in crow if r["timeline_free"] or r["vague"]),
        "timeline_free": sum(1 for r in crow if r["timeline_free"]),
        "vague": sum(1 for r in crow if r["vague"]),
        "total_rows": len(commitments),
        "out": str(out_dir),
    }


def write_report(out_dir: Path) -> str | None:
    """Rebuild ``report.html`` from the tables (a run where every document failed still gets
    a report that lists the failures); None when the folder holds no tables at all."""
    if not any((Path(out_dir) / f"{name}.parquet").exists() for name in ("commitments", "documents")):
        return None
    from pipeline.report import write_report as _write

    return str(_write(out_dir))


def format_summary(s: dict, quiet: bool = False) -> str:
    lines = [] if quiet else [
        f"documents: {s['documents']} ({s['processed']} processed, {s['skipped']} unchanged, {s['failed']} failed)",
        f"commitments: {s['commitments']} from this run ({s['flagged']} flagged: {s['timeline_free']} "
        f"timeline-free, {s['vague']} vague); {s['total_rows']} rows in the table",
        f"tables: {s['out']}/commitments.csv|.parquet, {s['out']}/documents.csv|.parquet"
        + (f"; report: {s['report']}" if s.get("report") else ""),
    ]
    lines += [f"FAILED {f}" for f in s["failures"]]
    return "\n".join(lines)


def quiet_prefect() -> None:
    """Keep a normal run free of Prefect's INFO chatter and shutdown noise."""
    for name in ("prefect", "prefect.server", "uvicorn", "httpx", "prefect.events"):
        logging.getLogger(name).setLevel(logging.WARNING)
