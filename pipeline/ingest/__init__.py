"""Ingestion: a file in, a :class:`Document` (text, page offsets, metadata) or an
:class:`IngestError` with a short reason out::

    from pipeline.ingest import IngestError, iter_sources, read_document

    for path in iter_sources("corpora/"):      # a folder, a file, or a missing path
        try:
            doc = read_document(path)          # doc.text, doc.page_at(offset), doc.date ...
        except IngestError as error:           # error.reason: "encrypted PDF", "not found" ...
            ...

Formats: .txt and .md (``text``), .html/.htm (``html``), .pdf (``pdf``). Metadata precedence
(``metadata``): ``published`` > sidecar ``<stem>.meta.json`` > the document itself > empty.
Input files are only ever read.
"""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import logging
import os
import stat
from pathlib import Path

from pipeline.ingest.document import Document, IngestError, Rejected, text_id
from pipeline.ingest.language import guess_non_english
from pipeline.ingest.metadata import (
    SIDECAR_SUFFIX,
    find_dateline,
    guess_kind,
    parse_date,
    read_sidecar,
    title_from_text,
)

__all__ = [
    "Document", "IngestError", "SUPPORTED_SUFFIXES", "read_document", "iter_sources",
    "file_content_hash",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf"}
_FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".pdf": "pdf"}
MAX_BYTES = 20_000_000


def _megabytes(n: int) -> str:
    """52_400_000 -> '52.4', 20_000_000 -> '20', 1_500 -> '0.0015' (decimal megabytes)."""
    if n < 1_000_000:
        return f"{n / 1e6:.2g}"
    text = f"{n / 1e6:.1f}"
    return text[:-2] if text.endswith(".0") else text


_SPECIAL = ((stat.S_ISFIFO, "named pipe"), (stat.S_ISSOCK, "socket"), (stat.S_ISCHR, "character device"),
            (stat.S_ISBLK, "block device"))


def special_file(mode: int) -> str | None:
    """'not a regular file (named pipe)' and the like for a ``st_mode``; None for a file or folder."""
    return next((f"not a regular file ({what})" for test, what in _SPECIAL if test(mode)), None)


def _read_bytes(path: Path, given, max_bytes: int) -> bytes:
    """The file's bytes, refusing a missing, unreadable, empty or too large file before
    reading it all."""
    try:
        info = path.stat()
        size = info.st_size
        if stat.S_ISDIR(info.st_mode):
            raise IngestError(given, "is a directory")
        special = special_file(info.st_mode)
        if special:  # reading a named pipe or a device could block or never end
            raise IngestError(given, special)
        if size > max_bytes:
            size_text, limit_text = _megabytes(size), _megabytes(max_bytes)
            if size_text == limit_text:  # just over the limit: show the difference
                size_text = f"{size / 1e6:.6f}".rstrip("0")
            raise IngestError(given, f"too large ({size_text} MB > {limit_text} MB)")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise IngestError(given, "not found") from None
    except PermissionError:
        raise IngestError(given, "unreadable (permission denied)") from None
    except IsADirectoryError:
        raise IngestError(given, "is a directory") from None
    except OSError as error:
        reason = os.strerror(error.errno).lower() if error.errno else str(error)
        if error.errno == errno.ENAMETOOLONG:
            reason = "file name too long"
        raise IngestError(given, f"unreadable ({reason})") from None
    if len(raw) > max_bytes:  # the file grew while we looked at it
        raise IngestError(given, f"too large (> {_megabytes(max_bytes)} MB)")
    if not raw:
        raise IngestError(given, "empty")
    return raw


def _as_date(published) -> dt.date | None:
    if published is None:
        return None
    date = parse_date(published)
    if date is None:
        raise ValueError(f"published is not a date: {published!r}")
    return date


def read_document(path: str | Path, *, published: dt.date | None = None,
                  max_bytes: int = MAX_BYTES) -> Document:
    """Read one file into a :class:`Document`, or raise :class:`IngestError` whose reason
    (e.g. "not found", "encrypted PDF", "not English (looks like fr)") is fit for the
    documents table's status column.

    ``published`` (the command line's ``--published``) overrides every other date.

    >>> doc = read_document("corpora/005_us-philippines-joint-statement-2023.txt")
    >>> doc.date, doc.kind
    (datetime.date(2023, 5, 1), 'joint_statement')
    """
    given, source = path, str(path)
    path = Path(path)
    published_date = _as_date(published)
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None and path.exists() and not path.is_dir():
        suffix = path.suffix.lower() or "(no extension)"
        raise IngestError(given, f"unsupported file type {suffix}")
    raw = _read_bytes(path, given, max_bytes)
    if fmt is None:  # unreachable unless the file appeared between the checks
        raise IngestError(given, f"unsupported file type {path.suffix.lower() or '(no extension)'}")

    title = date = url = None
    pages = page_starts = None
    try:
        if fmt == "pdf":
            from pipeline.ingest.pdf import extract_pdf

            result = extract_pdf(raw)
            text, pages, page_starts = result.text, result.pages, result.page_starts
            title = result.title
            # a dateline printed in the statement beats the date the PDF file was made
            date = find_dateline(text) or result.date
        elif fmt == "html":
            from pipeline.ingest.html import extract_html

            page = extract_html(raw)
            text, title, date, url = page.text, page.title, page.date, page.url
            date = date or find_dateline(text)
        else:
            from pipeline.ingest.text import decode_text, normalise_text, strip_markdown

            text = normalise_text(decode_text(raw))
            if fmt == "md":
                body, heading, fields = strip_markdown(text)
                text = normalise_text(body)
                title = fields.get("title") or heading
                date = parse_date(fields.get("date"))
                url = fields.get("url") or fields.get("canonical_url")
            title = title or title_from_text(text)
            date = date or find_dateline(text)
    except Rejected as rejected:
        raise IngestError(given, rejected.reason) from None
    if not text.strip():
        raise IngestError(given, "empty")
    language = guess_non_english(text)
    if language:
        raise IngestError(given, f"not English (looks like {language})")

    sidecar = read_sidecar(path)
    title = sidecar.get("title") or title
    url = sidecar.get("url") or url
    date = published_date or sidecar.get("date") or date
    return Document(
        path=path,
        source=source,
        text=text,
        doc_id=text_id(text),
        content_hash=hashlib.sha256(raw).hexdigest(),
        title=title,
        date=date,
        url=url,
        format=fmt,
        pages=pages,
        page_starts=page_starts,
        kind=guess_kind(title, text, url),
    )


def file_content_hash(path: str | Path) -> str:
    """sha256 of a file's bytes (full hex), equal to ``Document.content_hash``: lets a run
    skip a file it has already ingested without extracting it again."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _hidden(name: str) -> bool:
    return name.startswith(".")


def iter_sources(path: str | Path) -> list[Path]:
    """The documents to ingest under ``path``: a file is itself (whatever its type, so that
    its failure is reported); a folder gives every supported document below it, recursively,
    sorted, without ``*.meta.json`` sidecars and hidden files or folders; a path that does
    not exist is returned as is, for ``read_document`` to report "not found".

    >>> [p.name for p in iter_sources("corpora")][:1]
    ['003_i2u2-leaders-joint-statement-2022.txt']
    """
    root = Path(path)
    if not root.is_dir():
        return [root]
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [name for name in subfolders if not _hidden(name)]
        for name in files:
            if _hidden(name) or name.lower().endswith(SIDECAR_SUFFIX):
                continue
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                found.append(Path(folder) / name)
    return sorted(found, key=lambda p: p.as_posix())
