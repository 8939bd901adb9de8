"""Dependency patterns (spaCy's ``DependencyMatcher`` syntax) matched over a parsed Doc's arrays.

The rules of ``patterns/triggers.jsonl`` are written as DependencyMatcher patterns and this gives
the same matches (``tests/test_treematch.py`` checks it against spaCy's own matcher on the sample
corpus). spaCy's matcher runs a token ``Matcher`` that tests every node of every pattern against
every token and then walks up from each hit; on our rules that cost as much as the whole rest of
the commitment components. Here the tokens that can stand for a pattern's first node are looked up
by value (an index of the document's lemmas, lower-case forms, ... built once), and the tree is
followed from them, the other nodes tested only on the tokens the tree offers them.

It knows the part of the syntax the rules use, and refuses anything else when a pattern is added:
``RIGHT_ATTRS`` on DEP, LEMMA, LOWER, POS, TAG (a string or ``{"IN": [...]}``) and IS_SENT_START
(a bool); ``REL_OP`` ``>`` (child), ``<`` (head) and ``>>`` (descendant).
"""
from __future__ import annotations

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, LOWER, POS, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc

_ATTRS = {"DEP": DEP, "LEMMA": LEMMA, "LOWER": LOWER, "POS": POS, "TAG": TAG, "IS_SENT_START": SENT_START}
_COLUMNS = [*_ATTRS.values(), HEAD]
_COLUMN = {name: i for i, name in enumerate(_ATTRS)}
_OPS = (">", "<", ">>")
_LEXICAL = (_COLUMN["LEMMA"], _COLUMN["LOWER"])  # many values, each on few tokens


class TreeMatcher:
    """``add(key, pattern)`` then ``matcher(doc)`` -> ``[(key, [token index per node]), ...]``."""

    def __init__(self):
        self._patterns: list[tuple[str, list[tuple[int | None, str | None, tuple]]]] = []

    def __len__(self) -> int:
        return len(self._patterns)

    def add(self, key: str, pattern: list[dict]) -> None:
        nodes, index = [], {}
        for n, node in enumerate(pattern):
            where = f"pattern {key!r}, node {node.get('RIGHT_ID', n)!r}"
            checks = []
            for attr, value in node.get("RIGHT_ATTRS", {}).items():
                if attr not in _ATTRS:
                    raise ValueError(f"{where}: attribute {attr} is not supported (use {', '.join(_ATTRS)})")
                if attr == "IS_SENT_START":
                    if not isinstance(value, bool):
                        raise ValueError(f"{where}: IS_SENT_START takes true or false")
                    checks.append((_COLUMN[attr], value))
                elif isinstance(value, str):
                    checks.append((_COLUMN[attr], frozenset((get_string_id(value),))))
                elif isinstance(value, dict) and list(value) == ["IN"]:
                    checks.append((_COLUMN[attr], frozenset(get_string_id(v) for v in value["IN"])))
                else:
                    raise ValueError(f"{where}: {attr} takes a string or {{\"IN\": [...]}}, got {value!r}")
            if n == 0:
                if "LEFT_ID" in node or "REL_OP" in node:
                    raise ValueError(f"{where}: the first node is the anchor and has no LEFT_ID or REL_OP")
                left, op = None, None
            else:
                if node.get("LEFT_ID") not in index:
                    raise ValueError(f"{where}: LEFT_ID {node.get('LEFT_ID')!r} names no earlier node")
                left, op = index[node["LEFT_ID"]], node.get("REL_OP")
                if op not in _OPS:
                    raise ValueError(f"{where}: REL_OP {op!r} is not supported (use {', '.join(_OPS)})")
            if node.get("RIGHT_ID") in index:
                raise ValueError(f"{where}: RIGHT_ID used twice")
            index[node.get("RIGHT_ID")] = n
            nodes.append((left, op, tuple(checks)))
        if not nodes:
            raise ValueError(f"pattern {key!r} is empty")
        self._patterns.append((key, nodes))

    def __call__(self, doc: Doc) -> list[tuple[str, list[int]]]:
        n = len(doc)
        if n == 0 or not self._patterns:
            return []
        table = doc.to_array(_COLUMNS)
        heads = table[:, -1].astype(numpy.int64) + numpy.arange(n)  # HEAD is stored relative
        tree = _Tree(heads)
        rows = table[:, :-1].tolist()
        where: dict[int, dict[int, list[int]]] = {}  # column -> value -> tokens that have it

        def tokens_with(column: int, values: frozenset) -> list[int]:
            if column not in where:
                index: dict[int, list[int]] = {}
                for i, row in enumerate(rows):
                    index.setdefault(row[column], []).append(i)
                where[column] = index
            hits = [i for v in values for i in where[column].get(v, ())]
            return sorted(hits) if len(values) > 1 else hits

        found: list[tuple[str, list[int]]] = []
        for key, nodes in self._patterns:
            checks = nodes[0][2]
            # the first node's tokens: those with one of its values in its most telling column
            lexical = [c for c in checks if not isinstance(c[1], bool)]
            if lexical:
                column, values = min(lexical, key=lambda c: (c[0] not in _LEXICAL, len(c[1])))
                candidates = tokens_with(column, values)
            else:
                candidates = range(n)
            for i in candidates:
                if _fits(rows[i], checks):
                    _extend(key, nodes, rows, tree, [i], found)
        return found


def _fits(row: list[int], checks: tuple) -> bool:
    for column, values in checks:
        if isinstance(values, bool):
            if (row[column] == 1) != values:
                return False
        elif row[column] not in values:
            return False
    return True


def _extend(key, nodes, rows: list[list[int]], tree: "_Tree", chosen: list[int], found: list) -> None:
    """The other nodes are tested only on the tokens the tree offers them."""
    k = len(chosen)
    if k == len(nodes):
        found.append((key, list(chosen)))
        return
    left, op, checks = nodes[k]
    at = chosen[left]
    if op == ">":
        candidates = tree.children(at)
    elif op == "<":
        candidates = tree.head(at)
    else:
        candidates = tree.descendants(at)
    for j in candidates:
        if _fits(rows[j], checks):
            chosen.append(j)
            _extend(key, nodes, rows, tree, chosen, found)
            chosen.pop()


class _Tree:
    """Heads, children and descendants from the HEAD column, each computed once."""

    def __init__(self, heads: numpy.ndarray):
        self.heads = heads.tolist()
        order = numpy.argsort(heads, kind="stable")
        by_head = heads[order]
        positions = numpy.arange(len(heads))
        self._order = order.tolist()
        self._lo = numpy.searchsorted(by_head, positions, "left").tolist()
        self._hi = numpy.searchsorted(by_head, positions, "right").tolist()
        self._descendants: dict[int, list[int]] = {}

    def head(self, i: int) -> list[int]:
        h = self.heads[i]
        return [] if h == i else [h]

    def children(self, i: int) -> list[int]:
        return [j for j in self._order[self._lo[i]:self._hi[i]] if j != i]

    def descendants(self, i: int) -> list[int]:
        if i not in self._descendants:
            out, todo = [], self.children(i)
            while todo:
                j = todo.pop()
                out.append(j)
                todo.extend(self.children(j))
            self._descendants[i] = sorted(out)
        return self._descendants[i]
