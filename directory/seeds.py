"""Reference data seeded into the directory: DHS with the FOIA components that hold ISAP / Alternatives to Detention
records, and the district courts where FOIA suits are filed: D.D.C. (most of them), N.D. Cal. (the ISAP suit),
S.D.N.Y., D. Mass., N.D. Ill. and W.D. Wash., each with the time zone its deadlines fall in.

Contact details are as publicly listed by each component; a field is left blank rather than guessed when no current
public listing was found. Since 2026-01-22 DHS generally requires FOIA and Privacy Act requests to be submitted
electronically through https://www.dhs.gov/foia (final rule 2025-23783 amending 6 C.F.R. 5.3(a)(2)), so the portal is
the primary channel and the mailing addresses are kept for appeals and correspondence.

Appeal window: every DHS component allows 90 WORKING days after the adverse determination (6 C.F.R. § 5.8(a)(1)).

Not seeded on purpose: ICE Enforcement and Removal Operations (ERO, which runs ISAP) and Homeland Security
Investigations are offices within ICE, not FOIA components; their records are requested from the ICE FOIA Office.
Run by foia/migrations/0002_seed_agencies.py (agencies lived in `foia` then) with that migration's model. It is
idempotent (update_or_create by slug), so editing a value here and re-running it is safe. A seed that needs a field
added later belongs in a new `directory` migration instead (the old migration's model does not have the field).
"""

DHS_APPEAL = {
    "appeal_window_days": 90,
    "appeal_window_unit": "working_days",
    "appeal_window_citation": "6 C.F.R. § 5.8(a)(1)",
    "time_zone": "America/New_York",
}
DHS_PORTAL = "https://www.dhs.gov/foia"

DEPARTMENT = {
    "slug": "dhs",
    "name": "U.S. Department of Homeland Security",
    "abbreviation": "DHS",
    "foia_address": "",
    "foia_email": "",
    "foia_portal_url": DHS_PORTAL,
}

COMPONENTS = [
    {
        "slug": "ice",
        "name": "U.S. Immigration and Customs Enforcement",
        "abbreviation": "ICE",
        "foia_address": (
            "U.S. Immigration and Customs Enforcement\nFreedom of Information Act Office\n"
            "500 12th Street SW, Stop 5009\nWashington, DC 20536-5009"
        ),
        "foia_email": "ice-foia@ice.dhs.gov",
        "foia_portal_url": DHS_PORTAL,
    },
    {
        "slug": "cbp",
        "name": "U.S. Customs and Border Protection",
        "abbreviation": "CBP",
        "foia_address": (
            "U.S. Customs and Border Protection\nFOIA Division\n90 K Street NE, MS 1181\nWashington, DC 20229"
        ),
        "foia_email": "",
        "foia_portal_url": DHS_PORTAL,
    },
    {
        "slug": "uscis",
        "name": "U.S. Citizenship and Immigration Services",
        "abbreviation": "USCIS",
        "foia_address": (
            "U.S. Citizenship and Immigration Services\nNational Records Center, FOIA/PA Office\n"
            "P.O. Box 648010\nLee's Summit, MO 64064-8010"
        ),
        "foia_email": "",  # USCIS stopped accepting requests by email on 2022-12-16
        "foia_portal_url": "https://first.uscis.gov/",
    },
    {
        "slug": "dhs-privacy",
        "name": "DHS Privacy Office (headquarters FOIA)",
        "abbreviation": "DHS PRIV",
        "foia_address": (
            "The Privacy Office\nU.S. Department of Homeland Security\n245 Murray Lane SW, Mail Stop 0655\n"
            "Washington, DC 20528-0655"
        ),
        "foia_email": "",
        "foia_portal_url": DHS_PORTAL,
    },
    {
        "slug": "oig",
        "name": "DHS Office of Inspector General",
        "abbreviation": "DHS OIG",
        "foia_address": "",
        "foia_email": "",
        "foia_portal_url": DHS_PORTAL,
    },
    {
        "slug": "crcl",
        "name": "DHS Office for Civil Rights and Civil Liberties",
        "abbreviation": "CRCL",
        "foia_address": "",
        "foia_email": "",
        "foia_portal_url": DHS_PORTAL,
    },
    {
        # Biometrics (the facial-recognition check-ins ISAP uses) and the IDENT/HART biometric repository.
        "slug": "obim",
        "name": "DHS Office of Biometric Identity Management",
        "abbreviation": "OBIM",
        "foia_address": "",
        "foia_email": "",
        "foia_portal_url": DHS_PORTAL,
    },
]

SEEDED_SLUGS = [c["slug"] for c in COMPONENTS] + [DEPARTMENT["slug"]]


COURTS = [
    {"slug": "dcd", "name": "U.S. District Court for the District of Columbia", "time_zone": "America/New_York"},
    {
        "slug": "cand",
        "name": "U.S. District Court for the Northern District of California",
        "time_zone": "America/Los_Angeles",
    },
    {
        "slug": "nysd",
        "name": "U.S. District Court for the Southern District of New York",
        "time_zone": "America/New_York",
    },
    {"slug": "mad", "name": "U.S. District Court for the District of Massachusetts", "time_zone": "America/New_York"},
    {
        "slug": "ilnd",
        "name": "U.S. District Court for the Northern District of Illinois",
        "time_zone": "America/Chicago",
    },
    {
        "slug": "wawd",
        "name": "U.S. District Court for the Western District of Washington",
        "time_zone": "America/Los_Angeles",
    },
]


def agencies_seed(*, agency_model) -> None:
    """Create or update DHS and its FOIA components (`agency_model`: a migration's model or the real one)."""
    dhs, _ = agency_model.objects.update_or_create(
        slug=DEPARTMENT["slug"], defaults={**DEPARTMENT, **DHS_APPEAL, "parent": None}
    )
    for component in COMPONENTS:
        agency_model.objects.update_or_create(
            slug=component["slug"], defaults={**component, **DHS_APPEAL, "parent": dhs}
        )


def agencies_unseed(*, agency_model) -> None:
    agency_model.objects.filter(slug__in=[c["slug"] for c in COMPONENTS]).delete()
    agency_model.objects.filter(slug=DEPARTMENT["slug"]).delete()


def courts_seed(*, court_model) -> None:
    """Create or update the seeded courts, keyed by their PACER / CourtListener ids."""
    for court in COURTS:
        court_model.objects.update_or_create(slug=court["slug"], defaults=court)


def courts_unseed(*, court_model) -> None:
    court_model.objects.filter(slug__in=[c["slug"] for c in COURTS]).delete()
