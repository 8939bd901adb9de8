"""Who commits: the document's parties, and actors named in a subject, as canonical names.

The parties of a document are found from its title and opening lines (countries and
organisations, leaders resolved to their country). "We", "both sides", "the two leaders", "the
Parties" and the parties' own instruments resolve to them (see ``clauses.subject_class``).
"""
from __future__ import annotations

import re
from collections import Counter

from spacy.tokens import Doc

from pipeline.extract.lexicon import words
from pipeline.normalise import places

Party = tuple[str, "str | None"]  # (canonical name, ISO3 or None)
_PARTY_KINDS = ("country", "organisation")


def _year(doc_date) -> int | None:
    return getattr(doc_date, "year", None)


def actors_in(text: str, parties: list[Party], year: int | None = None) -> list[Party]:
    """Actors named in a phrase: countries, organisations, leaders, agencies (canonical, in order)."""
    out: list[Party] = []
    for _, _, ent in places.find_actors(text, year):
        if ent.kind in _PARTY_KINDS and (ent.name, ent.iso3) not in out:
            out.append((ent.name, ent.iso3))
    return out


def any_party(named: list[Party], parties: list[Party]) -> bool:
    names = {p[0] for p in parties}
    return any(n in names for n, _ in named)


def codes_for(names: list[str], parties: list[Party]) -> list[str]:
    """ISO3 codes of the names that are countries."""
    known = dict(parties)
    out = []
    for n in names:
        code = known.get(n)
        if code is None:
            ent = places.resolve_country(n)
            code = ent.iso3 if ent else None
        if code and code not in out:
            out.append(code)
    return out


def document_parties(text: str, title: str | None = None, doc_date=None, limit: int = 6) -> list[Party]:
    """The parties of a document: those its title names, else the actors of its opening lines.

    >>> document_parties("Iranian President Pezeshkian arrived in Pakistan ...")
    [('Iran', 'IRN'), ('Pakistan', 'PAK')]
    """
    year = _year(doc_date)

    def found(s: str) -> list[Party]:
        out: list[Party] = []
        for _, _, ent in places.find_actors(s, year):
            if ent.kind in _PARTY_KINDS and (ent.name, ent.iso3) not in out:
                out.append((ent.name, ent.iso3))
        return out

    # "Communique of the Peace and Security Council of the African Union on the situation in
    # Somalia": what follows "on" is the subject, not a party (unless nothing precedes it)
    issuer = re.split(r"\s(?:on|regarding|concerning|about)\s", title or "", maxsplit=1)[0]
    in_title = found(issuer) or found(title or "")
    # headlines are in title case, where "China Offers Debt Relief" looks like a company name
    for _, _, ent in places.find_places(issuer if found(issuer) else (title or "")):
        if ent.kind == "country" and (ent.name, ent.iso3) not in in_title:
            in_title.append((ent.name, ent.iso3))
    opening = found(text[:1500])
    if len(in_title) >= 2:
        return in_title[:limit]
    counts = Counter(e.name for _, _, e in places.find_actors(text[:30000], year) if e.kind in _PARTY_KINDS)
    if in_title:
        # beside the title's parties, only actors of the first lines that recur ("The African
        # Union and the United States reaffirm ..." under "U.S.-Africa Leaders Summit")
        body = text.split("\n", 1)[1] if title and text.lstrip().startswith(title.strip()[:30]) and "\n" in text else text
        first = found(body.lstrip()[:400])
        return (in_title + [p for p in first if p not in in_title and counts[p[0]] >= 2])[:limit]
    # no title to go by: the opening's actors, the most frequent first
    ranked = sorted(opening, key=lambda p: (-counts[p[0]], opening.index(p)))
    parties: list[Party] = []
    for p in ranked:
        if len(parties) >= 4:
            break
        if p not in parties and (counts[p[0]] >= 2 or p in opening[:2]):
            parties.append(p)
    return parties[:limit]


def currency_country(parties: list[Party]) -> str | None:
    """The country whose currency an ambiguous "$" or "Rs" most likely means: the only
    country party, or None (then "$" is USD)."""
    countries = [code for _, code in parties if code]
    return countries[0] if len(countries) == 1 else None


def people(doc: Doc, year: int | None = None) -> tuple[dict[str, Party], dict[str, str]]:
    """What the document says of the people it names.

    Returns (countries, roles): name and surname -> the country of an official introduced with a
    title beside it ("Chinese Foreign Ministry spokesman Zhao Lijian", "Zheng Zhuqiang, China's
    ambassador"), and name -> "official" or "outsider" ("W. Moore, a visiting fellow at ...").
    """
    countries: dict[str, Party] = {}
    roles: dict[str, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        left = doc[max(0, ent.start - 8):ent.start].text.rsplit("\n", 1)[-1]
        right = ""
        if ent.end < len(doc) and doc[ent.end].text == ",":
            right = doc[ent.end:min(len(doc), ent.end + 8)].text.split("\n", 1)[0]
        names = (ent.text, ent[-1].text)
        for window in (left.split(",")[-1], right):
            role = _role(window)
            if role:
                for n in names:
                    roles.setdefault(n, role)
        # the noun phrase right before the name ("... and UAE President Sheikh"), or, when the name
        # stands in apposition ("The deputy chief ... at the Chinese embassy, Zhao Lijian"), the one before that
        segments = [x for x in re.split(r",|\band\b", left) if x.strip()]
        near = segments[-1] if segments and not left.rstrip().endswith(",") else (segments[-1] if segments else "")
        found = [e for _, _, e in places.find_actors(near, year) if e.kind == "country"] if _role(near) == "official" else []
        if not found and _role(right) == "official":
            found = [e for _, _, e in places.find_actors(right, year) if e.kind == "country"]
        if found:
            for n in names:
                countries.setdefault(n, (found[0].name, found[0].iso3))
    return countries, roles


def _role(text: str) -> str | None:
    tokens = [w.strip(",.;:'’()").lower() for w in text.split()]
    if any(w in words("non_officials") for w in tokens):
        return "outsider"
    if any(w in words("official_titles") for w in tokens):
        return "official"
    return None


def title_groupings(title: str | None, parties: list[Party]) -> set[str]:
    """Organisations a title names beside two or more countries ("... India, Israel, United
    Arab Emirates, and the United States (I2U2)"): the parties' own grouping."""
    if not title or sum(1 for _, code in parties if code) < 2:
        return set()
    return {e.name for _, _, e in places.find_actors(title) if e.kind == "organisation"}
