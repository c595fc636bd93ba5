"""Every rule in the catalogue against hand-checked vectors (each count was done by hand on a printed calendar)."""

import datetime as dt

import pytest

from deadlines.models import ClosureScope
from deadlines.rules import RULES, InvalidOptions, UnknownRule, deadline_compute, rule_get
from directory.models import Agency, CountUnit, Court
from tests.deadlines.factories import ClosureFactory

pytestmark = pytest.mark.django_db
D = dt.date

REQUIRED = {
    "foia-initial-response",
    "foia-unusual-circumstances",
    "foia-expedited-decision",
    "foia-appeal-filing",
    "foia-appeal-decision",
    "foia-complaint-answer",
    "us-answer",
    "ddc-opposition",
    "ddc-reply",
    "fee-motion",
    "notice-of-appeal-us",
}


def compute(rule, trigger, **kwargs):
    return deadline_compute(rule=rule, trigger=trigger, **kwargs)


def test_catalogue_has_every_required_rule_with_a_citation():
    assert set(RULES) >= REQUIRED
    for rule in RULES.values():
        assert rule.name and rule.citation and rule.trigger and rule.slug == rule_get(rule.slug).slug


def test_unknown_rule_names_the_problem():
    with pytest.raises(UnknownRule, match="Unknown rule 'foia-nope'; known rules: foia-initial-response"):
        rule_get("foia-nope")


def test_bad_service_and_unknown_options_are_refused():
    with pytest.raises(InvalidOptions, match="service must be one of electronic, mail"):
        compute("ddc-reply", D(2026, 1, 5), service="pigeon")
    with pytest.raises(InvalidOptions, match="option 'tolls' does not apply to rule 'ddc-reply'"):
        compute("ddc-reply", D(2026, 1, 5), options={"tolls": []})


# --- FOIA, working days ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "skipped"),
    [
        (D(2026, 11, 20), D(2026, 12, 21), ["2026-11-26 Thanksgiving Day"]),
        (D(2026, 7, 4), D(2026, 7, 31), []),  # received on a Saturday holiday: counting starts Monday
        (D(2026, 7, 3), D(2026, 7, 31), []),  # received on the observed holiday itself
        (D(2026, 6, 26), D(2026, 7, 27), ["2026-07-03 Independence Day (observed)"]),
        (
            D(2027, 6, 11),
            D(2027, 7, 13),
            ["2027-06-18 Juneteenth National Independence Day (observed)", "2027-07-05 Independence Day (observed)"],
        ),
        (
            D(2027, 12, 17),
            D(2028, 1, 19),
            [
                "2027-12-24 Christmas Day (observed)",
                "2027-12-31 New Year's Day (observed)",
                "2028-01-17 Martin Luther King Jr. Day",
            ],
        ),
    ],
)
def test_foia_initial_response(received, due, skipped):
    comp = compute("foia-initial-response", received)
    assert comp.due == due
    assert comp.citation == "5 U.S.C. § 552(a)(6)(A)(i)"
    expected = f"{received} received; +20 working days"
    expected += (" skipping " + ", ".join(skipped)) if skipped else ""
    assert comp.steps == [f"{expected} -> {due}"]


def test_issue_example_step_text():
    comp = compute("foia-initial-response", D(2026, 11, 20))
    assert comp.steps == ["2026-11-20 received; +20 working days skipping 2026-11-26 Thanksgiving Day -> 2026-12-21"]
    assert comp.as_dict()["due"] == "2026-12-21"


def test_executive_order_closures_move_foia_deadlines():
    # Appeal received Fri 2025-12-19: 12-24 and 12-26 (executive-order closures, seeded as data) and 12-25 skipped.
    comp = compute("foia-appeal-decision", D(2025, 12, 19), agency=Agency.objects.get(slug="ice"))
    assert comp.due == D(2026, 1, 23)
    assert "2025-12-24 Christmas Eve (executive-order closure)" in comp.steps[0]
    assert "2025-12-26 Day after Christmas (executive-order closure)" in comp.steps[0]


def test_without_the_executive_closures_the_same_appeal_is_due_two_working_days_earlier():
    from deadlines.models import Closure

    Closure.objects.filter(date__in=[D(2025, 12, 24), D(2025, 12, 26)]).delete()
    assert compute("foia-appeal-decision", D(2025, 12, 19)).due == D(2026, 1, 21)


