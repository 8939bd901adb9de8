"""Fill the slots of each commitment from its sentence: amounts, places and the deadline.

The normalisers are pure functions (``pipeline.normalise``); this module only decides which of
a sentence's amounts, places and deadlines belong to which commitment (the clause it stands in,
a lead-in it inherits from), and refines the kind to ``target`` when a goal is quantified.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc

from pipeline.extract.commitment import Commitment, doc_text
from pipeline.extract.lexicon import words
from pipeline.normalise import places
from pipeline.normalise.dates import find_deadlines, find_recurring, find_vague_timing
from pipeline.normalise.money import parse_amounts

_PLACE_LABELS = ("GPE", "LOC", "FAC", "ORG", "NORP")  # ORG: named facilities only; NORP: demonyms
_BORDER = re.compile(r"\b(?:border|frontier|boundary|between)\b", re.I)
# "at Chaghai–Kuhak and Gabd–Rimdan": capitalised hyphenated pairs after a place preposition
_ITEM = r"[A-Z][\w'’]+[-–][A-Z][\w'’]+"
_PAIR = re.compile(rf"\b([A-Za-z]+)\s+({_ITEM}(?:(?:,\s*|\s+and\s+|\s+or\s+){_ITEM})*)")
_PAIR_ITEM = re.compile(_ITEM)
_NAME = r"[A-Z][\w'’]+(?:\s[A-Z][\w'’]+){0,2}"
_PAIR_HEAD = re.compile(rf"({_ITEM})(?:\s+([a-z]+)|(\)))")
_BETWEEN = re.compile(rf"\b(?:between|from)\s+({_NAME})\s+(?:and|to)\s+({_NAME})")
# "Badr in Egypt", "Kokrajhar in Assam", "the Godda power plant in Jharkhand": a proper name placed
# in a known place (the small model's NER often calls such towns persons or organisations)
_LOCATED = re.compile(rf"\b({_NAME})((?:\s+[a-z]+){{0,2}})\s+in\s+(?=[A-Z])")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "madam", "gen", "general"}
_GOAL = re.compile(r"\b(?:goal|target|objective)s?\b", re.I)
_MEASURES = ("money", "percent", "quantity", "multiplier", "count")
_AIMS = ("aim", "target", "strive", "seek", "endeavour", "endeavor")  # the aim is the action: "aim for 20 percent more"


class _Sentence:
    """What a sentence holds, computed once however many commitments it carries."""

    def __init__(self, doc: Doc, start: int, end: int, place_ents: list, country: str | None):
        self.start = start
        self.text = doc_text(doc)[start:end]
        self.amounts = parse_amounts(self.text, country=country)
        self.deadlines = find_deadlines(self.text, doc._.doc_date)
        self.places = []
        for s, e, ent in places.find_places(self.text):
            self.places.append((start + s, start + e, ent))
            if ent.kind == "place" and _BORDER.search(ent.name):
                # "the border between Pakistan and Afghanistan" is about both countries too
                inner = _BORDER.sub(" ", self.text[s:e])
                self.places += [(start + s, start + e, c) for _, _, c in places.find_places(inner) if c.kind == "country"]
        for m in _PAIR_HEAD.finditer(self.text):
            # "the Agartala-Akhaura rail link", "the Rasht-Astara railway", "(Thakot-Raikot)"
            if m.group(2) and m.group(2).lower() not in words("place_heads") | {"rail", "border"} and m.group(3) != ")":
                continue
            self._add_named(start, m.start(1), m.group(1))
        for m in _BETWEEN.finditer(self.text):
            # "between Porto Murtinho and Carmelo Peralta", "from Naivasha to Malaba"
            for g in (1, 2):
                self._add_named(start, m.start(g), m.group(g))
        for m in _PAIR.finditer(self.text):
            if m.group(1).lower() in words("place_preps"):
                for pair in _PAIR_ITEM.finditer(m.group(2)):
                    s0 = m.start(2) + pair.start()
                    if not any(a <= start + s0 < b for a, b, _ in self.places) and not places.resolve_country(pair.group().split("–")[0].split("-")[0]):
                        self.places.append((start + s0, start + s0 + len(pair.group()),
                                            places.Entity(name=pair.group(), iso3=None, kind="place")))
        self._add_ner_places(doc, start, end, place_ents)
        self._add_located(doc, start)
        self._add_conjoined_places(doc)

    def _add_located(self, doc: Doc, start: int) -> None:
        """A proper name followed by "in <a country or place the gazetteer knows>" is a place, unless
        a title stands before it, it opens the sentence, or it names an institution or an actor."""
        for m in _LOCATED.finditer(self.text):
            if not any(a == start + m.end() and ent.kind != "organisation" for a, _, ent in self.places):
                continue
            heads = m.group(2).split()
            if heads and heads[-1] not in words("place_heads"):  # "the Godda power plant in ..."
                continue
            span = doc.char_span(start + m.start(1), start + m.end(1), alignment_mode="expand")
            if span is None or span[0].is_sent_start or any(t.pos_ != "PROPN" for t in span) \
                    or self.text[m.start(1) - 1:m.start(1)] in "-–":  # part of a longer name ("Open-RAN Lab")
                continue
            before = doc[span.start - 1].lower_.rstrip(".")
            name = m.group(1)
            if before in words("official_titles") | _HONORIFICS or name.split()[-1].lower() in words("institution_heads"):
                continue
            self._add_named(start, m.start(1), name + m.group(2) if heads else name)

    def _add_named(self, start: int, offset: int, name: str) -> None:
        """A place name found by a pattern, unless it is a country, an actor or already known."""
        at = start + offset
        if any(a <= at < b for a, b, _ in self.places) or places.resolve_actor(name) is not None:
            return
        self.places.append((at, at + len(name), places.Entity(name=name, iso3=None, kind="place")))

    def _add_ner_places(self, doc: Doc, start: int, end: int, place_ents: list) -> None:
        lo = bisect.bisect_left(place_ents, (start,))
        for ent_start, ent_end, label, text in place_ents[lo:]:
            if ent_start >= end:
                break
            if any(s <= ent_start < e for s, e, _ in self.places):
                continue
            if label == "ORG" and text.split()[-1].lower() not in words("place_heads"):
                continue
            head = doc.char_span(ent_start, ent_end, alignment_mode="expand")
            if head is not None and head.end < len(doc) and doc[head.end].lower_ in words("place_heads"):
                ent_end = doc[head.end].idx + len(doc[head.end])  # "Mohmand" + "dam"
                text = doc_text(doc)[ent_start:ent_end]
            whole = [e for s0, e0, e in places.find_places(text) if e.kind == "country" and e0 - s0 >= len(text.strip()) - 4]
            resolved = whole[0] if whole else None  # a country by name; a capital stays a city
            if resolved is None and label == "NORP":
                resolved = places.resolve_country(text)  # "Indian infrastructure" is about India
                if resolved is None or resolved.kind != "country":
                    continue
            if resolved is None and label == "ORG" and places.resolve_organisation(text) is not None:
                continue
            name = resolved.name if resolved else " ".join(text.split()).removeprefix("the ")
            self.places.append((ent_start, ent_end, resolved or places.Entity(name=name, iso3=None, kind="place")))

    def _add_conjoined_places(self, doc: Doc) -> None:
        """"the Chattogram and Mongla ports": a proper noun conjoined with a place is a place."""
        for s0, e0, _ in list(self.places):
            span = doc.char_span(s0, e0, alignment_mode="expand")
            if span is None:
                continue
            for t in span.root.conjuncts:
                if t.pos_ != "PROPN" or t.ent_type_ in ("ORG", "PERSON", "NORP", "DATE") or any(
                        a <= t.idx < b for a, b, _ in self.places):
                    continue
                parts = [c for c in t.children if c.dep_ == "compound" and c.i < t.i] + [t]
                name = doc_text(doc)[parts[0].idx:t.idx + len(t)]
                resolved = places.resolve_country(name)
                self.places.append((parts[0].idx, t.idx + len(t), resolved if resolved and resolved.kind == "country"
                                    else places.Entity(name=name, iso3=None, kind="place")))


def _inside(c: Commitment, start: int, end: int) -> bool:
    return c.clause_start <= start and end <= c.clause_end and not _aside(c, start)


def _aside(c: Commitment, start: int) -> bool:
    return any(a <= start < b for a, b in c.asides)


def fill(doc: Doc) -> None:
    rows = doc._.commitments or []
    per_sentence: dict[int, int] = {}
    for c in rows:
        per_sentence[c.sent_start] = per_sentence.get(c.sent_start, 0) + 1
    cache: dict[tuple, _Sentence] = {}
    place_ents = sorted((e.start_char, e.end_char, e.label_, e.text) for e in doc.ents if e.label_ in _PLACE_LABELS) \
        if rows else []

    def sentence(start: int, end: int, country: str | None = None) -> _Sentence:
        key = (start, end, country or doc._.currency_country)
        if key not in cache:
            cache[key] = _Sentence(doc, start, end, place_ents, key[2])
        return cache[key]

    for c in rows:
        # an ambiguous "$" or "Rs" is read in the currency of the one country that commits
        own = c.actor_codes[0] if len(c.actor_codes) == 1 else None
        s = sentence(c.sent_start, c.sent_end, own)
        alone = per_sentence[c.sent_start] == 1
        amounts = [a for a in s.amounts if alone or _inside(c, s.start + a.start, s.start + a.end)]
        c.amounts = amounts
        for a in amounts:
            if a.role == "baseline" and c.baseline is None:
                c.baseline = a.value
            elif a.role == "target" and c.target is None:
                c.target = a.value
        deadlines = [d for d in s.deadlines if _inside(c, s.start + d.start, s.start + d.end)]
        if not deadlines and alone:
            deadlines = [d for d in s.deadlines if not _aside(c, s.start + d.start)]
        if not deadlines and c.lead_in is not None:
            deadlines = sentence(*c.lead_in).deadlines
            if deadlines:
                c.cues.append("deadline from lead-in")
        c.deadline = deadlines[0] if deadlines else None
        clause = doc_text(doc)[c.clause_start:c.clause_end]
        c.vague_timing = find_vague_timing(clause)
        c.recurring = find_recurring(clause)
        names, codes = [], []
        for start, end, ent in s.places:
            if not (alone or _inside(c, start, end)):
                continue
            if c.subject_start <= start < c.subject_end:
                continue  # the actor itself, not what the commitment is about
            if ent.kind == "organisation" or ent.name in names:
                continue
            names.append(ent.name)
            if ent.iso3 and ent.iso3 not in codes:
                codes.append(ent.iso3)
        c.places, c.place_codes = names, codes
        _refine_kind(c, clause)


def _refine_kind(c: Commitment, clause: str) -> None:
    """A pledge whose goal is a number to reach is a target."""
    if c.kind != "pledge":
        return
    measured = [a for a in c.amounts if a.kind in ("money", "percent", "quantity", "multiplier")]
    if any(a.kind == "multiplier" for a in c.amounts) or (c.baseline is not None and c.target is not None):
        c.kind = "target"
    elif measured and (c.action in words("change_verbs") or (c.certainty == "hedged" and c.action in words("target_verbs"))):
        c.kind = "target"  # "agreed to raise bilateral trade to $2 billion by 2027"
    elif measured and _GOAL.search(clause):
        c.kind = "target"  # "reaffirm the goal of reducing road deaths by 50 per cent by 2030"
    elif c.certainty == "hedged" and (c.action in _AIMS or c.rule == "hedged.aim_to") \
            and c.action not in words("vague_verbs") and any(a.kind in _MEASURES for a in c.amounts):
        c.kind = "target"  # "aim to train 300,000 people by 2028", "agreed to aim for a 20 percent increase"
