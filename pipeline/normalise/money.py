"""Money, quantities, percentages, multipliers and counts: found in a text and normalised.

``parse_amounts(text, country=None)`` returns every amount of a sentence as an :class:`Amount`
(value in base units, unit, the text as written, character offsets, kind, role, note)::

    >>> [(a.value, a.unit, a.role) for a in parse_amounts("to raise trade from 3 billion to 10 billion dollars")]
    [(3000000000.0, 'USD', 'baseline'), (10000000000.0, 'USD', 'target')]

How it works: the text is cut into tokens (numbers, words, single symbols, each with the number of
spaces before it), then a small grammar reads, left to right,

* money: ``[currency] NUMBER [scale…] [currency]`` with the currency before or after the number
  (symbols, ISO codes, names, country adjectives: "US$750 billion", "$2 billion USD" (one amount),
  "75 USD million", "Rs 5,000 crore", "five million yen", "10,000 swiss francs",
  "thirteen dollars and forty-five cents", "120 MEUR");
* percentages and percentage points, quantities with a unit (km, MW, tonnes, barrels/day, m3, …),
  multipliers (double, triple, halve, threefold, "three times more") and counts of things
  ("12 new agreements", "two more markets", "870 million doses");
* then pairs: "from X to Y" / "to Y from X" give roles baseline/target, "between X and Y" and
  "X-Y" / "X to Y" (X without a unit of its own) give low/high; a bare side takes the unit (and
  the scale) of the other side ("from 3 billion to 10 billion dollars": both are USD).

Not amounts: years, dates, clock times, phone numbers, ordinals, identifiers ("Article 5",
"Resolution 2231", "COVID-19", "G20", "I2U2", "SDG 5"), durations ("90 days", "a 90-day pause")
and numbers with no unit. Every word list and pattern is a data file in ``pipeline/lexicons``
(``currencies*.tsv``, ``units.tsv``, ``number_*.tsv``), loaded once at import.

Decisions worth knowing:

* "$" (and "dollars") is USD, "Rs"/"rupees" INR, "£"/"pounds" GBP, "¥" JPY, unless read
  otherwise by, in order: a country adjective ("Australian dollars"), the only country of the
  form's group named in the text ("Pakistan … Rs 20 billion" is PKR; never for "$", "£", "¥",
  which are often a foreign writer's currency), then ``country``. A reading that is not the
  default is explained in ``note``. Explicit forms ("US$", "USD", "US dollars") are never re-read.
* Doses, vaccines, jobs, scholarships… are counts (unit "count"), like every plural noun after a
  number; "the two governments" (a number after a determiner) is not a count.
* Percentage points are reported in "%" like percentages (the spec's unit; `text` keeps the words),
  basis points in "bp"; "at least half" / "two-thirds of the" are
  shares in %.
* Energy is reported in Wh (so "5 GWh" is 5e9 Wh), so that no unit looks like a currency code.
* Qualifiers before an amount ("at least", "up to", "about", "more than") go into ``note``; they
  are not part of ``text``.
"""
from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Amount", "parse_amounts"]

log = logging.getLogger(__name__)

LEXICONS = Path(__file__).resolve().parent.parent / "lexicons"


@dataclass(frozen=True)
class Amount:
    """One amount of a text: ``value`` in ``unit`` (base units), as written at ``text[start:end]``."""

    value: float
    unit: str
    text: str
    start: int
    end: int
    kind: str  # money | percent | quantity | count | multiplier
    role: str | None = None  # baseline | target | low | high
    note: str | None = None


# --------------------------------------------------------------------------------------------
# Tokens
# --------------------------------------------------------------------------------------------

_TOKEN_RE = re.compile(
    r"(?P<n>\d+(?:[.,]\d+)*|(?:(?<=[\s$€£¥₹(])|^)\.\d+)"
    r"|(?P<w>[^\W\d_]+(?:\.[^\W\d_]+)+\.?|[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<s>\S)"
)
_DASHES = {"‐": "-", "‑": "-", "−": "-", "﹣": "-", "－": "-"}
_SPACE_SEPARATORS = {" ", "\u00a0", "\u202f", "\u2009", "\u2007"}
_HARD_SPACE_SEPARATORS = {"\u00a0", "\u202f", "\u2009", "\u2007"}


class _Tok:
    __slots__ = ("text", "key", "kind", "start", "end", "gap")

    def __init__(self, text, kind, start, end, gap):
        self.text = text
        self.kind = kind  # n number, w word, s symbol, x masked
        self.start = start
        self.end = end
        self.gap = gap  # characters of white space before the token (0: written solid)
        if kind == "w":
            self.key = text.lower().replace(".", "").replace("’", "'")
        elif kind == "s":
            self.key = _DASHES.get(text, text)
        else:
            self.key = text


def _tokenise(text, masks=()):
    toks = []
    prev_end = 0
    mask_iter = iter(masks)
    mask = next(mask_iter, None)
    for m in _TOKEN_RE.finditer(text):
        start, end = m.span()
        kind = m.lastgroup
        while mask is not None and mask[1] <= start:
            mask = next(mask_iter, None)
        if mask is not None and mask[0] < end and start < mask[1]:
            kind = "x"
        toks.append(_Tok(m.group(), kind, start, end, start - prev_end))
        prev_end = end
    return toks


# --------------------------------------------------------------------------------------------
# Lexicons (data files, loaded once)
# --------------------------------------------------------------------------------------------


def _rows(name, width):
    rows = []
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < width:
            log.warning("%s: skipped a row with %d cells: %r", name, len(cells), line)
            continue
        rows.append([c.strip() for c in cells[:width]])
    return rows


class _Form:
    """A lexicon phrase tokenised like the text, with the way it must be written to match."""

    __slots__ = ("keys", "texts", "solid", "digit", "mode", "payload")

    def __init__(self, form, mode, payload):
        toks = _tokenise(form)
        self.keys = tuple(t.key for t in toks)
        self.texts = tuple(t.text for t in toks)
        self.solid = tuple(t.gap == 0 for t in toks)  # written without a space before it
        self.digit = tuple(t.kind == "n" for t in toks)
        self.mode = mode
        self.payload = payload


