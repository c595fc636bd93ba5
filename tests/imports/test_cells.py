"""Dates, flags, agency names and statuses as spreadsheets write them."""

import datetime as dt

import pytest

from directory.models import Agency
from foia.choices import EventKind, FinalOutcome
from imports.agencies import AgencyMatcher
from imports.columns import REQUEST_COLUMNS, field_for_header
from imports.statuses import PlannedEvent, status_events
from imports.values import CellError, parse_date, parse_flag

NOV20 = dt.date(2026, 11, 20)


@pytest.mark.parametrize(
    "text",
    ["11/20/2026", "11/20/26", "Nov 20 2026", "Nov 20, 2026", "November 20th, 2026", "2026-11-20", "20-Nov-2026"],
)
def test_us_date_formats(text):
    assert parse_date(text) == NOV20


def test_xlsx_datetimes_and_empty_cells():
    assert parse_date(dt.datetime(2026, 11, 20, 0, 0)) == NOV20
    assert parse_date("11/20/2026 00:00:00") == NOV20
    assert parse_date(None) is None and parse_date("  ") is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "“2026-02-30” is not a real date"),
        ("02/30/2026", "“02/30/2026” is not a real date"),
        ("2026-13-01", "“2026-13-01” is not a real date"),
        ("next Tuesday", "not a date we can read: write it like 11/20/2026"),
        (46000, "is a number, not a date"),
    ],
)
def test_impossible_and_unreadable_dates(text, message):
    with pytest.raises(CellError, match=message):
        parse_date(text)


def test_flags():
    assert [parse_flag(v) for v in ("Yes", "y", "TRUE", "x", "No", "", None, False)] == [True] * 4 + [False] * 4
    with pytest.raises(CellError, match="“maybe” is not yes or no"):
        parse_flag("maybe")


def test_common_headers_are_recognised():
    assert [field_for_header(h) for h in REQUEST_COLUMNS] == [
        "external_id",
        "agency",
        "component",
        "tracking_number",
        "subject",
        "request_text",
        "submitted_on",
        "received_on",
        "status",
        "assigned_to",
        "fee_waiver_requested",
        "expedited_requested",
    ]
    assert field_for_header("Request #") == field_for_header("TRACKING NO.") == "tracking_number"
    assert field_for_header("Notes") == ""


@pytest.fixture
def matcher(db):
    from tests.foia.factories import ensure_agencies

    ensure_agencies()
    return AgencyMatcher(Agency.objects.all())


@pytest.mark.parametrize(
    "name",
    [
        "ICE",
        "ice",
        "Immigration & Customs Enforcement",
        "U.S. Immigration and Customs Enforcement",
        "DHS/ICE",
        "DHS - ICE",
        "ICE (DHS)",
    ],
)
def test_agency_names_match_the_directory(matcher, name):
    assert matcher.find(name).slug == "ice"


def test_component_column_names_the_component_of_the_agency(matcher):
    found, why, _ = matcher.resolve(agency="Department of Homeland Security", component="CBP")
    assert (found.slug, why) == ("cbp", "")
    found, why, _ = matcher.resolve(agency="CBP", component="ICE")
    assert found is None and why == "component “ICE” is not part of “CBP”"


def test_near_misses_get_suggestions_never_a_guess(matcher):
    found, why, suggestions = matcher.resolve(agency="Immigration Customs Enforcment", component="")
    assert found is None
    assert why == "“Immigration Customs Enforcment” is not in the directory"
    assert suggestions[0].slug == "ice"
    assert matcher.resolve(agency="Department of Nowhere", component="")[2] == []


S, R = dt.date(2026, 11, 2), dt.date(2026, 11, 3)


def test_statuses_become_the_events_that_lead_to_them():
    assert status_events("Draft", submitted=None, received=None, responded=None) == []
    assert status_events("Submitted", submitted=S, received=None, responded=None) == [
        PlannedEvent(EventKind.SUBMITTED, S)
    ]
    assert status_events("In process", submitted=S, received=R, responded=None) == [
        PlannedEvent(EventKind.SUBMITTED, S),
        PlannedEvent(EventKind.RECEIVED, R),
    ]
    done = dt.date(2026, 11, 25)
    assert status_events("Closed - Partial grant", submitted=S, received=R, responded=done) == [
        PlannedEvent(EventKind.SUBMITTED, S),
        PlannedEvent(EventKind.RECEIVED, R),
        PlannedEvent(EventKind.FINAL_RESPONSE, done, FinalOutcome.PARTIAL),
        PlannedEvent(EventKind.CLOSED, done),
    ]
    # an empty status is read from the dates
    assert len(status_events("", submitted=S, received=R, responded=None)) == 2


@pytest.mark.parametrize(
    ("status", "dates", "message"),
    [
        ("In process", {"submitted": S}, "needs the date received"),
        ("Submitted", {}, "needs the date submitted"),
        ("Denied", {"submitted": S, "received": R}, "needs the date of the response"),
        ("Determination issued", {"submitted": S, "received": R}, "says the agency responded but not how"),
        ("Appeal pending", {"submitted": S, "received": R}, "is not imported: appeals"),
        ("Lost in the mail", {"submitted": S}, "is not one we know"),
        ("Draft", {"submitted": S}, "is a draft, but the row gives a date submitted"),
        ("In process", {"submitted": R, "received": S}, "is before the date submitted"),
    ],
)
def test_statuses_needing_what_the_row_lacks_are_row_errors(status, dates, message):
    args = {"submitted": None, "received": None, "responded": None, **dates}
    with pytest.raises(CellError, match=message):
        status_events(status, **args)