def test_unusual_circumstances_standalone():
    comp = compute("foia-unusual-circumstances", D(2026, 12, 21))
    assert comp.due == D(2027, 1, 6)
    assert comp.citation == "5 U.S.C. § 552(a)(6)(B)(i)"
    assert compute("foia-unusual-circumstances", D(2026, 12, 21), options={"working_days": 3}).due == D(2026, 12, 24)
    with pytest.raises(InvalidOptions, match="1 to 10 working days"):
        compute("foia-unusual-circumstances", D(2026, 12, 21), options={"working_days": 11})


def test_expedited_decision_counts_calendar_days_without_rolling():
    assert compute("foia-expedited-decision", D(2026, 11, 20)).due == D(2026, 11, 30)
    comp = compute("foia-expedited-decision", D(2026, 7, 1))
    assert comp.due == D(2026, 7, 11)  # a Saturday: the statute has no weekend rule
    assert "Note: 2026-07-11 is not a working day (Saturday)" in comp.steps[-1]
    assert comp.citation == "5 U.S.C. § 552(a)(6)(E)(ii)(I)"


@pytest.mark.parametrize("slug", ["ice", "cbp", "uscis", "dhs-privacy", "oig", "crcl", "dhs"])
def test_appeal_filing_for_dhs_components_is_90_working_days(slug):
    comp = compute("foia-appeal-filing", D(2026, 11, 20), agency=Agency.objects.get(slug=slug))
    assert comp.due == D(2027, 4, 2)
    assert comp.citation == "6 C.F.R. § 5.8(a)(1)"
    assert "+90 working days" in comp.steps[0]


def test_appeal_filing_without_agency_uses_the_statutory_90_calendar_days():
    comp = compute("foia-appeal-filing", D(2026, 11, 20))
    assert comp.due == D(2027, 2, 18)
    assert comp.citation == "5 U.S.C. § 552(a)(6)(A)(i)(III)(aa)"


def test_appeal_filing_uses_an_agency_calendar_day_window():
    doj = Agency.objects.create(
        slug="doj-test",
        name="Test Department",
        abbreviation="TD",
        appeal_window_days=90,
        appeal_window_unit=CountUnit.CALENDAR_DAYS,
        appeal_window_citation="28 C.F.R. § 16.8(a)",
    )
    comp = compute("foia-appeal-filing", D(2026, 11, 20), agency=doj)
    assert comp.due == D(2027, 2, 18)
    assert comp.citation == "28 C.F.R. § 16.8(a)"


def test_appeal_decision():
    comp = compute("foia-appeal-decision", D(2026, 11, 20))
    assert comp.due == D(2026, 12, 21)
    assert comp.citation == "5 U.S.C. § 552(a)(6)(A)(ii)"


# --- FOIA options ---------------------------------------------------------------------------------------------------


def test_every_initial_response_option_together():
    comp = compute(
        "foia-initial-response",
        D(2026, 11, 20),
        options={
            "first_received_by_other_component": "2026-11-02",
            "tolls": [{"start": "2026-12-01", "end": "2026-12-10", "reason": "fee letter", "kind": "fees"}],
            "unusual_circumstances": {"noticed_on": "2026-12-15", "working_days": 10},
        },
    )
    # 11-02 + 10 working days (11-11 Veterans Day skipped) = 11-17, before receipt on 11-20: the clock starts 11-17.
    # 11-17 + 20 working days (Thanksgiving skipped) = 12-16. Toll 12-01..12-10 stops 8 working days with 12 left
    # (12-01..12-16); counting resumes after 12-10: 12 working days skipping Christmas = 12-29 (= 12-16 + 8).
    # Unusual circumstances noticed 12-15: 12-29 + 10 working days skipping New Year's Day = 2027-01-13.
    assert comp.due == D(2027, 1, 13)
    assert comp.window_start == D(2026, 11, 2)
    assert len(comp.steps) == 4
    assert "the clock starts then, before receipt on 2026-11-20" in comp.steps[0]
    assert comp.steps[1].startswith("2026-11-17 clock starts; +20 working days") and comp.steps[1].endswith(
        "2026-12-16"
    )
    assert "8 working days" in comp.steps[2] and "12 working days left" in comp.steps[2]
    assert comp.steps[2].endswith("-> 2026-12-29")
    assert comp.steps[3].endswith("-> 2027-01-13 (5 U.S.C. § 552(a)(6)(B)(i))")
    assert "clock stopped (fee letter; clarifying fees, (a)(6)(A)(ii)(II); 8 working days)" in comp.steps[2]
    for cite in ["(a)(6)(A)(i)", "(a)(6)(A)(ii)", "(a)(6)(A)(ii)(II)", "(a)(6)(B)(i)"]:
        assert f"5 U.S.C. § 552{cite}" in comp.citation


