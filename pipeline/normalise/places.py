"""Countries, organisations, leaders, agencies and places: found in a text and resolved.

Everything here is a gazetteer lookup over the data files of ``pipeline/lexicons``
(``countries.tsv``, ``organisations.tsv``, ``agencies.tsv``, ``leaders.tsv``, ``places.tsv``,
``leader_titles.txt``), loaded once, lazily, on first use. No spaCy is needed::

    >>> resolve_country("Iran's")
    Entity(name='Iran', iso3='IRN', kind='country', country=None)
    >>> resolve_actor("President Ruto")
    Entity(name='Kenya', iso3='KEN', kind='country', country=None)
    >>> text = "Chinese President Xi Jinping pledged aid to Guinea-Bissau and the Sahel."
    >>> [(text[s:e], ent.name) for s, e, ent in find_actors(text, year=2018)]
    [('Chinese President Xi Jinping', 'China'), ('Guinea-Bissau', 'Guinea-Bissau')]
    >>> [(text[s:e], ent.name) for s, e, ent in find_places(text)]
    [('Guinea-Bissau', 'Guinea-Bissau'), ('Sahel', 'Sahel')]

How matching works: the text is cut into tokens (words, acronyms such as "U.S.", single
symbols; hyphens and dashes only separate words, so "Guinea-Bissau" = "Guinea Bissau" and
"G-7" = "G 7"); each token is folded (diacritics off, curly apostrophes straight: "Türkiye" =
"Turkiye", "Côte d’Ivoire" = "Cote d'Ivoire") and the gazetteer keys are looked up from every
token, longest key first, left to right, without overlaps. So "Papua New Guinea" is never
"Guinea", "South Sudan" never "Sudan", "Nigeria" never "Niger", and a place inside an
organisation's name ("Indian Ocean Rim Association") is not a place.

Case: keys match as written, in CAPITALS, and (for acronyms of four letters or more) in
title case ("Nato", "Asean"). Nothing matches in lower case, so the pronoun "us" is never the
United States and "turkey" never Turkey; the ``resolve_*`` functions (which are handed a span
that is already known to be a name) are case-insensitive except for acronyms of up to three
letters ("US", "UK", "EU", "AU", "WHO").

Decisions worth knowing:

* ``find_places`` returns countries (names and aliases, not demonyms), regions, seas, straits,
  provinces, corridors and border crossings from ``places.tsv`` (also their adjectives:
  "African food systems" -> Africa), capitals used as places ("a visit to Paris"), "southern
  Mexico" (direction + country, kind region, with the country's iso3) and borders ("U.S.-Mexico
  border", "Pak-Afghan border", "the border between Pakistan and Afghanistan"; kind place, the
  name as written). Organisations, agencies, leaders and demonyms are never places.
* ``find_actors`` returns countries (with "the Government of X", "X's government", "the Ministry
  of Foreign Affairs of X", "the Pakistani government", "Iranian and Pakistani officials" as one
  span), organisations, agencies ("USAID" -> United States), leaders after a title ("President
  Biden", "Chinese Foreign Minister Wang Yi", "the Prime Minister of India") or by a distinctive
  name ("Narendra Modi", "Modi"), and capitals used as metonyms ("Beijing pledged").
  A demonym alone ("Chinese companies") is not an actor.
* A capital is a metonym (actor) unless it stands after a locative word ("in", "to", "visit", …)
  which makes it a place, or before a capitalised word or a word like "talks"/"agreement"
  ("the Paris Agreement", "the Washington Post", "the Vienna talks"), which makes it neither.
* A country name directly followed by another capitalised word that is not a government word
  ("China Three Gorges Corporation", "U.S. Steel") is part of a company's name: no match.
* Leaders resolve to their country, or to their organisation (Guterres -> United Nations).
  A surname shared by leaders of several countries ("Lee", "Michel") is settled by the year
  (in office that year) and then by the title ("Prime Minister Lee" vs "President Lee");
  what stays ambiguous resolves to nothing.
"""
from __future__ import annotations

import csv
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

__all__ = [
    "Entity",
    "resolve_country",
    "resolve_organisation",
    "resolve_leader",
    "resolve_actor",
    "find_places",
    "find_actors",
    "country_by_iso3",
]

log = logging.getLogger(__name__)

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class Entity:
    """A resolved place or party.

    ``kind`` is "country", "organisation", "region" (continents, regions, provinces,
    territories), "city" (capitals) or "place" (seas, straits, rivers, corridors, crossings,
    borders). ``iso3`` is the ISO 3166-1 alpha-3 code of a country or territory (for
    "southern Mexico" the country's code), else None. ``country`` names the sovereign country a
    city, province or territory belongs to, when there is one.
    """

    name: str
    iso3: str | None
    kind: str
    country: str | None = None


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+|[^\w\s]")
_DASHES = frozenset("-‐‑‒–—―−﹣－")
_FOLD = str.maketrans({
    "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "æ": "ae", "Æ": "AE",
    "œ": "oe", "Œ": "OE", "ß": "ss", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th",
    "’": "'", "‘": "'", "ʼ": "'", "ʻ": "'", "`": "'", "´": "'", "′": "'",
})


