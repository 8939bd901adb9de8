"""The two flags of ``spec/commitments.md`` with reasons a reader can check, and the confidence.

timeline_free  a pledge, target or proposal that states no deadline; vague timing words
               ("quickly", "as soon as possible") and recurring schedules ("annually") are no
               deadline and become reasons.
vague          no measurable outcome and no concrete deliverable: an open-ended verb (strengthen,
               promote, ...) or a hedge with no number and no named instrument, facility or event.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.commitment import Commitment
from pipeline.extract.lexicon import words

_NAMED_LABELS = ("ORG", "FAC", "EVENT", "LAW", "WORK_OF_ART", "PRODUCT")
_MEASURABLE = ("money", "percent", "quantity", "multiplier", "count")


def _object_tokens(action: Token) -> list[Token]:
    """Tokens of what the action is about: its objects and complements, less the means
    ("through the B3W initiative") and the frame ("under this MOU")."""
    means = words("means_preps")
    out: list[Token] = []
    stack = [c for c in action.children if c.dep_ not in ("nsubj", "nsubjpass", "aux", "auxpass", "neg",
                                                            "mark", "advcl", "punct", "cc")]
    conj_verbs = [c for c in action.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    for v in conj_verbs:
        stack.extend(c for c in v.children if c.dep_ in ("dobj", "prep", "attr", "oprd"))
    while stack:
        t = stack.pop()
        if t.dep_ == "prep" and t.lower_ in means:
            continue
        if t.dep_ in ("relcl", "advcl"):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _deliverable(c: Commitment, doc: Doc) -> str | None:
    """The concrete deliverable the commitment names, or None."""
    if c.action_i < 0 or c.action_i >= len(doc):
        return None
    action = doc[c.action_i]
    verbs = {action.lemma_.lower()} | {v.lemma_.lower() for v in action.children if v.dep_ == "conj"}
    concrete = bool(verbs & words("concrete_verbs"))
    objects = _object_tokens(action)
    nouns = words("deliverable_nouns")
    for t in objects:
        if concrete and t.pos_ in ("NOUN", "PROPN") and t.lemma_.lower() in nouns:
            return t.text
        if (concrete or c.rule in ("pledge.reaffirm_commitment", "pledge.commitment_noun")) and (
                t.ent_type_ in _NAMED_LABELS and t.pos_ == "PROPN"):
            return t.text
    return None


def set_flags(c: Commitment, doc: Doc) -> None:
    reasons: list[str] = []
    if c.kind == "agreement":
        c.timeline_free = False
    elif c.deadline is None:
        c.timeline_free = True
        reasons.append("no deadline")
        reasons += [f"vague timing: {w}" for w in c.vague_timing]
        reasons += [f"recurring, not a deadline: {w}" for w in c.recurring]
    else:
        c.timeline_free = False
    measurable = [a for a in c.amounts if a.kind in _MEASURABLE]
    if c.kind == "agreement" or measurable:
        c.vague = False
    else:
        deliverable = _deliverable(c, doc)
        c.vague = deliverable is None
        if c.vague:
            reasons.append("no measurable target")
            if c.action in words("vague_verbs"):
                reasons.append(f"open-ended verb: {c.action}")
    hedges = [cue for cue in c.cues if cue.startswith("hedge:") or cue.startswith("conditional:")]
    reasons += hedges
    c.flag_reasons = reasons
    if any(cue.startswith("conditional") for cue in c.cues):
        c.confidence = round(min(c.confidence, 0.6), 2)
