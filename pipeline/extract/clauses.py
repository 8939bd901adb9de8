"""From trigger matches to commitments: which matches count, their kind, certainty, clause and actors.

A match of a trigger rule is a candidate. It is kept when
- its predicate stands in a main clause (or in the complement of a reporting/agreeing verb),
  not in a relative, adverbial or nominal clause that only describes something;
- it is not negated ("no agreement was reached") nor hypothetical ("would", "could");
- its subject is a party, an actor, the parties' own instrument ("this partnership"), or, in
  joint statements and communiques, a demonstrative ("This will be based on ...").
Items of a list under a committing lead-in ("The Parties commit to ... by May 14, 2025:") are
commitments too and inherit the lead-in's actors and deadline.
"""
from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc, Span, Token

from pipeline.extract import actors as actor_lib
from pipeline.extract.commitment import Commitment, doc_text
from pipeline.extract.lexicon import words

# rule precedence when two rules fire on the same predicate: the more specific one names the row
PRIORITY = ("agreement.signed", "agreement.signing_of", "agreement.done_at", "target.goal", "target.commit_to_goal", "pledge.commitment_noun",
            "pledge.reaffirm_commitment", "pledge.reaffirm_commitment_conj", "pledge.share_commitment", "pledge.includes", "pledge.welcome_plan", "pledge.agreement_to", "pledge.commit_to",
            "pledge.instruct", "pledge.commit_to_advcl", "pledge.commit_to_ing", "pledge.committed_adj", "hedged.aim_to", "hedged.work_towards",
            "hedged.expected_to", "proposal.under_consideration", "proposal.discussed", "proposal.noun",
            "pledge.set_to", "pledge.should", "pledge.modal", "item.imperative")
# links that keep a predicate in the clause of its head
_CHAIN_DEPS = {"xcomp", "conj", "parataxis", "cc", "acomp"}
_BULLETS = set("-–—•*·▪◦●○■□➢►‣⁃")
NOMINAL_RULES = {"proposal.discussed", "proposal.noun", "proposal.under_consideration"}


def _rank(rule_id: str) -> int:
    return PRIORITY.index(rule_id) if rule_id in PRIORITY else len(PRIORITY)


def in_main_clause(tok: Token, purpose: bool = False) -> bool:
    """True when ``tok`` heads a main clause, or a clause reported by a speech/agreeing verb
    ("X said that ...", "That is why we ..."); with ``purpose``, also an infinitive of purpose
    ("met in Rome to reaffirm their commitment")."""
    speech, positions = words("speech_verbs"), words("non_commitment_verbs")
    t = tok
    for _ in range(40):
        if t.dep_ == "ROOT" or t.head.i == t.i:
            return True
        if t.dep_ in _CHAIN_DEPS:
            t = t.head
        elif t.dep_ == "ccomp" and (t.head.lemma_.lower() in speech or t.head.lemma_ == "be") \
                and t.head.lemma_.lower() not in positions:
            t = t.head
        elif purpose and t.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children):
            t = t.head
        elif t.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in t.children) and not any(
                c.dep_ == "mark" or c.tag_ in ("WRB", "IN") for c in t.children):
            t = t.head  # a clause with its own subject and no subordinator: a misparsed main clause
        elif t.dep_ == "relcl" and _forms(t.head) & words("instruments"):
            t = t.head  # "signed an MoU under which Saudi Arabia will extend ...": its content
            while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
                t = t.head
        else:
            return False
    return False


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children)


def _hypothetical(tok: Token) -> bool:
    modals = words("hypothetical_modals")
    return any(c.dep_ == "aux" and c.lower_ in modals for c in tok.children)


def _condition(tok: Token) -> str | None:
    """The subordinator of a condition on this predicate ("if", "unless", "contingent on")."""
    marks = words("conditional_marks")
    for t in [tok, *[a for a in tok.ancestors][:3]]:
        for c in t.children:
            if c.dep_ in ("advcl", "prep", "mark") or c.dep_ == "advmod":
                lead = c if c.dep_ in ("mark", "prep") else next(iter(c.children), c)
                for m in [lead, *[x for x in c.children if x.dep_ == "mark"]]:
                    if m.lower_ in marks:
                        return m.lower_
    return None


def subject_of(tok: Token) -> tuple[Token | None, bool]:
    """(subject token, passive?) of a predicate, climbing conj/xcomp/ccomp links to find it."""
    t = tok
    for _ in range(12):
        for c in t.children:
            if c.dep_ in ("nsubj", "csubj", "expl"):
                return c, False
            if c.dep_ == "nsubjpass":
                return c, True
        if t.dep_ in ("conj", "xcomp", "acl", "pcomp", "prep", "dobj", "pobj", "amod") and t.head.i != t.i:
            t = t.head
            continue
        break
    return None, False


