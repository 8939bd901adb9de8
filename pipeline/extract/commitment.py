"""The plain record the spaCy components leave on ``doc._.commitments``: offsets, no Span objects."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import ORTH, SPACY


@dataclass
class Commitment:
    rule: str                     # id of the trigger rule that fired (patterns/triggers.jsonl)
    kind: str                     # agreement | target | pledge | proposal
    certainty: str                # firm | hedged | proposed | reaffirmed
    sent_start: int               # char offsets of the evidence sentence in the doc
    sent_end: int
    clause_start: int             # char offsets of the clause the slots are read from
    clause_end: int
    trigger_i: int                # token index of the trigger
    action: str                   # lemma of the action verb
    action_i: int = -1            # token index of the action verb
    object: str = ""
    subject: str = ""             # the subject phrase as written ("" when none)
    subject_start: int = -1
    subject_end: int = -1
    actors: list[str] = field(default_factory=list)
    actor_codes: list[str] = field(default_factory=list)   # ISO3 of actors that are countries
    cues: list[str] = field(default_factory=list)          # hedge / conditional / inheritance notes
    lead_in: tuple[int, int] | None = None                 # sentence offsets of the lead-in it inherits from
    asides: list[tuple[int, int]] = field(default_factory=list)  # char ranges inside the clause that describe
                                                           # something else (relative clauses, 'as ...' roles)
    confidence: float = 0.8
    # filled by commitment_slots
    amounts: list[Any] = field(default_factory=list)       # pipeline.normalise.money.Amount
    baseline: float | None = None
    target: float | None = None
    places: list[str] = field(default_factory=list)
    place_codes: list[str] = field(default_factory=list)
    deadline: Any = None                                   # pipeline.normalise.dates.Deadline
    vague_timing: list[str] = field(default_factory=list)
    recurring: list[str] = field(default_factory=list)
    # filled by commitment_flags
    timeline_free: bool = False
    vague: bool = False
    flag_reasons: list[str] = field(default_factory=list)


def doc_text(doc) -> str:
    """``doc.text``, built once per Doc (``remember_text`` may give it when the Doc is made):
    spaCy builds it from Token objects on each access, and slicing it per sentence made the slot
    filling quadratic in the document's length."""
    text = doc.user_data.get(_TEXT)
    if text is None:  # a Doc's text never changes (retokenizing keeps it)
        strings = doc.vocab.strings
        text = "".join(strings[orth] + " " if space else strings[orth]
                       for orth, space in doc.to_array([ORTH, SPACY]).tolist())
        doc.user_data[_TEXT] = text
    return text


def remember_text(doc, text: str) -> None:
    """Record the text a Doc was made from (``nlp.make_doc(text)``), for ``doc_text``."""
    doc.user_data[_TEXT] = text


_TEXT = ("commitments", "text")