def test_other_component_receipt_after_ten_working_days_starts_the_clock_at_receipt():
    comp = compute(
        "foia-initial-response", D(2026, 11, 20), options={"first_received_by_other_component": "2026-11-16"}
    )
    assert comp.due == D(2026, 12, 21)
    assert "so the clock starts at receipt" in comp.steps[0]


def test_open_toll_pauses_the_deadline():
    comp = compute(
        "foia-initial-response",
        D(2026, 11, 20),
        options={"tolls": [{"start": "2026-12-01", "end": None, "reason": "awaiting information requested"}]},
    )
    assert comp.due is None and comp.paused
    assert comp.paused_since == D(2026, 12, 1)
    assert comp.days_remaining == 15  # 12-01..12-21 inclusive
    assert comp.as_dict()["paused"] is True and comp.as_dict()["due"] is None


def test_closed_toll_ending_after_the_old_due_date_resumes_with_the_days_left():
    comp = compute(
        "foia-initial-response",
        D(2026, 11, 20),
        options={"tolls": [{"start": "2026-12-17", "end": "2027-01-05", "reason": "fees"}]},
    )
    # Stopped on 12-17 with 12-17, 12-18, 12-21 left (3 working days); resumes after 01-05: 01-06, 07, 08.
    assert comp.due == D(2027, 1, 8)


def test_toll_after_the_period_ran_out_is_ignored_with_a_note():
    comp = compute(
        "foia-initial-response", D(2026, 11, 20), options={"tolls": [{"start": "2026-12-22", "end": "2026-12-30"}]}
    )
    assert comp.due == D(2026, 12, 21)
    assert comp.steps[-1].startswith("Note: toll from 2026-12-22 ignored")


def test_unusual_circumstances_while_paused_adds_to_the_days_left():
    comp = compute(
        "foia-initial-response",
        D(2026, 11, 20),
        options={
            "tolls": [{"start": "2026-12-01", "end": None}],
            "unusual_circumstances": {"noticed_on": "2026-12-02", "working_days": 5},
        },
    )
    assert comp.due is None and comp.days_remaining == 20


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"tolls": [{"start": "2026-13-01", "end": None}]}, r"tolls\[0\].start: '2026-13-01' is not a date"),
        ({"tolls": [{"start": "2026-12-05", "end": "2026-12-01"}]}, "end 2026-12-01 is before start 2026-12-05"),
        ({"tolls": [{"start": "2026-11-10", "end": "2026-11-30"}]}, "before the clock started on 2026-11-20"),
        (
            {"tolls": [{"start": "2026-12-01", "end": "2026-12-08"}, {"start": "2026-12-08", "end": None}]},
            "overlaps",
        ),
        ({"tolls": [{"start": "2026-12-01", "end": None}, {"start": "2026-12-08", "end": None}]}, "overlaps"),
        ({"tolls": "2026-12-01"}, "tolls must be a list"),
        ({"unusual_circumstances": {"noticed_on": "2026-12-01", "working_days": 11}}, "1 to 10 working days"),
        ({"unusual_circumstances": {"noticed_on": "2026-12-01", "working_days": 0}}, "1 to 10 working days"),
        ({"unusual_circumstances": {"working_days": 5}}, "must be an object with noticed_on"),
        ({"first_received_by_other_component": "yesterday"}, "is not a date"),
        ({"tolls": [{"start": "2026-12-01", "end": "9999-12-31"}]}, r"tolls\[0\].end: 9999-12-31 is out of range"),
        ({"first_received_by_other_component": "0001-01-01"}, "0001-01-01 is out of range; dates must be in the years"),
        ({"unusual_circumstances": {"noticed_on": "2101-01-01"}}, "noticed_on: 2101-01-01 is out of range"),
        ({"tolls": [{"start": "2026-12-01", "end": None, "kind": "other"}]}, "'other' is not a toll kind"),
        ({"tolls": [{"start": "2026-12-01", "end": None, "kind": ["fees"]}]}, "is not a toll kind"),
    ],
)
def test_malformed_options_name_the_problem(options, message):
    with pytest.raises(InvalidOptions, match=message):
        compute("foia-initial-response", D(2026, 11, 20), options=options)


