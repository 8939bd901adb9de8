"""The trigger rules' matcher gives what spaCy's DependencyMatcher gives on the same patterns."""
from __future__ import annotations

from pathlib import Path

import pytest
from spacy.matcher import DependencyMatcher

from pipeline.extract.lexicon import trigger_rules
from pipeline.extract.treematch import TreeMatcher

CORPUS = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture(scope="module")
def parsed(nlp):
    """The sample corpus through the model, without the commitment components."""
    ours = [n for n in nlp.pipe_names if n.startswith("commitment_")]
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))]
    with nlp.select_pipes(disable=ours):
        return list(nlp.pipe(texts))


def _spacy_matches(nlp, patterns: dict[str, list], doc) -> list:
    matcher = DependencyMatcher(nlp.vocab)
    for key, pattern in patterns.items():
        matcher.add(key, [pattern])
    return sorted((nlp.vocab.strings[k], tuple(ids)) for k, ids in matcher(doc))


def _our_matches(patterns: dict[str, list], doc) -> list:
    matcher = TreeMatcher()
    for key, pattern in patterns.items():
        matcher.add(key, pattern)
    return sorted((k, tuple(ids)) for k, ids in matcher(doc))


def test_trigger_rules_match_as_spacy_dependency_matcher(nlp, parsed):
    patterns = {r["id"]: r["pattern"] for r in trigger_rules()}
    total = 0
    for doc in parsed:
        expected = _spacy_matches(nlp, patterns, doc)
        assert _our_matches(patterns, doc) == expected
        total += len(expected)
    assert total > 100  # the corpus exercises the rules, not an empty comparison


def test_every_operator_and_attribute_form_agrees(nlp, parsed):
    patterns = {
        "head": [{"RIGHT_ID": "a", "RIGHT_ATTRS": {"DEP": "amod"}},
                 {"LEFT_ID": "a", "REL_OP": "<", "RIGHT_ID": "b", "RIGHT_ATTRS": {"POS": "NOUN"}}],
        "child": [{"RIGHT_ID": "v", "RIGHT_ATTRS": {"POS": {"IN": ["VERB", "AUX"]}}},
                  {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "s", "RIGHT_ATTRS": {"DEP": "nsubj"}},
                  {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "o", "RIGHT_ATTRS": {}}],
        "descendant": [{"RIGHT_ID": "r", "RIGHT_ATTRS": {"DEP": "ROOT"}},
                       {"LEFT_ID": "r", "REL_OP": ">>", "RIGHT_ID": "n", "RIGHT_ATTRS": {"TAG": "CD"}}],
        "first": [{"RIGHT_ID": "f", "RIGHT_ATTRS": {"IS_SENT_START": True, "LOWER": {"IN": ["the", "we"]}}},
                  {"LEFT_ID": "f", "REL_OP": "<", "RIGHT_ID": "h", "RIGHT_ATTRS": {"LEMMA": {"IN": ["leader", "country"]}}}],
    }
    for doc in parsed[:6]:
        for key, pattern in patterns.items():
            assert _our_matches({key: pattern}, doc) == _spacy_matches(nlp, {key: pattern}, doc), key


@pytest.mark.parametrize("pattern, message", [
    ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {"ENT_TYPE": "GPE"}}], "ENT_TYPE is not supported"),
    ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {}}, {"LEFT_ID": "a", "REL_OP": ".", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
     "REL_OP '.' is not supported"),
    ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {}}, {"LEFT_ID": "z", "REL_OP": ">", "RIGHT_ID": "b", "RIGHT_ATTRS": {}}],
     "names no earlier node"),
    ([{"RIGHT_ID": "a", "RIGHT_ATTRS": {"LEMMA": {"NOT_IN": ["x"]}}}], "takes a string"),
    ([], "is empty"),
])
def test_syntax_it_does_not_know_is_refused_when_added(pattern, message):
    with pytest.raises(ValueError, match=message):
        TreeMatcher().add("rule", pattern)
