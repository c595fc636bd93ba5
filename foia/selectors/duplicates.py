"""The duplicate check: the coalition's existing requests to the same agency with a similar subject or text.

PostgreSQL ranks by trigram similarity (pg_trgm, created by migration 0004); SQLite falls back to the overlap of
significant words among the agency's most recent visible requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity
from django.db import connection
from django.db.models import F, FloatField
from django.db.models.functions import Greatest

from coalition.access import restrict_visible
from directory.models import Agency

from ..models import FoiaRequest

THRESHOLD_TRGM = 0.3
THRESHOLD_WORDS = 0.25
FALLBACK_CANDIDATES = 500
_WORD = re.compile(r"[a-z0-9]{3,}")
_STOP = frozenset(
    _WORD.findall(
        "the and for all any from with that this records record request requests regarding about including between "
        "other such which were their there have has been into under over per documents document copies"
    )
)


@dataclass(frozen=True)
class Duplicate:
    request: FoiaRequest
    score: float


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def duplicate_candidates(
    *, user, agency: Agency, subject: str, text: str = "", exclude_pk: int | None = None, limit: int = 5
) -> list[Duplicate]:
    subject, text = subject.strip(), text.strip()
    if not subject and not text:
        return []
    qs = restrict_visible(FoiaRequest.objects.filter(agency=agency), user).select_related("organization", "agency")
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if connection.vendor == "postgresql":
        scores = []
        if subject:
            scores += [TrigramSimilarity("subject", subject), TrigramWordSimilarity(subject, "subject")]
        if text:
            scores.append(TrigramSimilarity("request_text", text[:4000]))
        score = Greatest(*scores, output_field=FloatField()) if len(scores) > 1 else scores[0]
        rows = qs.annotate(score=score).filter(score__gte=THRESHOLD_TRGM).order_by(F("score").desc(), "-pk")[:limit]
        return [Duplicate(r, round(r.score, 2)) for r in rows]
    mine_subject, mine_text = _words(subject), _words(subject + " " + text[:4000])
    found = []
    for row in qs.order_by("-pk")[:FALLBACK_CANDIDATES]:
        score = max(
            _jaccard(mine_subject, _words(row.subject)),
            _jaccard(mine_text, _words(row.subject + " " + row.request_text[:4000])) if text else 0.0,
        )
        if score >= THRESHOLD_WORDS:
            found.append(Duplicate(row, round(score, 2)))
    found.sort(key=lambda d: (-d.score, -d.request.pk))
    return found[:limit]


__all__ = ["Duplicate", "duplicate_candidates"]