def test_appeal_decision_takes_unusual_circumstances():
    comp = compute(
        "foia-appeal-decision",
        D(2026, 11, 20),
        options={"unusual_circumstances": {"noticed_on": "2026-12-10", "working_days": 10}},
    )
    assert comp.due == D(2027, 1, 6)


# --- court rules, FRCP 6 --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "trigger", "service", "due"),
    [
        ("foia-complaint-answer", D(2026, 11, 20), "electronic", D(2026, 12, 21)),  # +30 = Sunday 12-20
        ("foia-complaint-answer", D(2026, 11, 20), "mail", D(2026, 12, 21)),  # Rule 4 service: no 6(d)
        ("us-answer", D(2026, 11, 20), "electronic", D(2027, 1, 19)),
        ("us-answer", D(2026, 11, 19), "electronic", D(2027, 1, 19)),  # +60 = MLK Day 2027-01-18
        ("ddc-opposition", D(2026, 6, 19), "electronic", D(2026, 7, 6)),  # ends on 07-03 observed holiday
        ("ddc-opposition", D(2026, 6, 19), "mail", D(2026, 7, 9)),  # 6(d) after the roll, not 17 straight
        ("ddc-reply", D(2026, 10, 3), "electronic", D(2026, 10, 13)),  # Sat trigger; ends Sat; Columbus Day
        ("ddc-reply", D(2026, 10, 3), "mail", D(2026, 10, 16)),
        ("fee-motion", D(2026, 12, 11), "electronic", D(2026, 12, 28)),  # +14 = Christmas Day
        ("fee-motion", D(2026, 12, 11), "mail", D(2026, 12, 28)),  # runs from entry: no 6(d)
        ("notice-of-appeal-us", D(2026, 11, 3), "electronic", D(2027, 1, 4)),  # +60 = Saturday 2027-01-02
    ],
)
def test_court_rules(rule, trigger, service, due):
    comp = compute(rule, trigger, service=service, court=Court.objects.get(slug="dcd"))
    assert comp.due == due
    assert comp.citation.startswith(RULES[rule].citation)


def test_court_citations_and_steps():
    comp = compute("ddc-opposition", D(2026, 6, 19), service="mail", court=Court.objects.get(slug="dcd"))
    assert comp.citation == "D.D.C. LCvR 7(b); FRCP 6(a); FRCP 6(d)"
    assert comp.steps == [
        "2026-06-19 motion served; +14 days, counting every day (FRCP 6(a)(1)(A)-(B)) -> 2026-07-03",
        "2026-07-03 is not a court day (2026-07-03 Independence Day (observed); 2026-07-04 Saturday;"
        " 2026-07-05 Sunday); the period runs to 2026-07-06 (FRCP 6(a)(1)(C))",
        "served by mail: +3 days after the period would otherwise expire (FRCP 6(d)) -> 2026-07-09",
    ]
    appeal = compute("notice-of-appeal-us", D(2026, 11, 3), service="mail")
    assert "FRAP 26(a)(1)(C)" in appeal.steps[1]
    assert "Service by mail adds nothing: the period runs from entry of judgment" in appeal.steps[2]


def test_a_court_closure_moves_a_court_deadline():
    dcd = Court.objects.get(slug="dcd")
    ClosureFactory(date=D(2026, 12, 21), scope=ClosureScope.COURT, court=dcd, reason="D.D.C. closed: snow")
    comp = compute("foia-complaint-answer", D(2026, 11, 20), court=dcd)
    assert comp.due == D(2026, 12, 22)
    assert "2026-12-21 D.D.C. closed: snow" in comp.steps[1]


