"""The search box's syntax, the one web search engines taught everyone: words (all must match), "a phrase",
`OR` between two alternatives, `-word` to exclude; read here once, then written for each database, so both answer
the same question: (a OR b) AND c AND NOT d. (PostgreSQL's own `websearch_to_tsquery` binds `-d` to `b` alone.)
For PostgreSQL it becomes `phraseto_tsquery` pieces joined by & | !; for SQLite an FTS5 expression with every word
quoted, so no input can be read as syntax by either."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .stopwords import PLACEHOLDER, is_stopword, join_addresses

MAX_LENGTH = 200  # characters: a longer box is refused by the form
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]  # one word, or a phrase
    negated: bool = False
    text: str = ""  # as typed (PostgreSQL's parser reads it: "alerts@bi.com" is one lexeme there)

    @property
    def searchable(self) -> bool:
        """Whether it asks for anything: PostgreSQL ignores a clause of stopwords only ("the", "by")."""
        return not all(is_stopword(w) or w == PLACEHOLDER for w in self.words)


def parse(text: str) -> list[list[Clause]]:
    """The query as AND-ed groups of OR-ed clauses: `a b OR c -d` -> [[a], [b, c], [-d]]."""
    groups: list[list[Clause]] = []
    pending_or = False
    for match in _TOKEN.finditer(text or ""):
        neg, phrase, bare = match.groups()
        if bare is not None:
            if bare.upper() == "OR" and groups and not groups[-1][-1].negated:
                pending_or = True
                continue
            neg = "-" if bare.startswith("-") and len(bare) > 1 else ""
            typed = bare[1:] if neg else bare
        else:
            typed = phrase
        words = tuple(_WORD.findall(typed))
        if not words:
            continue
        clause = Clause(tuple(w.lower() for w in words), negated=bool(neg), text=typed)
        if pending_or and not clause.negated:
            groups[-1].append(clause)
        else:
            groups.append([clause])
        pending_or = False
    return groups


def has_terms(text: str) -> bool:
    """Whether the query asks for anything (only exclusions, or only stopwords, find nothing, as on PostgreSQL)."""
    return any(not c.negated and c.searchable for group in parse(text) for c in group)


def fts5_match(text: str) -> str:
    """The FTS5 MATCH expression of the query; '' when it asks for nothing."""
    positive, negative = [], []
    for group in _searchable(parse(join_addresses(text or ""))):
        if group[0].negated:
            negative.append(_fts5_clause(group[0]))
        else:
            options = [_fts5_clause(c) for c in group]
            positive.append(options[0] if len(options) == 1 else "(" + " OR ".join(options) + ")")
    if not positive:
        return ""
    expression = " AND ".join(positive)
    for clause in negative:
        expression = f"({expression}) NOT {clause}"
    return expression


def postgres_query(text: str, *, config: str = "english"):
    """The query as a Django SearchQuery (None when it asks for nothing)."""
    from functools import reduce
    from operator import and_, or_

    from django.contrib.postgres.search import SearchQuery

    def piece(clause: Clause):
        return SearchQuery(clause.text or " ".join(clause.words), search_type="phrase", config=config)

    groups = _searchable(parse(text))
    positive = [reduce(or_, map(piece, g)) for g in groups if not g[0].negated]
    if not positive:
        return None
    query = reduce(and_, positive)
    for group in groups:
        if group[0].negated:
            query = query & ~piece(group[0])
    return query


def _searchable(groups: list[list[Clause]]) -> list[list[Clause]]:
    """The groups without their clauses of stopwords only, which PostgreSQL ignores (and SQLite must too)."""
    kept = [[c for c in group if c.searchable] for group in groups]
    return [group for group in kept if group]


def _fts5_clause(clause: Clause) -> str:
    """A quoted FTS5 phrase (words only, \\w+: no quote can reach FTS5). Stopwords are what the index holds in
    their place (stopwords.fold), inside a phrase; at its ends PostgreSQL ignores them, so they are dropped."""
    words = list(clause.words)
    while is_stopword(words[0]):
        words.pop(0)
    while is_stopword(words[-1]):
        words.pop()
    return '"' + " ".join(PLACEHOLDER if is_stopword(w) else w for w in words) + '"'