def _reporter(tok: Token) -> Token | None:
    """The subject of the speech verb a clause is reported by ("Lijian explained that ...")."""
    t = tok
    for _ in range(12):
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in words("speech_verbs"):
            subj, _ = subject_of(t.head)
            return subj
        if t.dep_ in _CHAIN_DEPS and t.head.i != t.i:
            t = t.head
            continue
        return None
    return None


_CORE_DEPS = {"conj", "cc", "compound", "poss", "det", "amod", "nmod", "case", "nummod", "preconj",
              "predet", "punct", "quantmod"}


def _core(tok: Token) -> list[Token]:
    """The head of a noun phrase with its conjuncts and modifiers, less clauses and PPs."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ in _CORE_DEPS)
    return sorted(out, key=lambda t: t.i)


def _forms(tok: Token) -> set[str]:
    """A noun's lemma and singular ("Parties" is a PROPN, whose lemma keeps the plural)."""
    low = tok.lower_
    out = {tok.lemma_.lower(), low}
    if low.endswith("ies"):
        out.add(low[:-3] + "y")
    elif low.endswith("s") and not low.endswith("ss"):
        out.add(low[:-1])
    return out


def _subtree_span(tok: Token) -> tuple[int, int]:
    return tok.left_edge.i, tok.right_edge.i + 1


def _chain(anchor: Token, action: Token) -> list[Token]:
    """The predicates from the anchor down to the action (``commit -> continue -> work``)."""
    out, t = [action], action
    while t.head.i != t.i and t.i != anchor.i:
        t = t.head
        out.append(t)
        if len(out) > 8:
            break
    return list(reversed(out))


def deepen_action(action: Token) -> Token:
    """Follow xcomp links past empty verbs: ``will continue to work to promote`` -> promote."""
    light = words("reaffirm_cues") | words("hedge_cues") | {"work", "help", "try", "commit", "agree",
                                                              "decide", "intend", "plan", "resolve",
                                                              "pledge", "undertake", "begin", "start"}
    t = action
    for _ in range(6):
        nxt = [c for c in t.children if c.dep_ == "xcomp" and c.pos_ in ("VERB", "AUX")]
        if t.lemma_.lower() in light and nxt:
            t = nxt[0]
            continue
        break
    return t