def test_executive_closures_do_not_extend_court_deadlines_unless_the_court_closed():
    dcd = Court.objects.get(slug="dcd")
    assert compute("ddc-reply", D(2025, 12, 17), court=dcd).due == D(2025, 12, 24)
    ClosureFactory(date=D(2025, 12, 24), scope=ClosureScope.COURT, court=dcd, reason="D.D.C. closed")
    assert compute("ddc-reply", D(2025, 12, 17), court=dcd).due == D(2025, 12, 26)


# --- the rule's forum chooses the calendar -------------------------------------------------------------------------


def test_court_rules_without_a_court_ignore_executive_order_closures():
    # Judgment entered Wed 2025-12-10; +14 = Wed 2025-12-24: the executive-order closure gave agencies that day off,
    # not the courts.
    comp = compute("fee-motion", D(2025, 12, 10))
    assert comp.due == D(2025, 12, 24)
    assert comp.steps[-1].startswith("No court given: federal holidays and federal closures only")
    assert "never executive-order closures of agencies" in comp.steps[-1]
    # Opposition served by mail Thu 2020-12-17: +7 = Thu 12-24 (a court day); +3 = Sun 12-27 -> Mon 12-28.
    assert compute("ddc-reply", D(2020, 12, 17), service="mail").due == D(2020, 12, 28)
    assert compute("ddc-reply", D(2020, 12, 17), service="mail", court=Court.objects.get(slug="dcd")).due == D(
        2020, 12, 28
    )


def test_agency_rules_without_an_agency_count_executive_order_closures():
    comp = compute("foia-appeal-decision", D(2025, 12, 19))
    assert comp.due == D(2026, 1, 23)  # as for ICE: 12-24 and 12-26 skipped
    assert "2025-12-24 Christmas Eve (executive-order closure)" in comp.steps[0]


def test_dc_holidays_in_ddc_rules_with_steps_and_citations():
    dcd = Court.objects.get(slug="dcd")
    comp = compute("ddc-opposition", D(2026, 4, 2), court=dcd)
    assert comp.due == D(2026, 4, 17)
    assert comp.steps[1] == (
        "2026-04-16 is not a court day (2026-04-16 D.C. Emancipation Day (D.C. legal holiday)); the period runs to"
        " 2026-04-17 (FRCP 6(a)(1)(C); D.C. legal holidays: FRCP 6(a)(6)(C), 81(d)(2))"
    )
    assert comp.citation == "D.D.C. LCvR 7(b); FRCP 6(a); FRCP 6(a)(6)(C), 81(d)(2)"
    # Notice of appeal: +60 from 2026-02-15 = Thu 2026-04-16 -> Fri 04-17, under the identical FRAP 26(a)(6)(C).
    appeal = compute("notice-of-appeal-us", D(2026, 2, 15), court=dcd)
    assert appeal.due == D(2026, 4, 17)
    assert "FRAP 26(a)(6)(C), FRAP 1(b)" in appeal.steps[1] and "FRAP 26(a)(6)(C), FRAP 1(b)" in appeal.citation
    # Without the court the rule cannot know the District's holidays: the step says so.
    assert compute("ddc-opposition", D(2026, 4, 2)).due == D(2026, 4, 16)


def test_dc_holidays_never_move_foia_working_days():
    ice = Agency.objects.get(slug="ice")
    # Received Wed 2026-04-01: +20 working days counts Thu 04-16 as a working day -> 2026-04-29.
    comp = compute("foia-initial-response", D(2026, 4, 1), agency=ice)
    assert comp.due == D(2026, 4, 29)
    assert "Emancipation" not in " ".join(comp.steps)


# --- tolls: one information toll, as many fee tolls as needed (5 U.S.C. 552(a)(6)(A)(ii)(I)-(II)) -----------------

RECEIVED = D(2026, 11, 20)  # due 2026-12-21 untolled


def _toll(start, end, kind=None, reason="r"):
    toll = {"start": start, "end": end, "reason": reason}
    if kind is not None:
        toll["kind"] = kind
    return toll