@lru_cache(maxsize=1 << 16)
def _fold(token: str) -> str:
    """The token without diacritics and with straight apostrophes: "Türkiye" -> "Turkiye"."""
    t = token.translate(_FOLD)
    if t.isascii():
        return t
    return "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))


class _Tok(NamedTuple):
    start: int
    end: int
    raw: str
    f: str  # folded


def _tokenize(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    pos = 0
    find = text.find
    for raw in _TOKEN_RE.findall(text):  # faster than finditer; tokens come in text order
        start = find(raw, pos)
        pos = start + len(raw)
        if raw in _DASHES:
            continue  # hyphens and dashes only separate words
        out.append(_Tok(start, pos, raw, _fold(raw)))
    return out


def _key(text: str) -> tuple[str, ...]:
    return tuple(t.f for t in _tokenize(text))


# --------------------------------------------------------------------------------------------
# Gazetteer
# --------------------------------------------------------------------------------------------

COUNTRY, DEMONYM, CAPITAL, ORG, AGENCY, PLACE, REGION_ADJ, LEADER, TITLE, IGNORE = (
    "country", "demonym", "capital", "org", "agency", "place", "region_adj", "leader", "title",
    "ignore",
)
_REGION_KINDS = frozenset({"continent", "region", "province", "state", "territory", "district"})
# Titles that also match in lower case ("the Pakistani minister", "president Xi").
_LOWER_TITLES_ANY = frozenset({"Minister", "Secretary", "Ambassador", "Envoy", "Special Envoy"})
_THE = frozenset({"the", "The", "THE"})


@dataclass(frozen=True)
class _Leader:
    name: str
    entity: Entity
    role: str
    start: int
    end: int | None  # None: in office

    def in_office(self, year: int) -> bool:
        return self.start <= year and (self.end is None or year <= self.end)


@dataclass(frozen=True)
class _Entry:
    kind: str
    entity: Entity | None = None
    needs_the: bool = False
    leaders: tuple[_Leader, ...] = ()
    roles: frozenset[str] | str = "*"  # titles: roles they introduce, "*" any, "-" honorific


@dataclass
class _Gazetteer:
    entries: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)
    index: dict[str, list[tuple[tuple[str, ...], list[_Entry]]]] = field(default_factory=dict)
    ci: dict[tuple[str, ...], list[_Entry]] = field(default_factory=dict)  # lower-cased keys
    leader_keys: dict[tuple[str, ...], list[_Leader]] = field(default_factory=dict)
    countries: dict[str, Entity] = field(default_factory=dict)  # canonical name -> Entity
    by_iso3: dict[str, Entity] = field(default_factory=dict)
    orgs: dict[str, Entity] = field(default_factory=dict)


