"""English stopwords, as PostgreSQL's `english` configuration drops them (its tsearch_data/english.stop, the
Snowball project's English list, BSD licence): 127 words.

PostgreSQL never indexes nor searches these. SQLite's FTS5 porter tokenizer knows no stopwords, and stems some of
them onto real words ("by" -> "bi", the ISAP contractor BI Inc.; "was" -> "wa"), so the embedded default would
find "BI" on every page with "by" in it. `fold` gives FTS5 the text with each stopword replaced by one token no
search asks for: token positions (phrases, snippets) stay those of the text, and both databases answer alike.
tests/web/test_stopwords.py checks this list against PostgreSQL's.
"""

from __future__ import annotations

import re

_ENGLISH_STOP = """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
    it its itself they them their theirs themselves what which who whom this that these those am is are was were be
    been being have has had having do does did doing a an the and but if or because as until while of at by for
    with about against between into through during before after above below to from up down in out on off over
    under again further then once here there when where why how all any both each few more most other some such no
    nor not only own same so than too very s t can will just don should now
"""  # tsearch_data/english.stop, in its order
STOPWORDS = frozenset(_ENGLISH_STOP.split())
PLACEHOLDER = "xstopwordx"  # what FTS5 indexes in a stopword's place; never searched (query.py drops stopwords)
# A token as FTS5's unicode61 tokenizer reads one: letters and digits (the underscore separates, as it does there).
_TOKEN = re.compile(r"[^\W_]+")


# PostgreSQL's parser reads an e-mail address or a host name ("alerts@bi.com", "ice.dhs.gov", "sow-v2.pdf") as one
# token; FTS5 reads its words. Joined by a letter FTS5 keeps inside a token (U+01C0, category Lo), it is one token
# on both, so "BI" finds neither the other's "bi.com".
_ADDRESS = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w.])[A-Za-z0-9][A-Za-z0-9-]*(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])"
)
JOIN = "\u01c0"


def join_addresses(text: str) -> str:
    """The text with each address or host as one token followed by a PLACEHOLDER for each of its other words (so
    the words after it keep their positions), for the index and for the query alike."""
    return _ADDRESS.sub(_joined, text)


def _joined(match) -> str:
    words = _TOKEN.findall(match.group(0))
    return JOIN.join(w.lower() for w in words) + f" {PLACEHOLDER}" * (len(words) - 1)


def is_stopword(word: str) -> bool:
    return word.lower() in STOPWORDS


def fold(text: str | None) -> str | None:
    """The text FTS5 indexes: addresses and hosts joined (join_addresses), each stopword replaced by PLACEHOLDER,
    every other character kept."""
    if not text:
        return text
    text = join_addresses(text)
    return _TOKEN.sub(lambda m: PLACEHOLDER if is_stopword(m.group(0)) else m.group(0), text)