class _Phrases:
    """Longest-match lookup of multi-token phrases, indexed by their first token's key."""

    def __init__(self):
        self.index = {}

    def add(self, form, mode, payload):
        f = _Form(form, mode, payload)
        if not f.keys:
            return
        bucket = self.index.setdefault(f.keys[0], [])
        bucket.append(f)
        bucket.sort(key=lambda x: -len(x.keys))

    def match(self, toks, i, accept=None):
        """The longest phrase starting at token i as (form, end) or (None, i)."""
        if i >= len(toks):
            return None, i
        bucket = self.index.get(toks[i].key)
        if not bucket:
            return None, i
        n = len(toks)
        for f in bucket:
            size = len(f.keys)
            if i + size > n:
                continue
            ok = True
            for k in range(size):
                t = toks[i + k]
                if t.kind == "x" or t.key != f.keys[k]:
                    ok = False
                    break
                if f.mode in ("exact", "strict") and t.text != f.texts[k]:
                    ok = False
                    break
                if k and f.solid[k] and t.gap and (
                    f.mode != "any" or f.digit[k] or f.digit[k - 1]
                ):
                    ok = False
                    break
            if ok and (accept is None or accept(f)):
                return f, i + size
        return None, i


def _load_number_words():
    types = {}
    for word, value, kind in _rows("number_words.tsv", 3):
        types.setdefault(kind, {})[word.lower()] = float(value)
    return types


def _load_context():
    roles = {}
    for phrase, role in _rows("number_context.tsv", 2):
        roles.setdefault(role, set()).add(phrase.lower())
    return roles


_NW = _load_number_words()
_UNITS_0_9 = _NW.get("unit", {})
_TEENS = _NW.get("teen", {})
_TENS = _NW.get("tens", {})
_HUNDRED = _NW.get("hundred", {})
_SCALES = _NW.get("scale", {})
_SCALE_ABBREV = _NW.get("scale_abbrev", {})
_MONEY_ABBREV = {**_SCALE_ABBREV, **_NW.get("money_abbrev", {})}
_POINT = set(_NW.get("point", {}))
_ARTICLES = _NW.get("article", {})
_DOZEN = _NW.get("dozen", {})
_FRACTIONS = _NW.get("fraction", {})
_FRACTION_PLURALS = _NW.get("fraction_plural", {})
_MULTIPLIERS = _NW.get("multiplier", {})
_MULTIPLIER_VERBS = _NW.get("multiplier_verb", {})
_FOLDS = _NW.get("fold", {})
_FOLD_SUFFIX = set(_NW.get("fold_suffix", {}))
_TIMES = set(_NW.get("times", {}))
_PERCENT_FRACTIONS = _Phrases()
for _w, _v in _NW.get("percent_fraction", {}).items():
    _PERCENT_FRACTIONS.add(_w, "any", _v)
_NUMBER_START = set(_UNITS_0_9) | set(_TEENS) | set(_TENS) | set(_ARTICLES) | set(_FRACTIONS)

_CTX = _load_context()
_LABELS = _CTX.get("label", set())
_MONTHS = _CTX.get("month", set())
_DURATIONS = _CTX.get("duration", set())
_TIME_WORDS = _CTX.get("time", set())
_ORDINALS = _CTX.get("ordinal", set())
_DETERMINERS = _CTX.get("determiner", set())
_STOP = _CTX.get("stop", set())
_NOT_PLURAL = _CTX.get("not_plural", set())
_PLURAL = _CTX.get("plural", set())
_ELLIPSIS = _CTX.get("ellipsis", set())
_VERB_CONTEXT = _CTX.get("verb_context", set())
_FOLD_BLOCK = _CTX.get("fold_block", set())
_MULTIPLIER_BLOCK = _CTX.get("multiplier_block", set())
_MODALS = _CTX.get("modal", set())
_YEAR_LEADS = _CTX.get("year_lead", set())
_COMPARATIVES = _CTX.get("comparative", set())
_FRACTION_BLOCK = _CTX.get("fraction_block", set())
_FROM = _CTX.get("from", set())
_TO = _CTX.get("to", set())
_BETWEEN = _CTX.get("between", set())
_AND = _CTX.get("and", set())
_RANGE = {_DASHES.get(k, k) for k in _CTX.get("range", set())}
_QUALIFIERS = {tuple(t.key for t in _tokenise(q)) for q in _CTX.get("qualifier", set())}
_VERB_CONTEXT_PHRASES = {tuple(t.key for t in _tokenise(q)) for q in _VERB_CONTEXT}
_QUALIFIER_MAX = max((len(q) for q in _QUALIFIERS), default=1)

_MASK_RE = re.compile("|".join(f"(?:{p})" for _name, p in _rows("number_masks.tsv", 2)))


class _Currency:
    __slots__ = ("code", "group", "kind", "position", "factor", "next", "strict", "form")

    def __init__(self, form, code, group, kind, position, factor, nxt, strict=False):
        self.form = form
        self.code = None if code in ("", "-") else code
        self.group = None if group in ("", "-") else group
        self.kind = kind  # symbol | code | name | minor
        self.position = position  # prefix | suffix | both
        self.factor = factor
        self.next = nxt
        self.strict = strict


def _load_currencies():
    phrases = _Phrases()
    for code, _name, strict, million in _rows("currencies_iso.tsv", 4):
        is_strict = strict == "yes"
        mode = "strict" if is_strict else "any"
        phrases.add(code, mode, _Currency(code, code, "-", "code", "both", 1.0, None, is_strict))
        if not is_strict:
            phrases.add(code + "$", "any", _Currency(code + "$", code, "-", "symbol", "prefix", 1.0, None))
        if million == "yes":  # "120 MEUR", "MAUD 60", "500 kEUR"
            phrases.add("M" + code, "nogap", _Currency("M" + code, code, "-", "code", "both", 1e6, None))
            phrases.add("K" + code, "nogap", _Currency("K" + code, code, "-", "code", "both", 1e3, None))
    for form, code, group, kind, position, match, factor, nxt in _rows("currencies.tsv", 8):
        cur = _Currency(form, code, group, kind, position, float(factor),
                        None if nxt in ("", "-") else float(nxt))
        phrases.add(form, match, cur)
    groups, notext = {}, set()
    for group, country, code in _rows("currencies_context.tsv", 3):
        if country == "!notext":
            notext.add(group)
        else:
            groups.setdefault(group, {})[country.upper()] = code
    adjectives = _Phrases()
    countries = _Phrases()
    for adjective, country in _rows("currencies_adjectives.tsv", 2):
        adjectives.add(adjective, "any", country.upper())
        countries.add(adjective, "any", country.upper())
    for name, country in _rows("currencies_country_names.tsv", 2):
        countries.add(name, "any", country.upper())
    return phrases, groups, notext, adjectives, countries


