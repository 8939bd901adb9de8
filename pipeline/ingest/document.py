"""The result of ingestion (:class:`Document`) and its failure (:class:`IngestError`)."""
from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path


class IngestError(Exception):
    """A file that cannot become a :class:`Document`, with a short fixed-vocabulary reason.

    ``str(e) == f"{path}: {reason}"``; the run records ``reason`` as the document's status.

    >>> str(IngestError("a.pdf", "encrypted PDF"))
    'a.pdf: encrypted PDF'
    """

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason

    def __reduce__(self):  # keep pickling (multiprocessing, Prefect results) working
        return (type(self), (self.path, self.reason))


class Rejected(Exception):
    """Raised by the per-format extractors, which see bytes and not paths; ``read_document``
    turns it into an :class:`IngestError` naming the file."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def text_id(text: str) -> str:
    """``doc_id``: sha256 of the extracted text (utf-8), first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class Document:
    """One ingested file. ``text`` is what every character offset downstream refers to."""

    path: Path
    source: str
    text: str
    doc_id: str
    content_hash: str
    title: str | None
    date: dt.date | None
    url: str | None
    format: str
    pages: int | None
    page_starts: list[int] | None
    kind: str

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding character ``offset`` of ``text``; None when the document
        has no pages (not a PDF) or the offset is outside the text.

        >>> Document(Path("a.pdf"), "a.pdf", "ab\\n\\ncd", "", "", None, None, None, "pdf",
        ...          2, [0, 4], "other").page_at(5)
        2
        """
        if not self.page_starts or offset < 0 or offset > len(self.text):
            return None
        return max(1, bisect_right(self.page_starts, offset))
