"""Agency names as spreadsheets write them, matched to the directory: "ICE", "Immigration & Customs Enforcement",
"DHS/ICE" and "U.S. Immigration and Customs Enforcement" are one component. A name that matches nothing gets the
nearest directory names as suggestions (difflib), never a silent guess."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from directory.models import Agency

_DROP = re.compile(r"^(the |u s |us |united states )+")


def agency_key(text) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", str(text or "").lower().replace("&", " and ")).strip()
    return _DROP.sub("", words + " ").strip() if words else ""


class AgencyMatcher:
    """Built once per import from every directory agency (one query); `match` is then pure."""

    def __init__(self, agencies: Iterable[Agency]):
        self.agencies = list(agencies)
        self.by_key: dict[str, Agency] = {}
        by_pk = {a.pk: a for a in self.agencies}
        for agency in self.agencies:
            parent = by_pk.get(agency.parent_id)
            names = [agency.slug, agency.abbreviation, agency.name]
            if parent is not None:
                names += [f"{parent.abbreviation} {agency.abbreviation}", f"{parent.abbreviation} {agency.name}"]
            for name in names:
                self.by_key.setdefault(agency_key(name), agency)
        self.by_key.pop("", None)

    def find(self, text: str) -> Agency | None:
        key = agency_key(text)
        if not key:
            return None
        if key in self.by_key:
            return self.by_key[key]
        # "DHS/ICE", "DHS - ICE", "ICE (DHS)": the most specific part that is an agency.
        parts = [agency_key(p) for p in re.split(r"[/:()\-–,]+| - ", str(text)) if agency_key(p)]
        found = [self.by_key[part] for part in parts if part in self.by_key]
        components = [a for a in found if a.parent_id is not None]
        return (components or found or [None])[-1]

    def suggestions(self, text: str, n: int = 3) -> list[Agency]:
        close = difflib.get_close_matches(agency_key(text), list(self.by_key), n=n * 3, cutoff=0.75)
        found: list[Agency] = []
        for key in close:
            if self.by_key[key] not in found:
                found.append(self.by_key[key])
        return found[:n]

    def resolve(self, *, agency: str, component: str) -> tuple[Agency | None, str, list[Agency]]:
        """(the component the request goes to, or None with the reason and suggestions)."""
        named = component or agency
        if not named:
            return None, "no agency given", []
        found = self.find(named)
        if found is None and component and agency:
            found = self.find(f"{agency} {component}")
        if found is None:
            suggestions = self.suggestions(named)
            return None, f"“{named}” is not in the directory", suggestions
        if component and agency:
            parent = self.find(agency)
            if parent is not None and parent != found and found.parent_id != parent.pk:
                return None, f"component “{component}” is not part of “{agency}”", []
        return found, "", []
