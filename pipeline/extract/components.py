"""The project's spaCy components, registered the spaCy way.

Added after the model's own pipes by ``pipeline.nlp.load_nlp``:

``paragraph_sentences``  (before the parser) a line break always starts a sentence, so that headings,
                         bullets and numbered paragraphs never run into each other.
``commitment_triggers``  finds commitments with the dependency rules of ``patterns/triggers.jsonl``
                         (DependencyMatcher syntax, matched by ``treematch.py``) and sets
                         ``doc._.commitments`` (list of ``Commitment``: rule id, kind, certainty,
                         clause offsets, actors).
``commitment_slots``     fills amounts, places and the deadline of each commitment.
``commitment_flags``     sets ``timeline_free``, ``vague``, their reasons and the confidence.

Document context is read from ``doc._.doc_date``, ``doc._.parties`` (list of (name, iso3)),
``doc._.doc_kind``, ``doc._.currency_country`` and ``doc._.groupings`` (organisations that
stand for the parties); set them on the Doc before the pipeline runs.
"""
from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.extract import clauses, flags, slots
from pipeline.extract.lexicon import trigger_rules
from pipeline.extract.treematch import TreeMatcher

for _name, _default in (("commitments", None), ("doc_date", None), ("parties", None),
                        ("doc_kind", "other"), ("currency_country", None),
                        ("groupings", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


_BULLETS = set("-–—•*·▪◦●○■□➢►‣⁃")


@Language.component("paragraph_sentences", assigns=["token.is_sent_start"])
def paragraph_sentences(doc: Doc) -> Doc:
    """Sentence boundaries the parser must keep: a line break always starts a sentence, and
    inside a line a sentence can only start after closing punctuation. Without the second rule
    the parser cuts headlines and bylines into fragments ("Kenya" | "and" | "China have signed").
    Written as one array (``Doc.from_array``): setting tokens one by one cost half a parse."""
    if len(doc) < 2:
        return doc
    texts = [t.text_with_ws for t in doc]
    starts = numpy.zeros(len(doc), dtype="int32")
    prev_word = 0  # index of the previous non-space token
    for i in range(1, len(texts)):
        text = texts[i]
        if not text.strip():
            starts[i] = -1  # whitespace never starts a sentence
            continue
        before = texts[i - 1]
        if "\n" in before and not (texts[prev_word].strip() in _BULLETS and
                                    (prev_word == 0 or "\n" in texts[prev_word - 1])):
            starts[i] = 1
        elif texts[prev_word].strip() not in _CLOSING:
            starts[i] = -1
        prev_word = i
    starts[0] = 1
    doc.from_array([SENT_START], starts.astype("uint64").reshape(-1, 1))  # -1 wraps, as in Doc.to_array
    return doc


def _line_start(tok) -> bool:
    doc = tok.doc
    return tok.i == 0 or "\n" in doc[tok.i - 1].text_with_ws


_CLOSING = {".", "!", "?", ";", ":", "…", '"', "”", "’", "'", ")", "]"}


@Language.factory("commitment_triggers", assigns=["doc._.commitments"],
                  requires=["token.dep", "token.lemma", "token.pos"])
def make_commitment_triggers(nlp: Language, name: str) -> "CommitmentTriggers":
    return CommitmentTriggers(nlp)


class CommitmentTriggers:
    """Match trigger rules and turn each accepted match into a ``Commitment`` record.

    Sets ``doc._.commitments``. Which matches are accepted (clause position, subject, modality,
    negation, lists under a lead-in) is decided in ``pipeline.extract.clauses``.
    """

    def __init__(self, nlp: Language):
        self.rules = {r["id"]: r for r in trigger_rules()}
        self.order = {rid: i for i, rid in enumerate(self.rules)}
        self.matcher = TreeMatcher()  # DependencyMatcher patterns, matched faster (treematch.py)
        for rid, rule in self.rules.items():
            self.matcher.add(rid, rule["pattern"])
        self.node_names = {rid: [p["RIGHT_ID"] for p in r["pattern"]] for rid, r in self.rules.items()}

    def __call__(self, doc: Doc) -> Doc:
        found = sorted(self.matcher(doc), key=lambda m: (min(m[1]), self.order[m[0]], m[1]))
        matches = [(self.rules[rid], {n: doc[i] for n, i in zip(self.node_names[rid], token_ids)})
                   for rid, token_ids in found]
        doc._.commitments = clauses.commitments_from_matches(doc, matches)
        return doc


@Language.factory("commitment_slots", assigns=["doc._.commitments"], requires=["doc._.commitments"])
def make_commitment_slots(nlp: Language, name: str):
    """Fill amounts (``parse_amounts``), places (gazetteer + NER) and deadlines (``parse_deadline``)."""
    def commitment_slots(doc: Doc) -> Doc:
        slots.fill(doc)
        return doc
    return commitment_slots


@Language.factory("commitment_flags", assigns=["doc._.commitments"], requires=["doc._.commitments"])
def make_commitment_flags(nlp: Language, name: str):
    """Set ``timeline_free``, ``vague``, ``flag_reasons`` and ``confidence`` on each commitment."""
    def commitment_flags(doc: Doc) -> Doc:
        for c in doc._.commitments or []:
            flags.set_flags(c, doc)
        return doc
    return commitment_flags
