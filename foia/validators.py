"""Rules shared by the request model (so its form and API) and the event services."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

# The Freedom of Information Act took effect on 4 July 1967: no FOIA date lies before it.
FOIA_EFFECTIVE_ON = dt.date(1967, 7, 4)
NEGATIVE_FEE_LIMIT = "The fee limit cannot be negative."


def date_refusal(day: dt.date, *, today: dt.date | None = None) -> tuple[str, str] | None:
    """Why `day` cannot be a FOIA date, as (reason, code) -- "in the future", "before FOIA took effect ..." -- or
    None when it can."""
    if day > (today or timezone.localdate()):
        return "in the future", "future"
    if day < FOIA_EFFECTIVE_ON:
        return f"before FOIA took effect on {FOIA_EFFECTIVE_ON.isoformat()}", "before_foia"
    return None


def validate_foia_date(value: dt.date) -> None:
    """Model field validator: a date neither in the future nor before FOIA took effect."""
    refusal = date_refusal(value)
    if refusal:
        raise ValidationError(f"{value.isoformat()} is {refusal[0]}.", code=refusal[1])
