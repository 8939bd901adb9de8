"""Load the extractor's data files once: trigger patterns (JSONL) and cue word lists (TXT)."""
from __future__ import annotations

import functools
import json
from pathlib import Path

PATTERNS = Path(__file__).resolve().parent / "patterns"
CUES = Path(__file__).resolve().parent.parent / "lexicons" / "cues"


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of ``lexicons/cues/<name>.txt``, lower-cased, comments and blanks dropped."""
    lines = (CUES / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.split("#", 1)[0].strip().lower() for x in lines if x.split("#", 1)[0].strip())


@functools.lru_cache(maxsize=None)
def trigger_rules() -> tuple[dict, ...]:
    """Trigger rules of ``patterns/triggers.jsonl``: each has id, kind, certainty, anchor, pattern."""
    rules = []
    for line in (PATTERNS / "triggers.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rules.append(json.loads(line))
    return tuple(rules)
