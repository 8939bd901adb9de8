"""The two flags of ``spec/commitments.md`` with reasons a reader can check, and the confidence.

timeline_free  a pledge, target or proposal that states no deadline; vague timing words
               ("quickly", "as soon as possible") and recurring schedules ("annually") are no
               deadline and become reasons.
vague          no measurable outcome and no concrete deliverable: an open-ended verb (strengthen,
               promote, ...) or a hedge with no number and no named instrument, facility or event.
               A number counts when it is what the action produces or moves ("invest $2 billion",
               "a rate of 18 percent"), not when it describes a place ("along their 909-km border").
               A deliverable counts when the action creates or delivers it: a deliverable noun
               (mechanism, task force, market, plan) or a named thing (a PROPN that is no country)
               after a verb that is not open-ended, or any "new" deliverable.
"""
from __future__ import annotations

from spacy.tokens import Doc, Token

from pipeline.extract.commitment import Commitment
from pipeline.extract.lexicon import words

_NOT_NAMED = ("GPE", "NORP", "LOC", "DATE", "TIME", "PERSON", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY")
_COMMITMENT_TO_INSTRUMENT = ("pledge.reaffirm_commitment", "pledge.reaffirm_commitment_conj", "pledge.share_commitment",
                             "pledge.commitment_noun")
_MEASURABLE = ("money", "percent", "quantity", "multiplier", "count")


def _object_tokens(action: Token) -> list[Token]:
    """Tokens of what the action is about: its objects and complements, less the means
    ("through the B3W initiative") and the frame ("under this MOU")."""
    means = words("means_preps")
    out: list[Token] = []
    # the subject of a passive is what the action makes ("a Committee shall be established")
    stack = [c for c in action.children if c.dep_ not in ("nsubj", "aux", "auxpass", "neg", "mark", "punct", "cc")
             and not (c.dep_ == "advcl" and not _purpose(c))]
    for v in (c for c in action.children if c.dep_ == "conj" and c.pos_ == "VERB"):
        stack.extend(c for c in v.children if c.dep_ in ("dobj", "prep", "attr", "oprd", "xcomp"))
    while stack:
        t = stack.pop()
        if (t.dep_ == "prep" and t.lower_ in means) or t.dep_ in ("relcl", "advcl"):
            continue
        out.append(t)
        stack.extend(t.children)
    return out


def _purpose(tok: Token) -> bool:
    """An infinitive of purpose: "work with the African side to implement 30 projects"."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _open_ended(lemma: str) -> bool:
    return lemma in words("vague_verbs")


def _deliverable(c: Commitment, doc: Doc) -> str | None:
    """The concrete deliverable the commitment names, or None."""
    if not 0 <= c.action_i < len(doc):
        return None
    action = doc[c.action_i]
    objects = _object_tokens(action)
    heads = [action] + [v for v in action.children if v.dep_ == "conj" or (
        v.pos_ == "VERB" and (v.dep_ in ("xcomp", "ccomp") or (v.dep_ == "advcl" and _purpose(v))))]
    verbs = {v.lemma_.lower() for v in heads}
    verbs |= {f"{v.lemma_.lower()} {p.lower_}" for v in heads for p in v.children
              if p.dep_ in ("prt", "acomp", "oprd")}  # "set up", "make available"
    concrete = bool(verbs & (words("concrete_verbs") | words("concrete_nominals")))
    # "reaffirm our commitment to the Paris Agreement": a named instrument is the deliverable; so is
    # the thing whose building or implementation is sped up ("speed up the implementation of the
    # Karakoram Highway realignment project"), unless the verb is open-ended ("support ...")
    building = not _open_ended(action.lemma_.lower()) and any(
        t.lemma_.lower() in words("concrete_nominals") for t in objects if t.pos_ == "NOUN")
    named_ok = concrete or building or c.rule in _COMMITMENT_TO_INSTRUMENT
    nouns = words("deliverable_nouns")
    for t in objects:
        if t.pos_ not in ("NOUN", "PROPN"):
            continue
        is_noun = t.lemma_.lower() in nouns or t.lower_ in nouns
        fresh = any(a.lower_ == "new" for a in t.children if a.dep_ == "amod")
        if is_noun and (concrete or fresh):
            return t.text
        if named_ok and t.pos_ == "PROPN" and t.ent_type_ not in _NOT_NAMED and not t.is_stop:
            return t.text
    return None


def _measures(c: Commitment, doc: Doc) -> list:
    """The commitment's amounts that measure its outcome (not those describing a place)."""
    located = words("location_preps")
    scope = None
    if 0 <= c.action_i < len(doc) and c.rule != "item.imperative":
        action = doc[c.action_i]
        scope = {t.i for t in _object_tokens(action)} | {action.i}
    out = []
    for a in c.amounts:
        if a.kind not in _MEASURABLE:
            continue
        span = doc.char_span(c.sent_start + a.start, c.sent_start + a.end, alignment_mode="expand")
        if span is not None and any(t.dep_ == "prep" and t.lower_ in located for t in span[0].ancestors):
            continue
        if span is not None and scope is not None and not any(t.i in scope for t in span):
            continue  # a number elsewhere in the sentence does not measure this action
        out.append(a)
    return out


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
    measured = _measures(c, doc)
    if c.kind in ("agreement", "target") or measured:
        c.vague = False
    elif c.kind == "proposal" and _open_ended(c.action):
        c.vague = True  # "explore ways to ...", "discuss ..." promise no outcome
    else:
        c.vague = _deliverable(c, doc) is None
    if c.vague:
        reasons.append("no measurable target")
        if _open_ended(c.action):
            reasons.append(f"open-ended verb: {c.action}")
    reasons += [cue for cue in c.cues if cue.startswith(("hedge:", "conditional:"))]
    c.flag_reasons = reasons
    if any(cue.startswith("conditional") for cue in c.cues):
        c.confidence = round(min(c.confidence, 0.6), 2)