@pytest.mark.parametrize(("first", "second"), [("information", "information"), (None, None), (None, "information")])
def test_a_second_information_toll_is_refused(first, second):
    options = {"tolls": [_toll("2026-11-23", "2026-11-30", first), _toll("2026-12-07", "2026-12-14", second)]}
    with pytest.raises(InvalidOptions) as error:
        compute("foia-initial-response", RECEIVED, options=options)
    message = str(error.value)
    assert "may toll only once while awaiting information it asked for (5 U.S.C. § 552(a)(6)(A)(ii)(I))" in message
    assert "the toll from 2026-12-07 would be a second one after the toll from 2026-11-23" in message


def test_fee_tolls_may_repeat_and_follow_an_information_toll():
    # Stopped 11-23..11-30 (information; 11-23, 11-24, 11-25, 11-27, 11-30: 5 working days), then 12-07..12-14
    # (fees; 12-07..12-11, 12-14: 6), then 12-16..12-17 (fees; 2): 13 working days in all, 12-21 + 13 = 2027-01-11
    # (Christmas Day and New Year's Day skipped).
    options = {
        "tolls": [
            _toll("2026-11-23", "2026-11-30", "information", reason="asked for the requester's address"),
            _toll("2026-12-07", "2026-12-14", "fees", reason="fee estimate"),
            _toll("2026-12-16", "2026-12-17", "fees", reason="fee waiver question"),
        ]
    }
    comp = compute("foia-initial-response", RECEIVED, options=options)
    assert comp.due == D(2027, 1, 11)
    assert (
        "clock stopped (asked for the requester's address; awaiting information the agency asked for,"
        in (comp.steps[1])
    )
    assert "(a)(6)(A)(ii)(I); 5 working days)" in comp.steps[1]
    assert "clock stopped (fee estimate; clarifying fees, (a)(6)(A)(ii)(II); 6 working days)" in comp.steps[2]
    assert "5 U.S.C. § 552(a)(6)(A)(ii)(I); 5 U.S.C. § 552(a)(6)(A)(ii)(II)" in comp.citation


def test_a_toll_without_a_kind_is_an_information_toll():
    comp = compute("foia-initial-response", RECEIVED, options={"tolls": [_toll("2026-12-01", None, reason="")]})
    assert comp.steps[-2] == (
        "2026-12-01 clock stopped (awaiting information the agency asked for, (a)(6)(A)(ii)(I)); 15 working days left;"
        " no due date until the requester answers"
    )
    assert comp.citation.endswith("5 U.S.C. § 552(a)(6)(A)(ii)(I)")


@pytest.mark.parametrize("trigger", [D(1899, 12, 31), D(2101, 1, 1), D(9999, 12, 20), D(1, 1, 1)])
def test_a_trigger_outside_1900_2100_is_refused_for_every_rule(trigger):
    for rule in RULES:
        with pytest.raises(InvalidOptions, match=f"trigger: {trigger} is out of range"):
            compute(rule, trigger)


def _needed(rule) -> dict:
    """The options a rule cannot do without (a court order's period), with a value."""
    return {"options": {"days": 30}} if RULES[rule].required_options else {}


def test_the_first_trigger_computes_for_every_rule():
    for rule in RULES:
        assert compute(rule, D(1900, 1, 1), **_needed(rule)).due > D(1900, 1, 1)


def test_the_last_trigger_is_accepted_but_every_deadline_from_it_falls_after_the_holiday_data():
    for rule in RULES:
        with pytest.raises(InvalidOptions, match="outside the holiday calendar"):
            compute(rule, D(2100, 12, 31), **_needed(rule))


# --- the edge of the holiday data (the `holidays` library covers 1777-2100) ----------------------------------------


def test_counts_up_to_the_last_covered_day_skip_its_holidays():
    # 2100-12-01 (Wed) + 20 working days, skipping Christmas observed Friday 2100-12-24 (Dec 25 is a Saturday).
    comp = compute("foia-initial-response", D(2100, 12, 1))
    assert comp.due == D(2100, 12, 30)
    assert "2100-12-24 Christmas Day (observed)" in " ".join(comp.steps)
    # 2100-10-31 + 60 days (FRCP 12(a)(2)) is Thursday 2100-12-30, a working day.
    assert compute("us-answer", D(2100, 10, 31)).due == D(2100, 12, 30)


