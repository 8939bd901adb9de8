"""A cheap 'is this English?' check: stop-word counts, plus the script for non-Latin text.

Good enough to keep a French press release or a Chinese page out of an English extractor; not
a language identifier. Short texts (fewer than ``MIN_WORDS`` words) are never rejected.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.ingest.lexicon import load_json

MIN_WORDS = 20
_SAMPLE_WORDS = 3000
_WORD = re.compile(r"[^\W\d_]+")
# first word of a letter's Unicode name -> the language a page in that script most likely is
_SCRIPTS = {
    "CJK": "zh", "HIRAGANA": "ja", "KATAKANA": "ja", "HANGUL": "ko", "ARABIC": "ar",
    "CYRILLIC": "ru", "GREEK": "el", "HEBREW": "he", "DEVANAGARI": "hi", "THAI": "th",
    "BENGALI": "bn", "TAMIL": "ta", "GEORGIAN": "ka", "ARMENIAN": "hy", "ETHIOPIC": "am",
}


@lru_cache(maxsize=1)
def _stopwords() -> dict[str, frozenset[str]]:
    table = load_json("ingest_stopwords.json")
    return {lang: frozenset(words) for lang, words in table.items() if not lang.startswith("_")}


def _script_language(words: list[str]) -> str | None:
    """The language of a dominant non-Latin script, or None for Latin-script text (or too
    few letters to tell: scripts without spaces, such as Chinese, count by letter)."""
    counts: dict[str, int] = {}
    letters = 0
    for char in "".join(words)[:20_000]:
        letters += 1
        script = unicodedata.name(char, "").split(" ", 1)[0]
        if script != "LATIN":
            counts[script] = counts.get(script, 0) + 1
    non_latin = sum(counts.values())
    if letters < 3 * MIN_WORDS or non_latin < 0.5 * letters:
        return None
    script = max(counts, key=counts.get)
    return _SCRIPTS.get(script, script.lower())


def guess_non_english(text: str) -> str | None:
    """The language code a text looks like when it is clearly not English, else None.

    >>> guess_non_english("Les deux pays se sont engagés à renforcer leur coopération dans le "
    ...                   "domaine de l'énergie et à organiser une nouvelle réunion avant la fin "
    ...                   "de l'année avec les partenaires de la région.")
    'fr'
    >>> guess_non_english("The two countries agreed to expand their cooperation.") is None
    True
    """
    words = _WORD.findall(text[: _SAMPLE_WORDS * 12])[:_SAMPLE_WORDS]
    script = _script_language(words)
    if script:
        return script
    if len(words) < MIN_WORDS:
        return None
    lowered = [word.lower() for word in words]
    hits = {lang: sum(1 for w in lowered if w in vocab) for lang, vocab in _stopwords().items()}
    english = hits.pop("en", 0)
    if not hits:
        return None
    best = max(hits, key=hits.get)
    # another language must clearly win, and look like running prose in that language
    if hits[best] >= 1.5 * english + 2 and hits[best] >= 0.15 * len(words):
        return best
    return None