_CURRENCIES, _GROUPS, _NO_TEXT_READING, _ADJECTIVES, _COUNTRY_NAMES = _load_currencies()


class _Unit:
    __slots__ = ("unit", "factor", "kind", "attached")

    def __init__(self, unit, factor, kind, attached):
        self.unit = unit
        self.factor = factor
        self.kind = kind
        self.attached = attached


def _load_units():
    phrases = _Phrases()
    for form, unit, factor, kind, match in _rows("units.tsv", 5):
        attached = match == "attached"
        phrases.add(form, "nogap" if attached else match, _Unit(unit, float(factor), kind, attached))
    return phrases


_UNITS = _load_units()

# A quick test whether a text can hold an amount at all: a digit, a currency symbol or one of
# the number words that can start an amount on their own.
_TRIGGER_WORDS = (
    set(_UNITS_0_9) | set(_TEENS) | set(_TENS) | set(_FRACTIONS) | set(_MULTIPLIERS)
    | set(_MULTIPLIER_VERBS) | set(_FOLDS) | set(_HUNDRED) | set(_SCALES) | set(_DOZEN)
    | {k.split()[0].split("-")[0] for k in _NW.get("percent_fraction", {})}
)
_DIGIT_RE = re.compile(r"\d")
_LETTERS_RE = re.compile(r"[^\W\d_]+")


def _may_hold_amount(text):
    if _DIGIT_RE.search(text):
        return True
    return not _TRIGGER_WORDS.isdisjoint(w.lower() for w in _LETTERS_RE.findall(text))


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


class _Num:
    __slots__ = ("value", "start", "end", "literal", "scaled", "plain", "digits", "words",
                 "integer", "separators", "year_like", "tentative")

    def __init__(self, value, start, end, literal, scaled, plain, digits, words, integer,
                 separators, tentative=False):
        self.value = value
        self.start = start  # token indices, end exclusive
        self.end = end
        self.literal = literal  # the value before any scale word
        self.scaled = scaled
        self.plain = plain  # digits only, no separator, no decimals
        self.digits = digits
        self.words = words
        self.integer = integer
        self.separators = separators
        self.year_like = plain and not scaled and digits == 4 and 1900 <= literal <= 2100
        self.tentative = tentative  # read across spaces ("1 500", "6 . 2"): needs a unit to stand


def _literal(text):
    """The value of a digit string with separators, or None when the separators make no sense."""
    if text.isdigit():
        return float(int(text)) if len(text) <= 18 else None
    if text.startswith("."):  # ".5 percent", "$.50"
        return float("0" + text) if text[1:].isdigit() and len(text) <= 12 else None
    commas, dots = text.count(","), text.count(".")
    if sum(c.isdigit() for c in text) > 18:
        return None  # an identifier, not an amount (and beyond float precision)
    try:
        if commas and not dots:
            parts = text.split(",")
            if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
                return float(int("".join(parts)))
            if len(parts) == 2 and len(parts[1]) != 3:  # a decimal comma: "1,5"
                return float(int(parts[0])) + float("0." + parts[1])
            return None
        if dots and not commas:
            parts = text.split(".")
            if len(parts) == 2:
                return float(int(parts[0])) + float("0." + parts[1])
            if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
                return float(int("".join(parts)))  # "1.500.000"
            return None
        last_dot, last_comma = text.rfind("."), text.rfind(",")
        if last_dot > last_comma:  # 1,500.25
            whole, frac, sep = text[:last_dot], text[last_dot + 1:], ","
        else:  # 1.500,25
            whole, frac, sep = text[:last_comma], text[last_comma + 1:], "."
        if ("." if sep == "," else ",") in whole:
            return None
        parts = whole.split(sep)
        if 1 <= len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:]):
            return float(int("".join(parts))) + float("0." + frac)
    except (ValueError, OverflowError):
        return None
    return None


def _is_year(tok):
    return tok.text.isdigit() and len(tok.text) == 4 and 1900 <= int(tok.text) <= 2100