@pytest.mark.parametrize(
    ("rule", "trigger", "reaches"),
    [
        # 19 working days reach Thursday 2100-12-30; New Year's Day 2101 (Saturday) is observed Friday 2100-12-31,
        # so the 20th would be Monday 2101-01-03: the count stops at the first day the holiday data does not know.
        ("foia-initial-response", D(2100, 12, 2), "2101-01-01"),
        # The QA report's case: without the check it gave 2101-01-28, not skipping MLK Day 2101-01-17.
        ("foia-initial-response", D(2100, 12, 31), "2101-01-01"),
        # 2100-11-01 + 60 days is 2100-12-31 (observed New Year's Day): rolling forward leaves the covered years.
        ("us-answer", D(2100, 11, 1), "2101-01-01"),
        ("foia-expedited-decision", D(2100, 12, 30), "2101-01-09"),
    ],
)
def test_a_computation_leaving_the_holiday_data_is_refused(rule, trigger, reaches):
    with pytest.raises(InvalidOptions, match=f"reaches {reaches}, outside the holiday calendar"):
        compute(rule, trigger)


# --- the seeded courts' motion rules and court-ordered periods ----------------------------------------------------


def _court(slug):
    from directory.models import Court

    return Court.objects.get(slug=slug)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rule", "slug", "trigger", "service", "due", "steps_say"),
    [
        # N.D. Cal. 7-3(a): Mon 2026-12-07 filed + 14 = Mon 12-21. By mail: nothing added (runs from filing).
        ("ndcal-opposition", "cand", D(2026, 12, 7), "mail", D(2026, 12, 21), "runs from the filing of the motion"),
        # N.D. Cal. 7-3(c): opposition due Mon 12-21 + 7 = Mon 12-28.
        ("ndcal-reply", "cand", D(2026, 12, 21), "electronic", D(2026, 12, 28), "opposition due"),
        # N.D. Cal. 7-3(c): due Fri 2026-12-18 + 7 = Fri 12-25 (Christmas) -> Sat, Sun -> Mon 12-28.
        ("ndcal-reply", "cand", D(2026, 12, 18), "electronic", D(2026, 12, 28), "Christmas Day"),
        # S.D.N.Y. 6.1(b)(2): opposition served Wed 2026-12-09 + 7 = Wed 12-16; by mail +3 = Sat 12-19 -> Mon 12-21.
        ("sdny-reply", "nysd", D(2026, 12, 9), "mail", D(2026, 12, 21), "served by mail"),
        # D. Mass. 7.1(b)(2): served Mon 2026-04-06 + 14 = Mon 04-20, Patriots' Day -> Tue 04-21.
        ("dmass-opposition", "mad", D(2026, 4, 6), "electronic", D(2026, 4, 21), "Patriots' Day"),
        # W.D. Wash. LCR 7(d)(3): filed Tue 2026-12-01 + 15 = Wed 12-16; reply by the noting date + 21 = Tue 12-22.
        ("wdwa-opposition", "wawd", D(2026, 12, 1), "electronic", D(2026, 12, 16), "motion filed"),
        ("wdwa-reply", "wawd", D(2026, 12, 1), "mail", D(2026, 12, 22), "runs from the filing of the motion"),
    ],
)
def test_court_motion_rules_hand_checked(rule, slug, trigger, service, due, steps_say):
    comp = compute(rule, trigger, service=service, court=_court(slug))
    assert comp.due == due
    assert any(steps_say in step for step in comp.steps), comp.steps
    assert comp.citation.startswith(RULES[rule].citation)


@pytest.mark.django_db
def test_a_court_ordered_period_counts_like_frcp_6a():
    # Every 60 days from Tue 2026-12-01: + 60 = Sat 2027-01-30 -> Sun -> Mon 2027-02-01 (FRCP 6(a)(1)(C)).
    comp = compute("court-order-period", D(2026, 12, 1), options={"days": 60}, court=_court("cand"))
    assert comp.due == D(2027, 2, 1)
    assert comp.steps[0] == "2026-12-01 period starts; +60 days, counting every day (FRCP 6(a)(1)(A)-(B)) -> 2027-01-30"
    assert comp.citation == "Court order; FRCP 6(a)(1)"
    for bad in (None, 0, -3, True, "60", 3661):
        with pytest.raises(InvalidOptions, match="days: .* is not a period"):
            compute("court-order-period", D(2026, 12, 1), options={"days": bad} if bad is not None else {})