def _read_tsv(name: str) -> list[dict[str, str]]:
    with open(LEXICONS / name, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [{k: (v or "").strip() for k, v in r.items()} for r in rows if r.get("name")]


def _split(cell: str) -> list[str]:
    return [p.strip() for p in (cell or "").split("|") if p.strip()]


def _is_short_acronym(key: tuple[str, ...]) -> bool:
    """Keys that only ever match in capitals, even in ``resolve_*``: "US", "UK", "EU", "WHO"."""
    return len(key) == 1 and key[0].isupper() and key[0].isalpha() and len(key[0]) <= 3


def _name_key(tokens: list[str]) -> tuple[str, ...]:
    """A person's name for lookup: lower case, no initials, no "Jr."/"Dr."/punctuation."""
    out = []
    for t in tokens:
        tl = t.lower()
        if tl in {".", ",", "jr", "sr", "dr"} or (len(t) == 1 and t.isalpha()):
            continue
        out.append(tl)
    return tuple(out)


class _Builder:
    def __init__(self) -> None:
        self.g = _Gazetteer()

    def add(self, surface: str, entry: _Entry, *, variants: bool = True,
            lower: bool = False) -> None:
        words = surface.split()
        needs_the = entry.needs_the
        if len(words) > 1 and words[0] in _THE:
            surface, needs_the = " ".join(words[1:]), True
        key = _key(surface)
        if not key:
            return
        if needs_the != entry.needs_the:
            entry = _Entry(entry.kind, entry.entity, needs_the, entry.leaders, entry.roles)
        keys = {key}
        if variants:
            if any(c.islower() for t in key for c in t):
                keys.add(tuple(t.upper() for t in key))
            if len(key) == 1 and key[0].isupper() and key[0].isalpha() and len(key[0]) >= 4:
                keys.add((key[0].title(),))
        if lower:
            keys.add(tuple(t.lower() for t in key))
        for k in keys:
            bucket = self.g.entries.setdefault(k, [])
            if entry not in bucket:
                bucket.append(entry)
        if not _is_short_acronym(key):
            ck = tuple(t.lower() for t in key)
            bucket = self.g.ci.setdefault(ck, [])
            if entry not in bucket:
                bucket.append(entry)

    def finish(self) -> _Gazetteer:
        index: dict[str, list[tuple[tuple[str, ...], list[_Entry]]]] = {}
        for k, es in self.g.entries.items():
            index.setdefault(k[0], []).append((k, es))
        for cands in index.values():
            cands.sort(key=lambda c: -len(c[0]))
        self.g.index = index
        return self.g


def _int(s: str) -> int | None:
    try:
        return int(s)
    except (TypeError, ValueError):
        return None


def _load() -> _Gazetteer:
    b = _Builder()
    g = b.g

    for r in _read_tsv("countries.tsv"):
        ent = Entity(r["name"], r["iso3"] or None, "country")
        g.countries[ent.name] = ent
        if ent.iso3:
            g.by_iso3[ent.iso3] = ent
        e = _Entry(COUNTRY, ent)
        b.add(ent.name, e)
        for a in _split(r.get("aliases", "")):
            b.add(a, e)
        for d in _split(r.get("demonyms", "")):
            b.add(d, _Entry(DEMONYM, ent))
        seen: set[tuple[str, ...]] = set()
        for c in _split(r.get("capital", "")):
            if _key(c) not in seen:  # "Bogotá|Bogota" is one city, named as first written
                seen.add(_key(c))
                b.add(c, _Entry(CAPITAL, Entity(c, None, "city", ent.name)))

    for r in _read_tsv("organisations.tsv"):
        ent = Entity(r["name"], None, "organisation")
        g.orgs[ent.name] = ent
        e = _Entry(ORG, ent)
        b.add(ent.name, e)
        for a in _split(r.get("aliases", "")):
            b.add(a, e)

    def party(name: str, where: str) -> Entity | None:
        ent = g.countries.get(name) or g.orgs.get(name)
        if ent is None:
            log.warning("%s: %r is neither a country nor an organisation", where, name)
        return ent

    for r in _read_tsv("agencies.tsv"):
        ent = party(r["country"], "agencies.tsv")
        if ent is None:
            continue
        e = _Entry(AGENCY, ent)
        b.add(r["name"], e)
        for a in _split(r.get("aliases", "")):
            b.add(a, e)

    for r in _read_tsv("places.tsv"):
        kind = r.get("kind", "")
        if kind == "ignore":
            e = _Entry(IGNORE)
        else:
            if r.get("country") and r["country"] not in g.countries:
                log.warning("places.tsv: unknown country %r", r["country"])
            ent = Entity(r["name"], r.get("iso3") or None,
                         "region" if kind in _REGION_KINDS else "place", r.get("country") or None)
            e = _Entry(PLACE, ent)
            for adj in _split(r.get("adjectives", "")):
                b.add(adj, _Entry(REGION_ADJ, ent))
        b.add(r["name"], e)
        for a in _split(r.get("aliases", "")):
            b.add(a, e)

    for line in (LEXICONS / "leader_titles.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        title, _, roles_cell = line.partition("\t")
        roles_cell = roles_cell.strip() or "*"
        roles: frozenset[str] | str = (
            roles_cell if roles_cell in ("*", "-") else frozenset(_split(roles_cell)))
        lower = roles != "-" and (roles != "*" or title.strip() in _LOWER_TITLES_ANY)
        b.add(title.strip(), _Entry(TITLE, roles=roles), lower=lower)

    rows_by_key: dict[tuple[str, ...], list[tuple[_Leader, bool, str]]] = {}
    for r in _read_tsv("leaders.tsv"):
        ent = party(r["country"], "leaders.tsv")
        start = _int(r.get("from", ""))
        if ent is None or start is None:
            continue
        leader = _Leader(r["name"], ent, r.get("role", "").lower(), start, _int(r.get("to", "")))
        bare = r.get("bare", "").lower() in ("yes", "y", "true", "1")
        for k in dict.fromkeys([r["name"], *_split(r.get("surname_keys", ""))]):
            nk = _name_key([t.f for t in _tokenize(k)])
            if nk:
                g.leader_keys.setdefault(nk, []).append(leader)
            toks = _key(k)
            if len(toks) > 1 or bare:
                rows_by_key.setdefault(toks, []).append((leader, bare, k))
    for toks, items in rows_by_key.items():
        # no CAPITALS variant: "XI" is a numeral, not Xi Jinping
        b.add(" ".join(toks) if len(toks) == 1 else items[0][2],
              _Entry(LEADER, leaders=tuple(dict.fromkeys(i[0] for i in items))), variants=False)
    return b.finish()


_GAZ: _Gazetteer | None = None


def _gaz() -> _Gazetteer:
    global _GAZ
    if _GAZ is None:
        _GAZ = _load()
    return _GAZ


# --------------------------------------------------------------------------------------------
# Scanning
# --------------------------------------------------------------------------------------------

class _Match:
    """Tokens ``i:j`` (characters ``start:end``) matched the gazetteer ``entries``."""

    __slots__ = ("i", "j", "start", "end", "entries")

    def __init__(self, i: int, j: int, start: int, end: int, entries: tuple[_Entry, ...]):
        self.i, self.j, self.start, self.end, self.entries = i, j, start, end, entries

    def first(self, *kinds: str) -> _Entry | None:
        for k in kinds:
            for e in self.entries:
                if e.kind == k:
                    return e
        return None

    def has(self, kind: str) -> bool:
        return any(e.kind == kind for e in self.entries)


@lru_cache(maxsize=4096)
def _analyse(text: str) -> tuple[tuple[_Tok, ...], tuple[_Match, ...]]:
    """Tokens and longest, left-to-right, non-overlapping gazetteer matches of a text."""
    g = _gaz()
    toks = _tokenize(text)
    folded = [t.f for t in toks]
    n = len(toks)
    out: list[_Match] = []
    i = 0
    while i < n:
        hit = None
        for key, entries in g.index.get(folded[i], ()):
            size = len(key)
            if i + size > n or (size > 1 and tuple(folded[i:i + size]) != key):
                continue
            after_the = i > 0 and folded[i - 1] in _THE
            valid = [e for e in entries if not e.needs_the or after_the]
            if not valid:
                continue
            start = toks[i - 1].start if all(e.needs_the for e in valid) else toks[i].start
            if all(e.needs_the for e in valid) and i + size < n and _capitalised(toks[i + size]):
                continue  # "the Union Cabinet": a name of its own
            hit = _Match(i, i + size, start, toks[i + size - 1].end, tuple(valid))
            break
        if hit is not None:
            out.append(hit)
            i = hit.j
        else:
            i += 1
    return tuple(toks), tuple(out)


def _capitalised(tok: _Tok) -> bool:
    return tok.raw[:1].isupper() and tok.raw[:1].isalpha()


_WEEKDAYS_MONTHS = frozenset(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December".split())

# Words after a country or demonym that make it a government actor.
_GOV_WORDS = (
    r"(?:(?:federal|central|national|interim|transitional|military|royal|Federal|Central|National|"
    r"Interim|Transitional|Royal)\s+)?"
    r"(?:government|governments|administration|authorities|officials?|sides?|delegations?|"
    r"leadership|leaders?|cabinet|ministry|ministries|parliament|legislature|regime|junta|"
    r"military|armed\s+forces|army|navy|air\s+force|security\s+forces|forces|troops|embassy|"
    r"embassies|mission|negotiators|diplomats|counterparts?|state|envoys?|"
    r"Government|Administration|Authorities|Cabinet|Parliament|Congress|Senate|Army|Navy|"
    r"Air\s+Force|Armed\s+Forces|Defen[cs]e\s+Forces|Embassy|Mission|Foreign\s+Office|"
    r"Chancellery|[A-Z][a-z]+\s+Ministry|[a-z]+\s+ministry|"
    r"(?:Ministry|Department)\s+(?:of|for)\s+[A-Z][\w'’]*(?:\s+(?:and\s+|&\s+)?[A-Z][\w'’]*)*)"
)
_GOV_SUFFIX = re.compile(r"(?:['’]s?)?[^\S\n]+" + _GOV_WORDS.replace(r"\s+", r"[^\S\n]+")
                         + r"(?![\w-])")
_GOV_PREFIX = re.compile(
    r"(?:\b[Tt]he\s+)?\b(?:[Gg]overnment|(?:Federal|Royal)\s+Government|Ministry|Department|"
    r"Embassy|Parliament|Cabinet|Presidency|Office\s+of\s+the\s+President|Permanent\s+Mission|"
    r"Mission|Armed\s+Forces|Central\s+Bank|National\s+Assembly|Council\s+of\s+Ministers|"
    r"Kingdom|Republic|State|Sultanate|Emirate|Principality|[Aa]uthorities|[Ll]eaders(?:hip)?)"
    r"(?:\s+(?:of|for|and|&)\s+[A-Z][\w'’]*(?:\s+[A-Z][\w'’]*)*)*\s+of\s+(?:the\s+)?$"
)
# "Bank of China", "University of Tokyo": part of another name.
_NAME_OF_PREFIX = re.compile(r"\b(?:Bank|University|College|Institute|Museum|School)\s+of\s+(?:the\s+)?$")
_LOCATIVE = frozenset(
    "in at to from near outside into via around across through throughout toward towards within "
    "inside visit visited visiting visits arrived arrive arrives".split())
_NOT_METONYM_NEXT = frozenset(
    "talks process format agreement agreements accord accords declaration summit convention "
    "protocol consensus principles framework initiative meeting meetings conference round club "
    "group document communique communiqué office bureau correspondent time airport state "
    "province metropolitan area region-based based".split())
_DIRECTION = re.compile(
    r"\b((?:[Nn]orth|[Ss]outh)(?:-?(?:[Ee]ast|[Ww]est))?ern|[Ee]astern|[Ww]estern|[Cc]entral)\s+$")
_BORDER_AFTER = re.compile(
    r"\s+(?:border|frontier|boundary)(?:\s+(?:crossings?|points?|areas?|regions?|markets?))?\b")
_BORDER_BEFORE = re.compile(r"\b[Bb]order\s+between\s+(?:the\s+)?$")
_JOINED_DASH = re.compile(r"^[-‐‑‒–—―−/]$")
_AND_BETWEEN = re.compile(r"^\s+and\s+(?:the\s+)?$")
_JR = re.compile(r"^,?\s+(?:Jr|Sr)\b\.?|^,?\s+I{2,3}\b")
_PARTICLES = frozenset("bin bint ibn al el de da do dos das del della di van von der den la le du y ul e".split())


def _next_is_name_part(text: str, toks: tuple[_Tok, ...], m: _Match,
                       starts: dict[int, _Match]) -> bool:
    """The match is followed directly by a capitalised word of another name ("China Daily")."""
    if m.j >= len(toks):
        return False
    nxt = toks[m.j]
    if not _capitalised(nxt) or nxt.raw in _WEEKDAYS_MONTHS or m.j in starts:
        return False
    between = text[m.end:nxt.start]
    if between.strip() != "" or "\n" in between:
        return False
    return not _headline(toks)


def _headline(toks: tuple[_Tok, ...]) -> bool:
    """Title case ("Joint Statement from Canada, Mexico, and the United States Following the ..."):
    there a capitalised word after a country says nothing about a company name."""
    words = [t for t in toks if t.raw[:1].isalpha() and len(t.raw) > 4]
    return len(words) >= 4 and all(_capitalised(t) for t in words)


def _after_of(toks: tuple[_Tok, ...], i: int) -> bool:
    """Token ``i`` follows "of" or "of the" (a cheap test before the prefix patterns)."""
    if i >= 1 and toks[i - 1].f == "of":
        return True
    return i >= 2 and toks[i - 1].f in _THE and toks[i - 2].f == "of"


_DIRECTION_WORDS = frozenset(
    "northern southern eastern western central northeastern northwestern southeastern "
    "southwestern".split())


def _gov_suffix(text: str, end: int) -> int | None:
    """End of "'s government" / " officials" / " Foreign Ministry" after ``end``, if any."""
    s = _GOV_SUFFIX.match(text, end)
    return s.end() if s else None


# --------------------------------------------------------------------------------------------
# Leaders
# --------------------------------------------------------------------------------------------

def _pick_leader(cands: list[_Leader] | tuple[_Leader, ...], year: int | None,
                 roles: frozenset[str] | str, hint: Entity | None) -> Entity | None:
    if not cands:
        return None
    if hint is not None:
        return hint  # "Chinese Foreign Minister Wang Yi": the demonym says it
    ents = {c.entity for c in cands}
    if len(ents) == 1:
        return next(iter(ents))
    pool = list(cands)
    # the title first ("Prime Minister Lee" is Singapore's, whatever the year), then the year
    if isinstance(roles, frozenset):
        fitting = [c for c in pool if c.role in roles]
        if fitting:
            pool = fitting
    if year is not None and len({c.entity for c in pool}) > 1:
        active = [c for c in pool if c.in_office(year)]
        if active:
            pool = active
    ents = {c.entity for c in pool}
    return next(iter(ents)) if len(ents) == 1 else None


def _name_run(toks: tuple[_Tok, ...], i: int, starts: dict[int, _Match]) -> tuple[int, list[str]]:
    """Tokens of a person's name from token ``i``: (index after the run, the tokens)."""
    out: list[str] = []
    j = i
    n = len(toks)
    while j < n and len(out) < 8:
        t = toks[j]
        m = starts.get(j)
        if m is not None and j > i and not m.has(LEADER):
            break
        if _capitalised(t) and t.raw.isalnum():
            out.append(t.f)
            j += 1
            if len(t.raw) == 1 and j < n and toks[j].raw == "." and toks[j].start == t.end:
                j += 1  # an initial: "Joseph R. Biden"
            continue
        if out and t.f.lower() in _PARTICLES and j + 1 < n and _capitalised(toks[j + 1]):
            out.append(t.f)
            j += 1
            continue
        if (out and t.f == "'" and j + 1 < n and t.start == toks[j - 1].end
                and toks[j + 1].start == t.end and toks[j + 1].raw.isalpha()):
            out.append("'")  # "Sa'ar", "O'Brien"
            j += 1
            continue
        break
    while out and (out[-1] == "'" or out[-1].lower() in _PARTICLES):
        out.pop()
        j -= 1
    return j, out


def _resolve_name(tokens: list[str], year: int | None, roles: frozenset[str] | str,
                  hint: Entity | None) -> tuple[bool, Entity | None]:
    """(found, entity) for the longest known sub-name of ``tokens``; rightmost first."""
    g = _gaz()
    key = _name_key(tokens)
    for size in range(len(key), 0, -1):
        for s in range(len(key) - size, -1, -1):
            cands = g.leader_keys.get(key[s:s + size])
            if cands:
                return True, _pick_leader(cands, year, roles, hint)
    return False, None


@dataclass
class _TitleResult:
    end: int
    entity: Entity | None
    next_match: int


def _after_title(text: str, toks: tuple[_Tok, ...], ms: tuple[_Match, ...], k: int,
                 starts: dict[int, _Match], year: int | None, hint: Entity | None) -> _TitleResult:
    """Read a leader after the title ``ms[k]``: more titles, "of <country>", then a name."""
    roles: set[str] = set()
    any_role = False
    licensed = False
    end = ms[k].end
    j = ms[k].j
    kk = k
    while True:
        e = ms[kk].first(TITLE)
        if e is not None and e.roles != "-":
            licensed = True
            if e.roles == "*":
                any_role = True
            else:
                roles |= set(e.roles)
        end = ms[kk].end
        j = ms[kk].j
        nxt = starts.get(j)
        if nxt is None and j < len(toks) and toks[j].f in ("and", ",") and (j + 1) in starts:
            cand = starts[j + 1]
            if cand.first(TITLE) is not None and cand.first(LEADER) is None:
                nxt = cand
        if nxt is not None and nxt.first(LEADER) is None and nxt.first(TITLE) is not None:
            kk = ms.index(nxt)
            continue
        break
    role_set: frozenset[str] | str = "*" if any_role or not roles else frozenset(roles)
    next_k = kk + 1
    # "President of Kenya", "Minister of Commerce of the People's Republic of China"
    if j < len(toks) and toks[j].f == "of":
        jj = j + 1 + (1 if j + 1 < len(toks) and toks[j + 1].f in _THE else 0)
        m = starts.get(jj)
        if m is not None and m.first(COUNTRY, ORG) is not None:
            e = m.first(COUNTRY, ORG)
            hint = hint or e.entity
            end, j, next_k = m.end, m.j, ms.index(m) + 1
            if j < len(toks) and toks[j].f == "," and (j + 1) < len(toks):
                j += 1  # "the Prime Minister of India, Narendra Modi"
    m = starts.get(j)
    entity: Entity | None = None
    if m is not None and m.first(LEADER) is not None:
        entity = _pick_leader(m.first(LEADER).leaders, year, role_set, hint)
        end, next_k = m.end, ms.index(m) + 1
    elif licensed or hint is not None:
        jj, run = _name_run(toks, j, starts)
        if run:
            found, ent = _resolve_name(run, year, role_set, hint)
            if found:
                entity = ent
                end = toks[jj - 1].end
                while next_k < len(ms) and ms[next_k].i < jj:
                    next_k += 1
    if entity is not None:
        jr = _JR.match(text, end)
        if jr:
            end = jr.end()
    elif hint is not None:
        entity = hint
    return _TitleResult(end, entity, next_k)


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------

def _clean_key(text: str) -> tuple[str, ...]:
    """Folded tokens of a span, without a leading article or a trailing possessive."""
    key = list(_key(text.strip()))
    while key and key[0] in _THE:
        key = key[1:]
    if len(key) >= 2 and key[-2] == "'" and key[-1].lower() == "s":
        key = key[:-2]
    while key and key[-1] in {"'", ",", ";", ":", "!", "?"}:
        key = key[:-1]
    if len(key) > 1 and key[-1] == "." and key[-2] not in {"Jr", "Sr", "St"}:
        key = key[:-1]
    return tuple(key)


def _exact(text: str, kinds: tuple[str, ...]) -> _Entry | None:
    g = _gaz()
    key = _clean_key(text)
    if not key:
        return None
    for table, k in ((g.entries, key), (g.ci, tuple(t.lower() for t in key))):
        entries = table.get(k)
        if entries:
            for kind in kinds:
                for e in entries:
                    if e.kind == kind:
                        return e
    return None


def resolve_country(text: str) -> Entity | None:
    """The country a name, alias, demonym or capital stands for, or None.

    Tolerant of case, a leading "the", a possessive and diacritics; short acronyms must be in
    capitals. ``resolve_country("the U.S.")``, ``resolve_country("Philippine")``,
    ``resolve_country("Tehran")``, ``resolve_country("Côte d’Ivoire")`` all resolve;
    ``resolve_country("us")`` is None.
    """
    e = _exact(text, (COUNTRY, DEMONYM, CAPITAL))
    if e is not None:
        return e.entity if e.kind != CAPITAL else _gaz().countries[e.entity.country]
    key = _clean_key(text)
    if len(key) == 1 and key[0].endswith("s") and len(key[0]) > 4:  # "Filipinos", "Pakistanis"
        e = _exact(key[0][:-1], (DEMONYM,))
        if e is not None:
            return e.entity
    return None


def resolve_organisation(text: str) -> Entity | None:
    """The organisation a name or alias stands for: "the EU", "G-7", "Group of Seven", "AU"."""
    e = _exact(text, (ORG,))
    return e.entity if e else None


def resolve_leader(text: str, year: int | None = None) -> Entity | None:
    """The country (or organisation) of a leader named in ``text``, or None.

    "President Pezeshkian" -> Iran, "Prime Minister Sharif" -> Pakistan, "President Joseph R.
    Biden, Jr." -> United States, "Premier Li Qiang" -> China, "Secretary-General Guterres" ->
    United Nations. A bare surname is accepted here ("Modi"); ``year`` settles surnames
    shared across countries.
    """
    g = _gaz()
    key = _clean_key(text)
    if not key:
        return None
    toks, ms = _analyse(text)
    starts = {m.i: m for m in ms}
    # a leading title / demonym / country is read by the title logic
    for k, m in enumerate(ms):
        if m.first(TITLE) is not None and m.first(LEADER) is None:
            hint = None
            if k > 0 and ms[k - 1].j in (m.i, m.i - 2):
                prev = ms[k - 1].first(DEMONYM, COUNTRY)
                hint = prev.entity if prev else None
            r = _after_title(text, toks, ms, k, starts, year, hint)
            if r.entity is not None:
                return r.entity
        if m.first(LEADER) is not None:
            return _pick_leader(m.first(LEADER).leaders, year, "*", None)
    # a bare surname or full name, exactly ("Modi", "Sharif"); not a part of an unknown name
    nk = _name_key(list(key))
    if nk in g.leader_keys:
        return _pick_leader(g.leader_keys[nk], year, "*", None)
    return None


def resolve_actor(text: str, year: int | None = None) -> Entity | None:
    """The party a span names, resolved: agency -> its country, organisation, country (name,
    alias, demonym, capital), then patterns ("the Government of X", "X's foreign ministry",
    "the Pakistani side", "Chinese President Xi Jinping"), then a leader's surname.

    Returns None when the span names nothing known, or several different parties.
    """
    e = _exact(text, (AGENCY, ORG, COUNTRY, DEMONYM, CAPITAL))
    if e is not None:
        if e.kind == CAPITAL:
            return _gaz().countries[e.entity.country]
        return e.entity
    found = {ent for _, _, ent in find_actors(text, year)}
    if len(found) == 1:
        return next(iter(found))
    if found:
        return None
    return resolve_leader(text, year)


def country_by_iso3(code: str) -> Entity | None:
    """The country Entity of an ISO 3166-1 alpha-3 code ("XKX" for Kosovo)."""
    return _gaz().by_iso3.get((code or "").upper())


def find_places(text: str) -> list[tuple[int, int, Entity]]:
    """Gazetteer places in ``text`` as (start, end, Entity), in text order, not overlapping.

    Countries by name or alias (not demonyms), regions, seas, provinces, corridors, crossings
    and their adjectives ("African"), capitals in a locative context ("in Manila"),
    "<direction> <country>" ("southern Mexico", kind region) and borders ("U.S.-Mexico border").
    Organisations, agencies and leaders are not places.
    """
    toks, ms = _analyse(text)
    starts = {m.i: m for m in ms}
    out: list[tuple[int, int, Entity]] = []
    locative = _locative_flags(toks, ms)
    k = 0
    while k < len(ms):
        m = ms[k]
        e = m.first(IGNORE, COUNTRY, PLACE, REGION_ADJ, CAPITAL, DEMONYM, ORG, AGENCY)
        if e is None or e.kind in (IGNORE, ORG, AGENCY):
            k += 1
            continue
        if e.kind in (COUNTRY, DEMONYM):
            border = _border(text, ms, k)
            if border is not None:
                end, k2 = border
                out.append((m.start, end, Entity(text[m.start:end], None, "place")))
                k = k2
                continue
            if e.kind == DEMONYM:
                k += 1
                continue
            before = text[max(0, m.start - 40):m.start] if m.i >= 2 and (
                toks[m.i - 1].f == "between" or toks[m.i - 2].f == "between") else ""
            if before and _BORDER_BEFORE.search(before) and k + 1 < len(ms):
                n2 = ms[k + 1]
                if (n2.first(COUNTRY) is not None and _AND_BETWEEN.match(text[m.end:n2.start])):
                    s = m.start - len(_BORDER_BEFORE.search(before).group())
                    out.append((s, n2.end, Entity(text[s:n2.end], None, "place")))
                    k += 2
                    continue
            if (_after_of(toks, m.i) and _NAME_OF_PREFIX.search(text[max(0, m.start - 40):m.start])
                    ) or (_next_is_name_part(text, toks, m, starts)
                          and _gov_suffix(text, m.end) is None):
                k += 1
                continue
            d = None
            if m.i > 0 and toks[m.i - 1].f.lower() in _DIRECTION_WORDS:
                d = _DIRECTION.search(text[max(0, m.start - 20):m.start])
            ent = e.entity
            if d is not None:
                s = m.start - len(d.group())
                out.append((s, m.end, Entity(f"{d.group(1).lower()} {ent.name}", ent.iso3,
                                             "region", ent.name)))
            else:
                out.append((m.start, m.end, ent))
        elif e.kind in (PLACE, REGION_ADJ):
            out.append((m.start, m.end, e.entity))
        elif e.kind == CAPITAL:
            if _capital_role(text, toks, ms, k, locative[k]) == "place":
                out.append((m.start, m.end, e.entity))
        k += 1
    return out


def _border(text: str, ms: tuple[_Match, ...], k: int) -> tuple[int, int] | None:
    """(end, next match) of "A-B border" starting at match ``k``, else None."""
    kk = k
    while kk + 1 < len(ms):
        a, b = ms[kk], ms[kk + 1]
        if (b.first(COUNTRY, DEMONYM) is None or b.first(PLACE, ORG) is not None
                or not _JOINED_DASH.match(text[a.end:b.start])):
            break
        kk += 1
    if kk == k:
        return None
    after = _BORDER_AFTER.match(text, ms[kk].end)
    if after is None:
        return None
    return after.end(), kk + 1


def _locative_flags(toks: tuple[_Tok, ...], ms: tuple[_Match, ...]) -> list[bool]:
    """For each match: does it stand in a locative context ("in Manila", "to Greenland,
    Gujarat and Manila": a list continues the context of its first item)?"""
    flags: list[bool] = []
    for k, m in enumerate(ms):
        loc = False
        if m.i > 0:
            prev = toks[m.i - 1].f.lower()
            if prev in _LOCATIVE:
                loc = True
            elif prev in ("and", "or", ",") and k > 0 and flags[k - 1]:
                gap_start = ms[k - 1].j
                loc = gap_start == m.i - 1 or (
                    gap_start == m.i - 2 and toks[m.i - 2].f == "," and prev in ("and", "or"))
        flags.append(loc)
    return flags


def _capital_role(text: str, toks: tuple[_Tok, ...], ms: tuple[_Match, ...], k: int,
                  locative: bool) -> str | None:
    """"place" (in Manila), "actor" (Beijing pledged) or None (the Paris Agreement)."""
    m = ms[k]
    if m.j < len(toks):
        nxt = toks[m.j]
        gap = text[m.end:nxt.start]
        if gap.strip() == "" and nxt.f.lower() in _NOT_METONYM_NEXT:
            return None
        if gap == "-" and nxt.f.lower() == "based":
            return None
        if (gap.strip() == "" and _capitalised(nxt) and nxt.raw not in _WEEKDAYS_MONTHS
                and "\n" not in gap):
            return None  # "the Washington Post", "the Victoria Nile"
    return "place" if locative else "actor"


def find_actors(text: str, year: int | None = None) -> list[tuple[int, int, Entity]]:
    """Parties named in ``text`` as (start, end, Entity), in text order, not overlapping.

    Entities are countries or organisations (agencies and leaders resolve to theirs). Spans
    cover the whole phrase: "the Government of Pakistan", "Pakistan's foreign ministry",
    "the Pakistani government", "Chinese President Xi Jinping", "President Joseph R. Biden,
    Jr.", "USAID", "Beijing" (as a metonym). ``year`` picks among leaders sharing a surname.
    """
    toks, ms = _analyse(text)
    starts = {m.i: m for m in ms}
    out: list[tuple[int, int, Entity]] = []
    locative = _locative_flags(toks, ms)
    k = 0
    while k < len(ms):
        m = ms[k]
        e = m.first(IGNORE, ORG, AGENCY, COUNTRY, LEADER, TITLE, DEMONYM, CAPITAL, PLACE)
        if e is None or e.kind in (PLACE, IGNORE):
            k += 1
            continue
        if m.has(CAPITAL):
            if _capital_role(text, toks, ms, k, locative[k]) != "actor":
                k += 1
                continue
            if e.kind == CAPITAL:
                out.append((m.start, m.end, _gaz().countries[e.entity.country]))
                k += 1
                continue
        if e.kind in (ORG, AGENCY):
            out.append((m.start, m.end, e.entity))
            k += 1
            continue
        if e.kind == LEADER:
            ent = _pick_leader(e.leaders, year, "*", None)
            if ent is not None:
                end = m.end
                jr = _JR.match(text, end)
                out.append((m.start, jr.end() if jr else end, ent))
            k += 1
            continue
        if e.kind == TITLE:
            r = _after_title(text, toks, ms, k, starts, year, None)
            if r.entity is not None:
                out.append((m.start, r.end, r.entity))
            k = max(r.next_match, k + 1)
            continue
        # COUNTRY or DEMONYM
        ent = e.entity
        # followed by a title: "Chinese President Xi", "Pakistan's Prime Minister Sharif"
        if k + 1 < len(ms):
            nxt = ms[k + 1]
            gap = text[m.end:nxt.start]
            if (nxt.first(TITLE) is not None and nxt.first(LEADER, ORG, COUNTRY) is None
                    and re.fullmatch(r"(?:['’]s)?[^\S\n]+", gap)):
                r = _after_title(text, toks, ms, k + 1, starts, year, ent)
                out.append((m.start, r.end, r.entity or ent))
                k = max(r.next_match, k + 2)
                continue
        if e.kind == DEMONYM:
            chain = [m]
            kk = k
            while kk + 1 < len(ms) and ms[kk + 1].first(DEMONYM) is not None and re.fullmatch(
                    r"\s*(?:,|and|or|,\s*and)\s*", text[ms[kk].end:ms[kk + 1].start]):
                kk += 1
                chain.append(ms[kk])
            end = _gov_suffix(text, chain[-1].end)
            if end is not None:
                for c in chain[:-1]:
                    out.append((c.start, c.end, c.first(DEMONYM).entity))
                last = chain[-1]
                out.append((last.start, end, last.first(DEMONYM).entity))
                k = kk + 1
            else:
                k += 1
            continue
        # a country
        of_before = _after_of(toks, m.i)
        if of_before and _NAME_OF_PREFIX.search(text[max(0, m.start - 40):m.start]):
            k += 1
            continue
        end = _gov_suffix(text, m.end)
        if end is None and _next_is_name_part(text, toks, m, starts):
            k += 1
            continue
        start = m.start
        pre = _GOV_PREFIX.search(text[max(0, m.start - 120):m.start]) if of_before else None
        if pre is not None:
            start = m.start - len(pre.group())
            if out and out[-1][1] > start:
                start = m.start
        out.append((start, end or m.end, ent))
        k += 1
    return out