def _object_text(action: Token, limit: int = 160) -> str:
    parts = [c for c in action.children if c.dep_ in ("dobj", "attr", "oprd", "dative", "xcomp", "ccomp")]
    if not parts:
        parts = [c for c in action.children if c.dep_ == "prep"]
    if not parts:
        return ""
    start = min(p.left_edge.i for p in parts)
    end = max(p.right_edge.i for p in parts) + 1
    text = " ".join(action.doc[start:end].text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _certainty(rule: dict, kind: str, chain: list[Token], clause_text: str) -> tuple[str, list[str]]:
    """Certainty and the hedge cues found in the predicate chain or the clause."""
    lemmas = [t.lemma_.lower() for t in chain]
    lemmas += [t.head.lemma_.lower() for t in chain if t.dep_ == "acomp"]  # "remain committed to"
    if kind == "proposal":
        return "proposed", []
    if rule["certainty"] == "reaffirmed" or any(x in words("reaffirm_cues") for x in lemmas):
        return "reaffirmed", []
    hedges = [h for h in words("hedge_cues") if " " not in h and h in lemmas]
    low = f" {clause_text.lower()} "
    hedges += [h for h in words("hedge_cues") if " " in h and f" {h} " in low]
    if rule["certainty"] == "hedged" or hedges:
        return "hedged", hedges or [chain[0].lower_]
    return rule["certainty"], []


def _item_style(sent: Span) -> str | None:
    """The enumerator style of a list item ("number", "letter", "roman", "bullet"), or None."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None:
        return None
    if first.text in _BULLETS:
        return "bullet"
    return sent.doc.user_data.get("item_starts", {}).get(first.idx)


def _is_item_start(sent: Span) -> bool:
    """The sentence opens a list item: a bullet, or a line enumerator ("3.", "(a)") that
    ``preparse`` blanked out for the parser."""
    first = next((t for t in sent if not t.is_space), None)
    if first is None:
        return False
    return first.text in _BULLETS or first.idx in sent.doc.user_data.get("item_starts", ()) or (
        first.like_num and len(sent) > 3 and sent[1].text in ".)")


def _first_word(sent: Span) -> Token | None:
    for t in sent:
        if t.is_space or t.text in _BULLETS or t.is_punct or t.like_num:
            continue
        return t
    return None


def _imperative_item(sent: Span) -> Token | None:
    """The verb that opens a verbless list item ("- Identify means for ...")."""
    first = _first_word(sent)
    if first is None or not (first.text[:1].isupper() or _is_item_start(sent)):
        return None
    verbs = words("concrete_verbs") | words("vague_verbs") | words("proposal_actions") | words("item_verbs") | words("target_verbs")
    lemma = first.lemma_.lower() if first.pos_ == "VERB" else first.lower_
    if first.tag_ in ("VB", "VBP") or (lemma in verbs and first.pos_ in ("VERB", "PROPN", "NOUN", "ADJ")):
        if not any(c.dep_ in ("nsubj", "nsubjpass") for c in first.children):
            return first
    return None


class _Builder:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.parties = doc._.parties or []
        self.kind = doc._.doc_kind or "other"
        self.year = getattr(doc._.doc_date, "year", None)
        self.people, self.roles = actor_lib.people(doc, self.year)
        self.agreements = 0                        # agreement rows so far (a later mention is no new one)
        self.previous: Commitment | None = None   # a commitment of the sentence before
        self.groupings = doc._.groupings or set()
        self.org_ents = [e for e in doc.ents if e.label_ == "ORG"]  # read once, not per subject

    def subject_class(self, subj: Token | None, passive: bool, anchor: Token) -> tuple[str, list]:
        """Classify a subject: party, actor, instrument, demonstrative, passive, none, other.

        Only the subject's core is read (its head, conjuncts, compounds, possessors), not its
        relative clauses or prepositional phrases: "The dam constructed by China ..." is no actor.
        """
        if subj is None:
            return "none", []
        if subj.lower_ in ("nobody", "none", "neither", "nothing", "noone") or any(
                c.dep_ == "det" and c.lower_ == "no" for c in subj.children):
            return "negated", []
        core = _core(subj)
        text = " ".join(t.text for t in core)
        head = subj.lemma_.lower()
        heads = _forms(subj)
        if subj.lower_ in words("party_pronouns") or head in words("party_pronouns"):
            return "party", []
        found = actor_lib.actors_in(text, self.parties, self.year)
        people = [self.people[t.text] for t in core if t.pos_ == "PROPN" and t.text in self.people]
        found += [p for p in people if p not in found]
        conjuncts = [subj] + [t for t in core if t.dep_ == "conj"]
        if found and len(conjuncts) > 1 and actor_lib.any_party(found, self.parties) and all(
                p in self.parties for p in found) and len(found) < len(conjuncts):
            # "the United States and Africa": a side that does not resolve stands for the other party
            return "party", []
        if found:
            # companies and other organisations are actors in their own name ("Mexico and Pemex")
            core_ids = {t.i for t in core}
            companies = [ent for ent in self.org_ents if any(t.i in core_ids for t in ent)]
            for ent in companies:
                name = " ".join(ent.text.split()).removeprefix("the ")
                if not actor_lib.actors_in(name, self.parties, self.year) and (name, None) not in found:
                    found.append((name, None))
        if found:
            return "actor", found
        if heads & words("party_heads") and any(
                c.dep_ in ("det", "poss", "nummod", "preconj", "predet") and c.lower_ not in ("what", "which", "some", "many", "other", "a", "an")
                for c in subj.children):
            return "party", []
        core_ids = {c.i for c in core}
        orgs = [e for e in self.org_ents if any(t.i in core_ids for t in e)
                and any(t.pos_ == "PROPN" for t in e) and e[-1].text not in self.people]
        if orgs and not passive and not (heads & words("instrument_subjects")) and not any(
                _forms(e[-1]) & words("instrument_subjects") for e in orgs):
            # the whole name may resolve ("The Saudi Fund for Development" is Saudi Arabia's agency);
            # else a company or body the gazetteer does not know acts in its own name ("AD Ports Group")
            named: list = []
            for e in orgs:
                name = " ".join(e.text.split()).removeprefix("the ").removeprefix("The ")
                named += actor_lib.actors_in(e.text, self.parties, self.year) or [(name, None)]
            return "actor", list(dict.fromkeys(named))
        if any(t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "ORG", "NORP", "PERSON") for t in core):
            return "actor", []
        if heads & words("instrument_subjects") or any(t.lemma_.lower() in words("instrument_subjects")
                                                         for t in core if t.dep_ == "compound"):
            return "instrument", []
        if subj.lower_ in words("demonstrative_subjects"):
            return "demonstrative", []
        if passive:
            return "passive", []
        return "other", []

    def agreement_is_background(self, nodes: dict, head: Token, lo_hi=None) -> bool:
        """An agreement told as background: signed in an earlier year than the document's
        ("In 2019, the two countries signed MoUs ..."), or a later mention of one already
        reported ("The deal was signed in the presence of ...")."""
        lo, hi = _subtree_span(head)
        years = [int(y) for y in _YEAR.findall(self.doc[lo:hi].text)]
        if self.year and years and max(years) < self.year:
            return True
        instrument = nodes.get("instrument")
        if instrument is None or not self.agreements:
            return False
        kids = list(instrument.children)
        # "The deal was signed in the presence of ...": a bare definite instrument, nothing naming it
        return (instrument.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in kids)
                and all(c.dep_ in ("det", "punct") for c in kids))

    def _told_as_past(self, trigger: Token) -> bool:
        """A pledge made before the document's time: a past perfect ("had agreed"), or a past
        tense with a past time ("last year", "in 2019", "two years ago")."""
        if any(c.dep_ == "aux" and c.lower_ == "had" for c in trigger.children) and _reporter(trigger) is None:
            return True  # (under "X said ...", "had agreed" is only the reported tense)
        if trigger.tag_ != "VBD":
            return False
        for c in trigger.children:
            if c.dep_ in ("npadvmod", "prep", "advmod") and c.i < trigger.i + 12:
                span = self.doc[c.left_edge.i:c.right_edge.i + 1]
                low = {t.lower_ for t in span}
                years = [int(y) for y in _YEAR.findall(span.text)]
                if low & words("past_markers") - {"since"} or (self.year and years and max(years) < self.year):
                    return True
        return False

    def reporter_verdict(self, reporter: Token) -> str:
        """Whose words a reported clause is: "party", "official", "outsider" or "unknown"."""
        core = _core(reporter)
        for t in core:
            role = self.roles.get(t.text)
            if role:
                return role
        forms = _forms(reporter)
        if forms & words("non_officials"):
            return "outsider"
        named = actor_lib.actors_in(" ".join(t.text for t in core), self.parties, self.year)
        named += [self.people[t.text] for t in core if t.text in self.people]
        if named:
            return "party" if actor_lib.any_party(named, self.parties) else "outsider"
        if forms & (words("official_titles") | words("party_pronouns")) or forms & words("party_heads"):
            return "official"
        if reporter.pos_ == "PROPN" and reporter.ent_type_ == "PERSON":
            return "outsider"  # a named person with no title or country beside them
        return "unknown"

    def build(self, rule: dict, nodes: dict, sent: Span) -> Commitment | None:
        anchor = nodes.get(rule["anchor"]) or nodes.get("trigger")
        trigger = nodes.get("trigger", anchor)
        action = nodes.get("action", trigger if rule["kind"] != "agreement" else trigger)
        rid = rule["id"]
        # where the predicate stands
        if rid in ("proposal.discussed", "proposal.under_consideration") and anchor.dep_ in (
                "amod", "acl", "nsubj", "nsubjpass", "attr", "pobj", "dobj"):
            head = anchor
        else:
            head = anchor
            while head.pos_ not in ("VERB", "AUX", "ADJ") and head.head.i != head.i:
                head = head.head
            if not in_main_clause(head, purpose=rid.startswith("pledge.reaffirm") or rid == "pledge.commitment_noun"):
                return None
        if _negated(anchor) or _negated(trigger) or (rule["kind"] == "agreement" and _negated(nodes.get("instrument", trigger))):
            return None
        reporter = _reporter(head)
        if _hypothetical(head) and rid not in NOMINAL_RULES and not (
                reporter is not None and _modal(head) == "would" and _reported_in_past(head)):
            return None  # "would"/"could" is hypothetical, except "X said Y would ..." (reported future)
        action = deepen_action(action) if action.pos_ in ("VERB", "AUX") else action
        if action.lower_ in ("co", "re", "pre") and action.i + 2 < len(self.doc) and self.doc[action.i + 1].text == "-":
            action = self.doc[action.i + 2]  # "will co-host": the tokenizer splits the prefix off
        lemma = action.lemma_.lower()
        if rid in ("pledge.modal", "pledge.should") and lemma in words("non_actions"):
            return None
        if lemma in words("instrument_life_verbs") and _subject_is_instrument(head):
            return None  # "This MoU shall come into effect on the date of its signature": boilerplate
        subj, passive = subject_of(head if rid not in NOMINAL_RULES else anchor)
        sclass, named = self.subject_class(subj, passive, head)
        if sclass == "negated":
            return None  # "Nobody has committed to fund ..."
        if sclass in ("passive", "other", "none") and reporter is not None:
            rclass, rnamed = self.subject_class(reporter, False, head)
            if rclass in ("party", "actor"):
                sclass, named = rclass, rnamed
        if sclass == "none" and rid in ("pledge.modal", "pledge.commit_to", "pledge.commit_to_ing"):
            left = actor_lib.actors_in(self.doc[sent.start:head.i].text, self.parties, self.year)
            if left:
                sclass, named = "actor", left
        verdict = self.reporter_verdict(reporter) if reporter is not None else None
        if verdict == "outsider":
            return None  # an analyst's or a third party's words commit nobody here
        if subj is not None and subj.lower_ in ("it", "he", "she", "they") and reporter is not None:
            rclass, rnamed = self.subject_class(reporter, False, head)
            if rnamed:
                sclass, named = "actor", rnamed  # "AD Ports Group said it would consider ..."
        if rid == "proposal.discussed" and trigger.lemma_.lower() == "discuss" and any(
                c.dep_ == "dobj" and _forms(c) & words("discussion_topics") for c in trigger.children):
            return None  # "discussed the situation in Ukraine": a topic, not a proposal
        if rule["kind"] == "agreement" and self.agreement_is_background(nodes, head, lo_hi=None):
            return None
        future = trigger.tag_ == "VB" or any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "to", "would")
                                             for c in trigger.children)
        if rid == "pledge.commit_to_advcl" and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN") for c in trigger.children):
            return None  # "has committed additional assets ... to support": a past deployment
        verb = nodes.get("action", action)
        if rid == "pledge.commitment_noun" and not (any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                                                    or (verb.head.dep_ == "prep" and verb.head.lower_ in ("to", "of", "towards", "toward"))):
            return None  # the verb must be what the commitment is to ("commitment to build", "goal of ending")
        if rid.startswith(("pledge.commit", "pledge.agreement_to")) and self._told_as_past(trigger):
            return None  # "Kenya last year pledged to build ...", "had agreed in 2019 to supply ..."
        if rid == "hedged.aim_to" and subj is not None and _forms(subj) & words("instruments"):
            return None  # "The MoU aims to boost trade": what an agreement is for, not a commitment
        needs = rule.get("needs")
        if needs == "follows_commitment" and self.previous is None:
            return None
        if needs == "party_subject" and sclass not in ("party", "actor"):
            return None
        if needs == "actor_subject" and sclass not in ("party", "actor"):
            return None
        if rid == "pledge.modal":
            ok = {"party", "actor", "instrument"}
            if self.kind not in ("news",):
                ok |= {"demonstrative", "passive"}
            if sclass not in ok:
                return None
        if needs == "party_possessor":
            poss = [c for c in trigger.children if c.dep_ == "poss"]
            if poss:
                pclass, pnamed = self.subject_class(poss[0], False, head)
                if pclass == "actor" and pnamed and not actor_lib.any_party(pnamed, self.parties):
                    return None
                if pclass in ("party", "actor"):
                    sclass, named = pclass, (pnamed or named)
        # clause offsets: the predicate's subtree, less sibling predicates that are rows of their own
        lo, hi = _subtree_span(head if head.dep_ != "amod" else head.head)
        lo, hi = max(lo, sent.start), min(hi, sent.end)
        if head.dep_ in ("amod", "acl") and rid in NOMINAL_RULES:
            lo, hi = sent.start, sent.end
        clause = self.doc[lo:hi]
        chain = _chain(anchor if anchor.i <= action.i else action, action) if anchor.pos_ in ("VERB", "AUX") else [anchor, action]
        chain_lemmas = {t.lemma_.lower() for t in chain} | {trigger.lemma_.lower(), anchor.lemma_.lower()}
        kind = rule["kind"]
        if kind == "agreement" and rid == "agreement.signed" and future:
            kind = "pledge"  # "will sign an agreement", "tasked ... to conclude the Agreement": not yet concluded
        if kind == "pledge" and chain_lemmas & words("proposal_actions") and lemma in words("proposal_actions"):
            kind = "proposal"
        if kind == "pledge" and lemma == "look" and any(c.lower_ == "for" for c in action.children):
            kind = "proposal"
        if kind == "pledge" and any(c.dep_ == "dobj" and _forms(c) & {"discussion", "talk", "consideration", "study", "exploration"}
                                    for c in action.children) and lemma in ("conduct", "hold", "begin", "start", "continue", "undertake"):
            kind = "proposal"  # "commit to conduct discussions on ..." is "commit to discuss"
        certainty, hedges = _certainty(rule, kind, chain + [trigger, anchor], clause.text)
        cues = [f"hedge: {h}" for h in hedges]
        cond = _condition(head)
        if cond:
            cues.append(f"conditional: {cond}")
        if sclass in ("party", "none", "instrument", "demonstrative", "passive", "other") or not named:
            actor_names = [p[0] for p in self.parties]
        else:
            actor_names = [n for n, _ in named]
            if self.groupings and all(n in self.groupings for n in actor_names):
                actor_names = [p[0] for p in self.parties] + actor_names  # "The I2U2 Group will ..."
        if needs == "follows_commitment":
            certainty, actor_names = self.previous.certainty, list(self.previous.actors)
            cues.append("continues the previous commitment")
        codes = actor_lib.codes_for(actor_names, self.parties)
        asides = _asides(self.doc[lo:hi], anchor, action)
        sub_lo, sub_hi = (_subtree_span(subj) if subj is not None and lo <= subj.i < hi else (-1, -1))
        if kind == "agreement":
            self.agreements += 1
        return Commitment(
            rule=rid, kind=kind, certainty=certainty,
            sent_start=sent.start_char, sent_end=sent.end_char,
            clause_start=self.doc[lo].idx, clause_end=self.doc[hi - 1].idx + len(self.doc[hi - 1]),
            trigger_i=anchor.i, action_i=action.i, action=lemma, object=_object_text(action),
            subject=self.doc[sub_lo:sub_hi].text if sub_lo >= 0 else "",
            subject_start=self.doc[sub_lo].idx if sub_lo >= 0 else -1,
            subject_end=(self.doc[sub_hi - 1].idx + len(self.doc[sub_hi - 1])) if sub_lo >= 0 else -1,
            actors=actor_names, actor_codes=codes, cues=cues, asides=asides,
            confidence=_base_confidence(rid, sclass, kind, self.kind, cond, named, self.parties),
        )


_ASIDE_MARKS = {"while", "because", "although", "though", "whereas", "since", "which", "who"}


def _asides(clause: Span, anchor: Token, action: Token) -> list[tuple[int, int]]:
    """Char ranges of a clause that describe something else: relative clauses ("which will be
    discussed during ..."), circumstantial clauses ("while ..."), roles ("As Chair next year, ...")."""
    out = []
    for t in clause:
        # a relative clause describes something else, unless it is an infinitive that belongs to
        # the plan ("with the first meeting to be held in Manila by the end of the year")
        aside = t.dep_ == "relcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in t.children)
        aside |= t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _ASIDE_MARKS for c in t.children)
        aside |= t.dep_ == "prep" and t.lower_ == "as" and t.i < anchor.i
        if aside and not (t.left_edge.i <= anchor.i <= t.right_edge.i or t.left_edge.i <= action.i <= t.right_edge.i):
            out.append((t.left_edge.idx, t.right_edge.idx + len(t.right_edge)))
    return out


def _subject_is_instrument(tok: Token) -> bool:
    subj, _ = subject_of(tok)
    return subj is not None and bool(_forms(subj) & (words("instruments") | {"it", "this"}))


def _modal(tok: Token) -> str | None:
    return next((c.lower_ for c in tok.children if c.dep_ == "aux" and c.tag_ == "MD"), None)


def _reported_in_past(tok: Token) -> bool:
    t = tok
    for _ in range(12):
        if t.dep_ == "ccomp" and t.head.lemma_.lower() in words("speech_verbs"):
            return t.head.tag_ in ("VBD", "VBN") or any(c.dep_ == "aux" and c.lower_ in ("has", "have", "had") for c in t.head.children)
        if t.dep_ in _CHAIN_DEPS and t.head.i != t.i:
            t = t.head
            continue
        return False
    return False


_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _base_confidence(rid, sclass, kind, doc_kind, cond, named, parties) -> float:
    score = {"party": 0.9, "actor": 0.88, "instrument": 0.75, "demonstrative": 0.6,
             "passive": 0.65, "none": 0.7, "other": 0.6}[sclass]
    if rid.startswith("agreement"):
        score = max(score, 0.85)
    if rid in NOMINAL_RULES:
        score -= 0.15
    if rid in ("pledge.should", "hedged.expected_to"):
        score -= 0.1
    if cond:
        score -= 0.2
    if sclass == "actor" and named and parties and not actor_lib.any_party(named, parties):
        score -= 0.25  # a third party's plan, told in somebody else's document
    if doc_kind == "news":
        score -= 0.05
    return round(max(0.05, min(0.99, score)), 2)


def _dominated(inner: Token, outer: Token) -> bool:
    """True when ``inner`` sits in the predicate chain below ``outer`` (xcomp/prep/acl, not conj)."""
    t = inner
    for _ in range(10):
        if t.i == outer.i:
            return True
        if t.dep_ in ("xcomp", "pcomp", "prep", "acl", "dobj", "pobj", "ccomp", "advcl", "amod") and t.head.i != t.i:
            t = t.head
            continue
        return False
    return False


def sentence_starts(doc: Doc) -> list[int]:
    """Token index of every sentence start, computed once per doc (``Token.sent`` scans the doc)."""
    if doc.user_data.get("_sentence_starts") is None:
        doc.user_data["_sentence_starts"] = [s.start for s in doc.sents]
    return doc.user_data["_sentence_starts"]


def sentence_start(tok: Token) -> int:
    starts = sentence_starts(tok.doc)
    return starts[bisect.bisect_right(starts, tok.i) - 1]


def commitments_from_matches(doc: Doc, matches: list[tuple[dict, dict]]) -> list[Commitment]:
    builder = _Builder(doc)
    by_sent: dict[int, list] = {}
    for rule, nodes in matches:
        anchor = nodes.get(rule["anchor"]) or nodes.get("trigger")
        by_sent.setdefault(sentence_start(anchor), []).append((rule, nodes, anchor))
    out: list[Commitment] = []
    list_lead: Commitment | None = None   # the committing lead-in of the list we are in
    lead_style: str | None = None         # the lead-in's own enumerator style, if it is an item
    in_list = False
    for sent in doc.sents:
        text = sent.text.strip()
        if not text:
            continue
        cands = sorted(by_sent.get(sent.start, []), key=lambda m: (_rank(m[0]["id"]), m[2].i))
        if _preamble(sent, text) or _heading(sent, text):
            cands = []
        kept: list[tuple[Commitment, Token]] = []
        for rule, nodes, anchor in cands:
            if any(anchor.i == a.i or _dominated(anchor, a) for _, a in kept):
                continue
            c = builder.build(rule, nodes, sent)
            if c is not None:
                kept.append((c, anchor))
        _split_conjoined(kept)
        rows = [c for c, _ in kept]
        builder.previous = rows[0] if rows else None
        ends_with_colon = text.endswith(":")
        is_item = _is_item_start(sent)
        style = _item_style(sent)
        if in_list and not is_item and not ends_with_colon:
            in_list = _continues_list(sent, rows)
        elif in_list and style is not None and style == lead_style:
            in_list = False  # "5." after "4. ... the following actions:" and its "(a) (b) (c)"
        if in_list:
            if not rows:
                verb = _imperative_item(sent)
                if verb is None and is_item and _committing(list_lead, doc):
                    verb = _item_head(sent)  # "a) construction of a 50 MW solar plant"
                if verb is not None:
                    rows = [_item_commitment(sent, verb, list_lead, builder.parties)]
            if list_lead is not None:
                for c in rows:
                    _inherit(c, list_lead)
        if ends_with_colon:
            in_list = True
            lead_style = style
            list_lead = rows[0] if rows else _plain_lead(sent, builder.parties)
            if rows and _only_announces(sent):
                rows = []  # a lead-in that only announces its list is not a commitment of its own
        elif not in_list:
            list_lead = None
        out.extend(rows)
    return _dedupe(out)


def _only_announces(sent: Span) -> bool:
    """"The Parties commit to take the following actions by May 14, 2025:" announces a list."""
    return any(t.lower_ in ("following", "follows", "below", "include", "includes", "including", "these")
               for t in sent)


def _heading(sent: Span, text: str) -> bool:
    """A whole line with no closing punctuation that is not a list item: a title or a heading
    ("India, UAE sign pact on strategic oil reserves")."""
    doc = sent.doc
    starts_line = sent.start == 0 or "\n" in doc[sent.start - 1].text_with_ws
    ends_line = sent.end >= len(doc) or "\n" in doc[sent.end - 1].text_with_ws or doc[sent.end - 1].is_space
    return starts_line and ends_line and text[-1:] not in ".!?;:\"'”’)" and not _is_item_start(sent)


def _preamble(sent: Span, text: str) -> bool:
    """A preambular paragraph ("Recalling the Treaty ... signed at New Delhi on ...,")."""
    first = _first_word(sent)
    return first is not None and first.lower_ in words("preamble_participles") and text[-1:] in ",;"


_COMMITTING_LEAD = re.compile(r"\b(?:includ\w*|commit\w*|agree\w*|pledge\w*|decide\w*|will|shall|undertak\w*)\b", re.I)


def _committing(lead: Commitment | None, doc: Doc) -> bool:
    """Whether a lead-in commits its items ("The Memorandum of cooperation includes:")."""
    if lead is None:
        return False
    return lead.rule != "lead-in" or bool(_COMMITTING_LEAD.search(doc_text(doc)[lead.sent_start:lead.sent_end]))


def _item_head(sent: Span) -> Token | None:
    """The head noun of a nominal list item."""
    roots = [t for t in sent if t.dep_ == "ROOT" and t.pos_ in ("NOUN", "PROPN", "VERB")]
    return roots[0] if roots else None


def _plain_lead(sent: Span, parties: list) -> Commitment:
    """A lead-in with no commitment of its own ("In the short-term:", "... the following
    actions by 2025:"): its items take the document's parties and any deadline it states."""
    return Commitment(rule="lead-in", kind="pledge", certainty="firm", sent_start=sent.start_char,
                      sent_end=sent.end_char, clause_start=sent.start_char, clause_end=sent.end_char,
                      trigger_i=sent.start, action="", actors=[p[0] for p in parties],
                      actor_codes=[p[1] for p in parties if p[1]])


def _continues_list(sent: Span, rows: list) -> bool:
    """Whether a sentence after a lead-in is still part of its list.

    A later sentence of the same paragraph is. A new paragraph continues the list when it opens
    with its actor ("China will (i) ...") and commits to something; one that opens with a
    preposition or a subordinate clause ("After taking the aforementioned actions, ...") ends it.
    """
    prev = sent.doc[sent.start - 1] if sent.start > 0 else None
    if prev is not None and "\n" not in prev.text_with_ws:
        return True
    first = _first_word(sent)
    if first is None or not rows:
        return False
    return not (first.pos_ in ("ADP", "SCONJ", "ADV") or first.dep_ in ("prep", "mark", "advmod"))


def _item_commitment(sent: Span, verb: Token, lead: Commitment | None, parties: list) -> Commitment:
    """A verbless list item ("- Identify means for ...") under a lead-in: the lead-in's actors
    (or the document's parties) commit to it."""
    lemma = verb.lemma_.lower() if verb.pos_ == "VERB" else verb.lower_
    kind = "proposal" if lemma in words("proposal_actions") else "pledge"
    actors = list(lead.actors) if lead else [p[0] for p in parties]
    codes = list(lead.actor_codes) if lead else [p[1] for p in parties if p[1]]
    return Commitment(
        rule="item.imperative", kind=kind,
        certainty="proposed" if kind == "proposal" else (lead.certainty if lead else "firm"),
        sent_start=sent.start_char, sent_end=sent.end_char,
        clause_start=sent.start_char, clause_end=sent.end_char, trigger_i=verb.i, action_i=verb.i,
        action=lemma, object=_object_text(verb), actors=actors, actor_codes=codes, confidence=0.7,
    )


def _split_conjoined(kept: list) -> None:
    """Two predicates joined by "and" are two rows: the first one's clause ends where the
    second one's begins ("make doses available ... and aim to deliver half by the end of 2021")."""
    for c, anchor in kept:
        for other, other_anchor in kept:
            if other is c or other_anchor.i <= anchor.i:
                continue
            t, linked = other_anchor, False
            for _ in range(6):
                if t.dep_ in ("conj", "xcomp") and t.head.i != t.i:
                    t = t.head
                    if t.i == anchor.i or t.i == c.action_i:
                        linked = True
                        break
                else:
                    break
            if linked:
                edge = other_anchor.left_edge
                while edge.i > 0 and edge.nbor(-1).dep_ == "cc":
                    edge = edge.nbor(-1)
                c.clause_end = min(c.clause_end, edge.idx)


def _inherit(c: Commitment, lead: Commitment) -> None:
    c.lead_in = (lead.sent_start, lead.sent_end)
    if not c.subject and lead.actors:
        c.actors, c.actor_codes = list(lead.actors), list(lead.actor_codes)
    c.cues.append("inherits lead-in")


def _dedupe(rows: list[Commitment]) -> list[Commitment]:
    """One row per distinct deliverable: same sentence, kind, certainty and actors is one row."""
    seen, out = set(), []
    for c in rows:
        key = (c.sent_start, c.kind, c.certainty, tuple(c.actors), c.clause_start, c.clause_end)
        if key in seen:
            continue
        seen.add(key)
        out.append(c)
    return out