class _Reader:
    """One pass over one text."""

    def __init__(self, text, country):
        self.text = text
        self.country = country
        masks = [m.span() for m in _MASK_RE.finditer(text)] if _DIGIT_RE.search(text) else ()
        self.toks = _tokenise(text, masks)
        self.n = len(self.toks)
        self._mentions = None

    # ---- small helpers ---------------------------------------------------------------------

    def key(self, i):
        return self.toks[i].key if 0 <= i < self.n else ""

    def is_word(self, i, words):
        return 0 <= i < self.n and self.toks[i].kind == "w" and self.toks[i].key in words

    def ends_with_phrase(self, i, phrases, max_len):
        """The phrase of `phrases` that ends just before token i, as a tuple, or None."""
        for size in range(max_len, 0, -1):
            if i - size < 0:
                continue
            keys = tuple(self.toks[k].key for k in range(i - size, i))
            if keys in phrases:
                return keys
        return None

    def qualifier_before(self, i):
        return self.ends_with_phrase(i, _QUALIFIERS, _QUALIFIER_MAX)

    def start_skipping_qualifier(self, i):
        q = self.qualifier_before(i)
        return i - len(q) if q else i

    # ---- numbers ---------------------------------------------------------------------------

    def number(self, i, *, merge=True, abbrev=False):
        """The number phrase starting at token i, or None."""
        if i >= self.n:
            return None
        t = self.toks[i]
        if t.kind == "n":
            return self._digits(i, merge, abbrev)
        if t.kind == "w" and t.key in _NUMBER_START:
            return self._words(i)
        return None

    def _digits(self, i, merge, abbrev):
        toks, n = self.toks, self.n
        t = toks[i]
        lit = _literal(t.text)
        if lit is None:
            return None
        plain = t.text.isdigit()
        digits = len(t.text) if plain else sum(c.isdigit() for c in t.text)
        integer = plain or ("." not in t.text and "," not in t.text) or (
            lit == int(lit) and not re.search(r"[.,]\d{1,2}$", t.text))
        separators = not plain
        j = i + 1
        tentative = False
        if merge and plain and len(t.text) <= 3 and j < n:
            # "1 500 000" (thousands grouped by spaces) and "6 . 2" (a decimal point set apart)
            if (toks[j].key == "." and j + 1 < n and toks[j].gap == 1 and toks[j + 1].gap == 1
                    and toks[j + 1].kind == "n" and toks[j + 1].text.isdigit()
                    and self.text[t.end] == " " and self.text[toks[j].end] == " "):
                lit = float(int(t.text)) + float("0." + toks[j + 1].text)
                j += 2
                tentative = True
                integer = False
                separators = True
            else:
                k = j
                merged = t.text
                hard = True
                while (k < n and toks[k].kind == "n" and len(toks[k].text) == 3 and toks[k].text.isdigit()
                       and toks[k].gap == 1 and self.text[toks[k].start - 1] in _SPACE_SEPARATORS):
                    hard = hard and self.text[toks[k].start - 1] in _HARD_SPACE_SEPARATORS
                    merged += toks[k].text
                    k += 1
                if k > j and len(merged) <= 18 and not (k < n and toks[k].kind == "n" and toks[k].gap <= 1):
                    lit = float(int(merged))
                    digits = len(merged)
                    j = k
                    tentative = not hard
                    separators = True
        if plain and not tentative and j + 2 < n:
            lit, j, integer = self._mixed_fraction(lit, j, integer)
        value, scaled, j = self._scales(lit, j, abbrev)
        if not math.isfinite(value):
            return None
        return _Num(value, i, j, lit, scaled, plain and not separators, digits, False,
                    integer, separators, tentative)

    def _mixed_fraction(self, lit, j, integer):
        """ "$ 15 3/4", "10 1/2 cents": a whole number and a fraction of halves, quarters, eighths…"""
        toks = self.toks
        a, slash, b = toks[j], toks[j + 1], toks[j + 2]
        if (a.gap == 1 and slash.text == "/" and slash.gap <= 1 and b.gap == slash.gap
                and a.text.isdigit() and b.text.isdigit() and len(a.text) <= 2 and len(b.text) <= 2
                and int(b.text) in (2, 4, 8, 16, 32, 64) and 0 < int(a.text) < int(b.text)):
            return lit + int(a.text) / int(b.text), j + 3, False
        return lit, j, integer

    def _scales(self, value, j, abbrev):
        """Apply the scale words after a number: "1.5 million", "5,000 crore", "5 lakh crore", "$5m"."""
        toks, n = self.toks, self.n
        scaled = False
        while j < n:
            k = j
            if toks[k].key == "-" and k + 1 < n and (
                    (toks[k].gap == 0 and toks[k + 1].gap == 0) or toks[k + 1].key in _SCALES):
                k += 1  # "$1.5-billion", "a $ 100 - million offering"
            t = toks[k]
            if t.kind != "w":
                break
            if t.key in _SCALES or t.key in _HUNDRED:
                value *= _SCALES.get(t.key) or _HUNDRED.get(t.key)
                scaled = True
                j = k + 1
                continue
            table = _MONEY_ABBREV if abbrev == "money" else _SCALE_ABBREV
            if (abbrev and not scaled and t.key in table and k == j
                    and (t.gap == 0 or (abbrev == "money" and t.gap == 1))
                    and (k + 1 >= n or toks[k + 1].gap > 0 or toks[k + 1].kind != "w")):
                value *= table[t.key]
                scaled = True
                j = k + 1
            break
        return value, scaled, j

    def _words(self, i):
        """Spelled-out numbers: "five", "forty-five", "one hundred and twenty million",
        "half a billion", "quarter million", "three quarters billion", "two and a half million"."""
        toks, n = self.toks, self.n
        key = toks[i].key
        # fractions of a scale: "half a billion", "quarter million", "a quarter of a million"
        k = i
        if key in _ARTICLES and i + 1 < n and toks[i + 1].key in _FRACTIONS:
            k = i + 1
        if toks[k].key in _FRACTIONS:
            frac = _FRACTIONS[toks[k].key]
            m = k + 1
            if m < n and toks[m].key == "of":
                m += 1
            if m < n and toks[m].key in _ARTICLES:
                m += 1
            if m < n and toks[m].key in _SCALES:
                value, _, end = self._scales(frac, m, False)
                return _Num(value, i, end, frac, True, False, 0, True, value == int(value), False)
            return None
        total = 0.0
        group = 0.0
        last = None
        last_scale = 1.0
        j = i
        seen = False
        while j < n:
            t = toks[j]
            if t.kind != "w" and not (t.key == "-" and last == "tens" and t.gap == 0):
                break
            w = t.key
            if w == "-" :
                if j + 1 < n and toks[j + 1].gap == 0 and toks[j + 1].key in _UNITS_0_9:
                    j += 1
                    continue
                break
            if w in _ARTICLES and last is None:
                nxt = self.key(j + 1)
                if nxt in _HUNDRED or nxt in _SCALES or nxt in _DOZEN:
                    group, last = 1.0, "unit"
                    j += 1
                    continue
                break
            if w in _UNITS_0_9:
                if last in (None, "hundred", "scale", "and", "tens") and not (last == "tens" and group % 10):
                    group += _UNITS_0_9[w]
                    last, seen = "unit", True
                    j += 1
                    continue
                break
            if w in _TEENS or w in _TENS:
                if last in (None, "hundred", "scale", "and"):
                    group += _TEENS.get(w) or _TENS.get(w)
                    last, seen = ("teen" if w in _TEENS else "tens"), True
                    j += 1
                    continue
                break
            if w in _HUNDRED:
                if last in ("unit", "teen", "tens") and group < 100:
                    group *= 100
                    last, seen = "hundred", True
                    j += 1
                    continue
                break
            if w in _DOZEN:
                if last in ("unit", "teen", "tens"):
                    group *= 12
                    last, seen = "hundred", True
                    j += 1
                    continue
                break
            if w in _SCALES:
                if last in ("unit", "teen", "tens", "hundred", "fraction", "point"):
                    total += group * _SCALES[w]
                    group = 0.0
                    last_scale = _SCALES[w]
                    last, seen = "scale", True
                    j += 1
                    continue
                if last == "scale":  # "five lakh crore", "two thousand million"
                    total *= _SCALES[w]
                    last_scale *= _SCALES[w]
                    j += 1
                    continue
                break
            if w in _POINT and last in ("unit", "teen", "tens", "hundred") and self.key(j + 1) in _UNITS_0_9:
                # "one point five billion"
                digits = ""
                m = j + 1
                while m < n and toks[m].key in _UNITS_0_9:
                    digits += str(int(_UNITS_0_9[toks[m].key]))
                    m += 1
                group += float("0." + digits)
                last = "point"
                j = m
                continue
            if w in _FRACTION_PLURALS and last == "unit" and self.key(j + 1) in _SCALES:
                group *= _FRACTION_PLURALS[w]  # "three quarters billion"
                last = "fraction"
                j += 1
                continue
            if w in _AND:
                nxt = self.key(j + 1)
                if last in ("hundred", "scale") and (nxt in _UNITS_0_9 or nxt in _TEENS or nxt in _TENS):
                    last = "and"
                    j += 1
                    continue
                # "two and a half million"
                if (last in ("unit", "teen", "tens") and nxt in _ARTICLES
                        and self.key(j + 2) in _FRACTIONS and self.key(j + 3) in _SCALES):
                    group += _FRACTIONS[self.key(j + 2)]
                    last = "fraction"
                    j += 3
                    continue
                break
            break
        if not seen:
            return None
        value = total + group
        if not math.isfinite(value):
            return None
        scaled = total > 0 or last == "scale"
        return _Num(value, i, j, value / last_scale if scaled else value,
                    scaled, False, 0, True, value == int(value), False)

    # ---- context of a number -----------------------------------------------------------------

    def is_identifier(self, num):
        """A number that names something rather than counts it: "Article 5", "G20", "COVID-19",
        "5G", "1990s", "45th", "May 14"."""
        toks = self.toks
        i = num.start
        t = toks[i]
        if t.kind == "n":
            prev = toks[i - 1] if i else None
            if prev is not None and t.gap == 0:
                if prev.kind == "w" or prev.key in ("#", "№"):
                    return True  # G20, COP28, I2U2, #5
                if prev.key == "-" and i >= 2 and prev.gap == 0 and toks[i - 2].kind == "w":
                    return True  # COVID-19, F-16
                if prev.key == "." and i >= 2 and prev.gap == 0 and toks[i - 2].kind == "n":
                    return True  # 1.2.3, 14.05
                if prev.key == "+" and i >= 2 and prev.gap == 0 and toks[i - 2].kind in ("n", "w"):
                    return True  # P5+1
            if num.end < self.n:
                nxt = toks[num.end]
                if nxt.gap == 0 and nxt.kind == "n":
                    return True
        j = i - 1
        if j >= 0 and toks[j].key == "." and toks[j].gap == 0:
            j -= 1
        if j >= 0 and toks[j].kind == "w" and (toks[j].key in _LABELS or toks[j].key in _MONTHS):
            return True
        return False

    def blocked_after(self, num):
        """A word after the number that makes it a duration, a date, a time or an ordinal."""
        j = num.end
        if j >= self.n:
            return False
        t = self.toks[j]
        if t.kind == "w" and t.gap == 0 and t.key in _ORDINALS and self.toks[num.end - 1].kind == "n":
            return True
        if t.key == "-" and t.gap == 0 and j + 1 < self.n:
            j += 1
            t = self.toks[j]
        if t.kind == "w" and (t.key in _DURATIONS or t.key in _MONTHS or t.key in _TIME_WORDS):
            return True
        # "one and a half years", "two full days" are handled by the count rule; "in 2 weeks' time"
        return False

    def attached_letters_after(self, num):
        j = num.end
        return j < self.n and self.toks[j].kind == "w" and self.toks[j].gap == 0

    # ---- currencies ----------------------------------------------------------------------------

    def mentions(self):
        """{country: name as written} for the countries the text names ("Pakistan", "Kenyan")."""
        if self._mentions is None:
            self._mentions = {}
            toks = []
            for t in self.toks:
                if t.kind == "w" and t.key.endswith("'s"):
                    t = _Tok(t.text[:-2], "w", t.start, t.end - 2, t.gap)
                toks.append(t)
            i = 0
            while i < len(toks):
                form, end = _COUNTRY_NAMES.match(toks, i)
                if form is not None:
                    self._mentions.setdefault(form.payload, self.text[toks[i].start:toks[end - 1].end])
                    i = end
                else:
                    i += 1
        return self._mentions

    def resolve(self, cur, adjective_country=None):
        """(ISO code, note) of a currency form, or (None, None) when it cannot be read.
        An ambiguous form is read, in order, from a country adjective before it ("Kenyan shillings"),
        from the only country of its group named in the text ("Pakistan … Rs 20 billion"), from the
        document's country, else by its default."""
        if cur.code:
            return cur.code, None
        table = _GROUPS.get(cur.group, {})
        default = table.get("*")
        if adjective_country and adjective_country in table:
            return table[adjective_country], None
        if cur.group not in _NO_TEXT_READING:
            named = {c: name for c, name in self.mentions().items() if c in table and c != "*"}
            codes = {table[c] for c in named}
            if len(codes) == 1:
                code = codes.pop()
                if code != default:
                    names = "', '".join(sorted(named.values()))
                    return code, f"'{cur.form}' read as {code} from '{names}' in the text"
                return code, None
        if self.country and self.country in table:
            code = table[self.country]
            if code != default:
                return code, f"'{cur.form}' read as {code} from document context ({self.country})"
            return code, None
        return default, None

    def currency_at(self, i, positions, kinds=None):
        """A currency written at token i: (currency, end, code, note) or None.
        Country adjectives are read before names ("Australian dollars")."""
        def accept(f):
            c = f.payload
            return c.position in positions and (kinds is None or c.kind in kinds)

        form, end = _CURRENCIES.match(self.toks, i, accept)
        adjective_country = None
        if form is None and "suffix" in positions:
            adj, after = _ADJECTIVES.match(self.toks, i)
            if adj is not None:
                form, end = _CURRENCIES.match(
                    self.toks, after,
                    lambda f: f.payload.kind in ("name", "minor") and f.payload.position != "prefix")
                adjective_country = adj.payload
        if form is None:
            return None
        cur = form.payload
        if cur.strict:
            # an ISO code that is also a word or an acronym: capitals, away from capitalised text
            window = self.text[max(0, self.toks[i].start - 30):self.toks[end - 1].end + 30]
            if not any(ch.islower() for ch in window):
                return None
        code, note = self.resolve(cur, adjective_country)
        if code is None:
            return None
        return cur, end, code, note

    # ---- the grammar ---------------------------------------------------------------------------

    def prefix_money(self, i):
        """CURRENCY NUMBER [scale] [currency]: "$ 75 million", "US$750 billion", "Rs 5,000 crore",
        "$2 billion USD", "MAUD 60"."""
        found = self.currency_at(i, ("prefix", "both"), ("symbol", "code", "name"))
        if found is None:
            return None
        cur, j, code, note = found
        toks = self.toks
        if j < self.n and toks[j].key == "." and toks[j].gap == 0 and toks[j - 1].kind == "w":
            j += 1  # "Rs. 500", "Sh. 10"
        if j >= self.n:
            return None
        if cur.kind == "name" and toks[j].gap == 0:
            return None
        one_letter = j - i == 1 and toks[i].kind == "w" and len(toks[i].text) == 1
        if one_letter and toks[j].gap:
            return None  # one-letter symbols only written solid: "R50 million"
        if toks[i].kind == "w" and len(toks[i].text) == 1 and i and toks[i - 1].key in ("'", "’"):
            return None  # "the company ' s $ 5 million" is not Singapore dollars
        num = self.number(j, abbrev="money")
        if num is None:
            return None
        if (cur.strict or cur.kind == "name" or one_letter) and not (num.scaled or num.separators):
            return None  # "SDG 5", "Euro 2024", "P5": identifiers, not money
        if num.end < self.n and (toks[num.end].key == "%" or _UNITS.match(
                toks, num.end, lambda f: f.payload.kind == "percent")[0] is not None):
            return None  # "IRR 12%": a rate, not money
        if cur.kind != "symbol" and num.year_like:
            return None  # "CNY 2024", "SAR 2030"
        if num.start < self.n and toks[num.start].kind == "n" and self.attached_letters_after(num) \
                and not self._suffix_word_ok(num.end):
            return None
        value = num.value * cur.factor
        end = num.end
        # "$2 billion USD", "US$ 5 million dollars": one amount; a code after "$" decides it
        after = self.currency_at(end, ("suffix", "both"), ("code", "name"))
        if after is not None:
            cur2, end2, code2, _ = after
            if cur2.factor == 1 and (code2 == code or cur.group is not None):
                if code2 != code:
                    code, note = code2, None
                end = end2
        return self.make(i, end, value, code, "money", note=note, num=num)

    def _suffix_word_ok(self, j):
        """A word written solid after a number that still lets it be an amount: a scale, a unit,
        a currency, a percent sign word ("5bn", "300MW", "115USD", "5pc")."""
        t = self.toks[j]
        if t.key in _SCALES or t.key in _SCALE_ABBREV:
            return True
        if _UNITS.match(self.toks, j)[0] is not None:
            return True
        if _CURRENCIES.match(self.toks, j)[0] is not None:
            return True
        return False

    def number_amount(self, i):
        """NUMBER then a unit, a currency, 'percent', 'times', '-fold' or a counted noun."""
        num = self.number(i)
        if num is None:
            return None
        item = self._after_number(num)
        if item is not None and num.tentative and item.get("unit") is None:
            item = None
        if item is None and num.tentative:
            num = self.number(i, merge=False)
            if num is None:
                return None
            item = self._after_number(num)
        return item

    def _after_number(self, num):
        toks, n = self.toks, self.n
        if self.is_identifier(num):
            return self.blocked(num)
        if self.blocked_after(num):
            return self.blocked(num)
        j = num.end
        attached_word = self.attached_letters_after(num)
        if attached_word and toks[num.start].kind == "n" and not self._suffix_word_ok(j):
            # "5G", "1990s", "11a": an identifier, unless an abbreviated scale makes sense of it
            scaled = self._abbrev_amount(num)
            return scaled if scaled is not None else self.blocked(num)
        item = self._unit_or_currency(num, j)
        if item is not None:
            return item
        scaled = self._abbrev_amount(num) if attached_word else None
        if scaled is not None:
            return scaled
        # multipliers: "three times more", "10-fold", "100 times larger"
        k = j + 1 if (j < n and toks[j].key == "-" and toks[j].gap == 0) else j
        if k < n and toks[k].key in _FOLD_SUFFIX and not self.is_word(k + 1, _FOLD_BLOCK):
            return self.make(num.start, k + 1, num.value, "x", "multiplier", num=num)
        if (j < n and toks[j].key in _TIMES and self.is_word(j + 1, _COMPARATIVES)
                and not num.year_like):
            return self.make(num.start, j + 1, num.value, "x", "multiplier", num=num)
        count = self._count(num)
        if count is not None:
            return count
        if num.year_like:
            return None  # a year: neither an amount nor a side of a pair
        return self.bare(num)

    def _abbrev_amount(self, num):
        """ "5m tonnes", "100m doses", "5bn" written solid: read the one-letter scale when a unit,
        a currency or a counted noun follows."""
        j = num.end
        t = self.toks[j] if j < self.n else None
        if t is None or t.gap or t.key not in _SCALE_ABBREV or num.scaled or num.words:
            return None
        value, scaled, end = self._scales(num.value, j, True)
        if not scaled:
            return None
        scaled_num = _Num(value, num.start, end, num.literal, True, False, num.digits, False,
                          value == int(value), num.separators)
        item = self._unit_or_currency(scaled_num, end)
        if item is None:
            item = self._count(scaled_num)
        return item

    def _unit_or_currency(self, num, j):
        toks, n = self.toks, self.n
        if j >= n:
            return None
        k = j + 1 if (toks[j].key == "-" and toks[j].gap == 0 and j + 1 < n and toks[j + 1].gap == 0) else j
        unit_form, unit_end = _UNITS.match(toks, k)
        if unit_form is not None and unit_form.payload.attached and (toks[k].gap or k != j):
            unit_form, unit_end = None, k
        cur = None
        if k == j:
            cur = self.currency_at(j, ("suffix", "both"))
        elif toks[j].key == "-":
            cur = self.currency_at(k, ("suffix", "both"), ("name",))  # "a 100-dollar bill"
        if cur is not None and (unit_form is None or cur[1] > unit_end):
            return self._suffix_money(num, cur)
        if unit_form is not None:
            u = unit_form.payload
            if num.year_like and self.is_word(num.start - 1, _YEAR_LEADS):
                return None  # "in 2020 tonnes of aid arrived": a year
            end = unit_end
            # "300 megawatts (MW)": the abbreviation in brackets is part of the amount
            if end + 2 < n and toks[end].key == "(" and toks[end + 2].key == ")":
                inner, inner_end = _UNITS.match(toks, end + 1)
                if inner is not None and inner_end == end + 2 and inner.payload.unit == u.unit:
                    end = end + 3
            kind = "percent" if u.kind == "percent" else "quantity"
            return self.make(num.start, end, num.value * u.factor, u.unit, kind, num=num)
        return None

    def _suffix_money(self, num, found):
        cur, end, code, note = found
        toks, n = self.toks, self.n
        if num.year_like:
            return None  # "in 1990 dollars", "2020 $"
        if cur.strict and not (num.scaled or num.separators):
            return None
        c0 = toks[num.end]
        if cur.kind in ("symbol", "code") or cur.position == "both":
            # a symbol between two numbers belongs to the one it is written against:
            # "3 USD50" is USD 50, "10 $ 30 $" is 10 $ and 30 $, "$ 20 $ 37" is $ 20 and $ 37
            nxt = self.number(end) if end < n else None
            if cur.kind == "name" and nxt is not None and not (nxt.scaled or nxt.separators):
                nxt = None  # "15 euros 50" is cents; only "… euros 5 million" could start a new amount
            if nxt is not None:
                g1, g2 = c0.gap, toks[end].gap
                if g1 > 0 and g2 == 0:
                    return None
                if not (g1 == 0 and g2 > 0):
                    follow = self.currency_at(nxt.end, ("suffix", "both")) if nxt.end < n else None
                    if follow is None:
                        return None
        value = num.value * cur.factor
        # "75 USD million"
        if not num.scaled and end < n and toks[end].key in _SCALES and cur.kind == "code":
            value *= _SCALES[toks[end].key]
            end += 1
        # "thirteen dollars and forty-five cents", "15 dollars 50", "one kuai and five mao five"
        if cur.kind in ("name",) and not num.scaled and num.integer:
            value, end = self._minor_units(cur, value, end)
        return self.make(num.start, end, value, code, "money", note=note, num=num)

    def _minor_units(self, cur, value, end):
        toks, n = self.toks, self.n
        step = cur.next
        while step is not None and end < n:
            j = end
            if toks[j].key in _AND:
                j += 1
            part = self.number(j)
            if part is None or part.scaled or not part.integer or part.value >= 100 or part.value <= 0:
                break
            minor = self.currency_at(part.end, ("suffix", "both"), ("minor",)) if part.end < n else None
            if minor is not None:
                value += part.value * minor[0].factor
                end = minor[1]
                step = minor[0].next
                continue
            if part.end < n and (toks[part.end].kind == "n" or (
                    toks[part.end].kind == "w" and toks[part.end].key not in _STOP)):
                break  # "15 dollars and 20 people": not cents
            value += part.value * step
            end = part.end
            break
        return value, end

    def _count(self, num):
        """NUMBER [adjectives/nouns] PLURAL-NOUN: "12 new agreements", "two million vaccine doses",
        "1,000 scholarships"; and "two more" with the noun left out."""
        toks, n = self.toks, self.n
        if num.year_like or not num.integer or num.value < 1:
            return None
        before = num.start - 1
        if before >= 0 and toks[before].kind == "w" and (
                toks[before].key in _DETERMINERS or (toks[before].text.isupper() and len(toks[before].text) > 1)):
            return None  # "the two governments", "UNSCR 2231 sanctions", "EU 27 member states"
        j = num.end
        if j < n and toks[j].key == "-" and toks[j].gap == 0:
            return None  # "two-state solution", "one-stop shop"
        k = j
        words = 0
        while k < n and words < 5:
            t = toks[k]
            if t.kind == "s":
                if t.key == "-" and t.gap == 0 and words and k + 1 < n and toks[k + 1].gap == 0 \
                        and toks[k + 1].kind == "w":
                    k += 1
                    continue
                break
            if t.kind != "w":
                break
            w = t.key
            if w in _DURATIONS or w in _MONTHS or w in _TIME_WORDS:
                return None
            if w in _ELLIPSIS:
                words += 1
                k += 1
                continue
            if w in _PLURAL:
                return self.make(num.start, k + 1, num.value, "count", "count", num=num)
            if (w in _AND or w == "or") and words and k + 1 < n and toks[k + 1].kind == "w" \
                    and toks[k + 1].key not in _STOP:
                k += 1  # "26 major construction and modernization projects"
                continue
            if w in _STOP or w in _LABELS and words == 0:
                break
            if self._plural(t):
                return self.make(num.start, k + 1, num.value, "count", "count", num=num)
            words += 1
            k += 1
        # "open two more at …": the counted noun is understood
        if j < n and toks[j].key in _ELLIPSIS and (j + 1 >= n or toks[j + 1].kind != "w"
                                                   or toks[j + 1].key in _STOP and toks[j + 1].key != "than"):
            return self.make(num.start, j + 1, num.value, "count", "count", num=num)
        return None

    @staticmethod
    def _plural(t):
        w = t.key
        if w in _NOT_PLURAL or len(w) < 3 or not w.endswith("s") or not t.text[-1:] in ("s", "S"):
            return False
        if w.endswith(("ss", "us", "is", "'s")):
            return False
        return w.replace("'", "").isalpha()

    def percent_fraction(self, i):
        """ "at least half", "two-thirds of the", "a quarter of all": a share in %."""
        form, end = _PERCENT_FRACTIONS.match(self.toks, i)
        if form is None:
            return None
        toks = self.toks
        if i > 0 and toks[i - 1].kind == "w" and toks[i - 1].key in _FRACTION_BLOCK:
            return None
        if end < self.n and (toks[end].key == "-" or toks[end].key in _ARTICLES
                             or toks[end].key in _DURATIONS or toks[end].key in _SCALES):
            return None
        qualified = self.qualifier_before(i) is not None
        of_what = self.key(end) == "of" and self.key(end + 1) in (_DETERMINERS | {"them", "us", "all"})
        if not (qualified or of_what):
            return None
        return self.make(i, end, form.payload, "%", "percent",
                         note=f"fraction '{self.text[toks[i].start:toks[end - 1].end]}' read as a share")

    def multiplier_word(self, i):
        """double, triple, halve, doubling, threefold …"""
        t = self.toks[i]
        if t.kind != "w":
            return None
        w = t.key
        nxt_hyphen = i + 1 < self.n and self.toks[i + 1].key == "-" and self.toks[i + 1].gap == 0
        if w in _MULTIPLIERS and not nxt_hyphen:
            return self.make(i, i + 1, _MULTIPLIERS[w], "x", "multiplier")
        if w in _MULTIPLIER_VERBS and not nxt_hyphen and not self.is_word(i + 1, _MULTIPLIER_BLOCK):
            if self.ends_with_phrase(i, _VERB_CONTEXT_PHRASES, 2):
                return self.make(i, i + 1, _MULTIPLIER_VERBS[w], "x", "multiplier")
            # "…agreed to double trade, triple investment and …": a list of verbs after "to"/"will"
            if self.key(i - 1) == ",":
                for k in range(i - 2, max(-1, i - 40), -1):
                    if self.toks[k].key in (".", ";", ":", "!", "?"):
                        break
                    if self.toks[k].kind == "w" and self.toks[k].key in _MODALS:
                        return self.make(i, i + 1, _MULTIPLIER_VERBS[w], "x", "multiplier")
            return None
        if w in _FOLDS and not self.is_word(i + 1, _FOLD_BLOCK):
            return self.make(i, i + 1, _FOLDS[w], "x", "multiplier")
        return None

    # ---- items -----------------------------------------------------------------------------------

    def make(self, start, end, value, unit, kind, *, note=None, num=None):
        return {"start": start, "end": end, "value": float(value), "unit": unit, "kind": kind,
                "note": note, "num": num, "role": None}

    def bare(self, num):
        return {"start": num.start, "end": num.end, "value": num.value, "unit": None, "kind": "bare",
                "note": None, "num": num, "role": None}

    def blocked(self, num):
        return {"start": num.start, "end": num.end, "value": None, "unit": None, "kind": "blocked",
                "note": None, "num": num, "role": None}

    def items(self):
        out = []
        i = 0
        while i < self.n:
            t = self.toks[i]
            if t.kind == "x":
                i += 1
                continue
            item = None
            if t.kind != "n":
                item = self.prefix_money(i)
                if item is None and t.kind == "w":
                    item = self.percent_fraction(i)
            if item is None and (t.kind == "n" or t.key in _NUMBER_START):
                item = self.number_amount(i)
            if item is None and t.kind == "w":
                item = self.multiplier_word(i)
            if item is not None and item["end"] > i:
                out.append(item)
                i = item["end"]
            else:
                i += 1
        return out

    # ---- pairs: baseline/target, low/high ----------------------------------------------------------

    def pair(self, items):
        toks = self.toks
        for a, b in zip(items, items[1:]):
            if a["kind"] in ("blocked", "multiplier") or b["kind"] in ("blocked", "multiplier"):
                continue
            if a["unit"] is None and b["unit"] is None:
                continue
            if a["unit"] is not None and b["unit"] is not None and (
                    a["unit"] != b["unit"] or a["kind"] != b["kind"]):
                continue
            between = [t for t in toks[a["end"]:b["start"]]]
            keys = [t.key for t in between]
            q = self.qualifier_before(b["start"])
            if q and len(q) <= len(keys):
                keys = keys[:len(keys) - len(q)]
            if any(t.kind == "n" and not _is_year(t) for t in between) or len(keys) > 6:
                continue  # another number between them; a year is fine: "to $9bn by 2030, up from $6bn"
            a_start = self.start_skipping_qualifier(a["start"])
            lead = self.key(a_start - 1)
            roles = None
            if lead in _BETWEEN and keys and keys == ["and"]:
                roles = ("low", "high")
            elif lead in _FROM and keys and keys[-1] in _TO and not self._stops(keys[:-1]):
                roles = ("baseline", "target")
            elif lead in _TO and keys and keys[-1] in _FROM and not self._stops(keys[:-1]):
                roles = ("target", "baseline")
            elif (len(keys) == 1 and keys[0] in _RANGE and lead not in _FROM and lead not in _TO
                  and (keys[0] not in _TO or a["unit"] is None)):
                # "5-10 percent", "$5 million-$10 million", "5 to 10 percent"; but "fell 50 pence
                # to 3.20 pounds" is a change, not a range
                roles = ("low", "high")
            if roles is None:
                continue
            self._share_unit(a, b)
            if a["unit"] is None or b["unit"] is None:
                continue
            a["role"], b["role"] = roles

    @staticmethod
    def _stops(keys):
        return any(k in (".", ";", ":", "(", ")", "!", "?") for k in keys)

    def _share_unit(self, a, b):
        """A bare side of a pair takes the other side's unit, and its scale when it has none:
        "from 3 to 10 billion dollars" is 3e9 and 1e10 USD."""
        for bare, full in ((a, b), (b, a)):
            if bare["unit"] is not None or full["unit"] is None:
                continue
            bn, fn = bare["num"], full["num"]
            if bn is None or bn.year_like:
                return
            value = bn.value
            if fn is not None and fn.scaled and not bn.scaled and bn.literal < fn.literal:
                value = bn.value * (fn.value / fn.literal if fn.literal else 1.0)
            factor = 1.0
            if full["kind"] == "money" and fn is not None and fn.value:
                factor = full["value"] / fn.value  # cents, tomans, MEUR
                factor = factor if factor in (0.01, 0.1, 10.0, 1e6) else 1.0
            bare.update(value=value * factor, unit=full["unit"], kind=full["kind"],
                        note=f"unit taken from '{self.text[self.toks[full['start']].start:self.toks[full['end'] - 1].end]}'")
        # "$5-10 billion": the scaled side lends its scale to the unscaled one
        an, bnum = a["num"], b["num"]
        if (an is not None and bnum is not None and a["kind"] == b["kind"] and not an.scaled and bnum.scaled
                and an.literal < bnum.literal and a["unit"] == b["unit"] and a["note"] is None):
            a["value"] = a["value"] * (bnum.value / bnum.literal if bnum.literal else 1.0)

    # ---- output ----------------------------------------------------------------------------------------

    def amounts(self):
        items = self.items()
        self.pair(items)
        out = []
        for it in items:
            if it["unit"] is None or it["kind"] in ("bare", "blocked"):
                continue
            value = it["value"]
            if value is None or not math.isfinite(value):
                continue
            start = self.toks[it["start"]].start
            end = self.toks[it["end"] - 1].end
            note = it["note"]
            q = self.qualifier_before(it["start"])
            if q:
                qn = "qualifier: " + " ".join(q)
                note = f"{note}; {qn}" if note else qn
            out.append(Amount(value=value, unit=it["unit"], text=self.text[start:end], start=start,
                              end=end, kind=it["kind"], role=it["role"], note=note))
        return out


def parse_amounts(text: str, *, country: str | None = None) -> list[Amount]:
    """Every money amount, quantity, percentage, multiplier and count in `text`, in order.

    `country` (ISO 3166 alpha-3 of the document's context) only resolves ambiguous forms
    ("$" in a New Zealand text is NZD; "Rs" in a Pakistani one PKR); the reading is noted.

    >>> parse_amounts("Saudi Arabia pledged $1.5bn.")[0].value
    1500000000.0
    """
    if not isinstance(text, str) or not text or not _may_hold_amount(text):
        return []
    country = country.strip().upper() if isinstance(country, str) and country.strip() else None
    return _Reader(text, country).amounts()
