"""Read the ingestion lexicons (pipeline/lexicons/ingest_*): data, not Python literals."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


@lru_cache(maxsize=None)
def load_json(name: str) -> dict:
    """A JSON lexicon by file name, e.g. ``load_json("ingest_stopwords.json")``."""
    with open(LEXICONS / name, encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def load_lines(name: str) -> frozenset[str]:
    """A one-entry-per-line lexicon; blank lines and ``#`` comments are skipped."""
    with open(LEXICONS / name, encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.lstrip().startswith("#")
        )
