"""One search box over everything a person may see: requests, letters, cases and released document pages.

`query.py` reads the box (web-search syntax: "quoted phrases", OR, -exclude); `sources.py` says what each kind of
record is searched on, how it is filtered and linked; `engine.py` runs it on PostgreSQL full-text search (GIN
indexes, `phraseto_tsquery` pieces, stemming) or SQLite FTS5 (porter stemming), always inside each model's access rule
(`coalition.access.restrict_visible`), so nothing the person may not see is returned, counted or quoted.
"""
