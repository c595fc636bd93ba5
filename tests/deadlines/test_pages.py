"""Deadline pages and API: access rules, filters, the calculator, and query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from coalition.models import Role, Sharing
from deadlines import services
from deadlines.models import Deadline, DeadlineStatus
from directory.models import Agency
from tests.deadlines.factories import subject_for
from tests.factories import CoalitionFactory, OrganizationFactory, editor, member, site_staff
from tests.foia.factories import FoiaRequestFactory

pytestmark = pytest.mark.django_db
D = dt.date
RECEIVED = D(2026, 11, 20)


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 1, 15, tzinfo=dt.UTC))


@pytest.fixture
def world(frozen):
    coalition = CoalitionFactory()
    ours, partner, outsider = OrganizationFactory(), OrganizationFactory(), OrganizationFactory()
    ours.coalitions.add(coalition)
    partner.coalitions.add(coalition)
    return ours, partner, outsider


def make(org, key="initial-response", sharing=Sharing.ORGANIZATION, privileged=False, trigger=RECEIVED, **kw):
    subject = subject_for(org, sharing)
    kw.setdefault("rule", "foia-initial-response")
    return services.deadline_sync(
        actor=editor(subject),
        subject=subject,
        key=key,
        title=f"{key} of {org}",
        trigger=trigger,
        privileged=privileged,
        **kw,
    )


def login(client, user):
    client.force_login(user)
    return client


# --- access ---------------------------------------------------------------------------------------------------------


def test_list_shows_own_and_shared_non_privileged_partner_deadlines_only(client, world):
    ours, partner, outsider = world
    own_private = make(ours, privileged=True)
    partner_shared = make(partner, key="shared", sharing=Sharing.COALITION)
    partner_privileged = make(partner, key="strategy", sharing=Sharing.COALITION, privileged=True)
    partner_private = make(partner, key="private")
    outsider_shared = make(outsider, key="outsider", sharing=Sharing.COALITION)
    login(client, member(ours, Role.STAFF))
    page = client.get(reverse("deadlines:list"))
    ids = {d.pk for d in page.context["page"]}
    assert ids == {own_private.pk, partner_shared.pk}
    api = client.get("/api/v1/deadlines/").json()
    assert {d["id"] for d in api["results"]} == {own_private.pk, partner_shared.pk}
    for hidden in (partner_privileged, partner_private, outsider_shared):
        assert client.get(reverse("deadlines:detail", args=[hidden.pk])).status_code == 404
        assert client.get(f"/api/v1/deadlines/{hidden.pk}/").status_code == 404


def test_privileged_deadline_is_visible_to_its_own_organisation(client, world):
    ours, partner, _ = world
    privileged = make(ours, sharing=Sharing.COALITION, privileged=True)
    login(client, member(ours, Role.VIEWER))
    assert client.get(reverse("deadlines:detail", args=[privileged.pk])).status_code == 200
    client.logout()
    login(client, member(partner, Role.ADMIN))
    assert client.get(reverse("deadlines:detail", args=[privileged.pk])).status_code == 404
    assert client.get(f"/api/v1/deadlines/{privileged.pk}/").status_code == 404
    assert client.get("/api/v1/deadlines/").json()["results"] == []


def test_detail_shows_steps_citation_and_history(client, world):
    ours, _, _ = world
    deadline = make(ours, agency=Agency.objects.get(slug="ice"))
    services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="Snow emergency")
    login(client, member(ours, Role.STAFF))
    html = client.get(reverse("deadlines:detail", args=[deadline.pk])).content.decode()
    assert "2026-12-22" in html
    # the closure's date links to the closures page; the holiday's does not
    closure_link = '<a href="/deadlines/closures/#closure-2026-12-18" title="A closure: see the closures page">'
    assert f"skipping 2026-11-26 Thanksgiving Day, {closure_link}2026-12-18</a> Snow emergency" in html
    assert "5 U.S.C. § 552(a)(6)(A)(i)" in html
    assert "closure added: 2026-12-18: Snow emergency" in html and "computed: foia-initial-response" in html


def test_viewers_and_partners_cannot_change_a_deadline(client, world):
    ours, partner, _ = world
    deadline = make(ours, sharing=Sharing.COALITION)
    url = reverse("deadlines:status", args=[deadline.pk])
    login(client, member(ours, Role.VIEWER))
    assert client.post(url, {"status": "met"}).status_code == 403
    assert "Save status" not in client.get(reverse("deadlines:detail", args=[deadline.pk])).content.decode()
    client.logout()
    login(client, member(partner, Role.ADMIN))
    assert client.post(url, {"status": "met"}).status_code == 403
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN
    client.logout()
    login(client, member(OrganizationFactory(), Role.ADMIN))
    assert client.post(url, {"status": "met"}).status_code == 404


def test_reopening_on_the_page_recomputes_or_says_why_it_cannot(client, world):
    ours, _, _ = world
    deadline = make(ours)
    services.deadline_set_status(actor=editor(deadline), deadline=deadline, status=DeadlineStatus.MET)
    services.closure_add(user=site_staff(), date=D(2026, 12, 18), reason="Snow emergency")
    login(client, member(ours, Role.STAFF))
    url = reverse("deadlines:status", args=[deadline.pk])
    assert client.post(url, {"status": "open"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN and deadline.due_date == D(2026, 12, 22)
    services.deadline_set_status(actor=editor(deadline), deadline=deadline, status=DeadlineStatus.MET)
    Deadline.objects.filter(pk=deadline.pk).update(options={"tolls": "bad"})  # stored before a rule changed
    client.raise_request_exception = False
    page = client.post(url, {"status": "open"}, follow=True)
    assert page.status_code == 200 and "Not reopened: the deadline cannot be recomputed: tolls must be a list" in (
        page.content.decode()
    )
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET


def test_staff_close_and_assign(client, world):
    ours, _, _ = world
    deadline = make(ours)
    colleague = member(ours, Role.ATTORNEY)
    login(client, member(ours, Role.STAFF))
    assert (
        client.post(reverse("deadlines:assign", args=[deadline.pk]), {"responsible": colleague.pk}).status_code == 302
    )
    url = reverse("deadlines:status", args=[deadline.pk])
    client.post(url, {"status": "met"})  # a close by hand says why
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN
    assert client.post(url, {"status": "met", "reason": "Filed via ECF"}).status_code == 302
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET and deadline.responsible == colleague
    assert deadline.closed_manually and deadline.closed_reason == "Filed via ECF"
    outsider = member(OrganizationFactory())
    client.post(reverse("deadlines:assign", args=[deadline.pk]), {"responsible": outsider.pk})
    deadline.refresh_from_db()
    assert deadline.responsible == colleague


def test_anonymous_users_are_sent_to_login(client):
    assert client.get(reverse("deadlines:list")).status_code == 302
    # 401 with a `WWW-Authenticate: Token` challenge (token authentication comes first in REST_FRAMEWORK).
    assert client.get("/api/v1/deadlines/").status_code == 401
    assert client.get("/api/v1/deadlines/calculate?rule=ddc-reply&trigger=2026-01-05").status_code == 401


# --- filters and sorting --------------------------------------------------------------------------------------------


def test_filters_on_page_and_api(client, world):
    ours, partner, _ = world
    user = member(ours, Role.STAFF)
    soon = make(ours, key="soon", trigger=D(2026, 11, 20))  # due 2026-12-21
    later = make(ours, key="later", trigger=D(2027, 1, 4), responsible=user)  # due 2027-02-02
    overdue = make(ours, key="overdue", trigger=D(2026, 10, 1))  # due 2026-10-29, before "today" 2026-12-01
    answer = make(ours, key="answer", rule="foia-complaint-answer", trigger=D(2026, 11, 20))
    shared = make(partner, key="shared", sharing=Sharing.COALITION)
    met = make(ours, key="met")
    services.deadline_set_status(actor=editor(met), deadline=met, status=DeadlineStatus.MET)
    login(client, user)

    def ids(**params):
        page = {d.pk for d in client.get(reverse("deadlines:list"), params).context["page"]}
        api = {d["id"] for d in client.get("/api/v1/deadlines/", params).json()["results"]}
        assert page == api
        return page

    assert ids() == {soon.pk, later.pk, overdue.pk, answer.pk, shared.pk}
    assert ids(overdue="true") == {overdue.pk}
    assert ids(due_within=30) == {soon.pk, answer.pk, shared.pk}
    assert ids(responsible=user.pk) == {later.pk}
    assert ids(rule="foia-complaint-answer") == {answer.pk}
    assert ids(kind="manual") == set()
    assert ids(organization=partner.pk) == {shared.pk}
    assert ids(status="met") == {met.pk}
    assert met.pk in ids(status="")
    ordered = [d["id"] for d in client.get("/api/v1/deadlines/", {"ordering": "-due_date"}).json()["results"]]
    assert ordered[0] == later.pk and ordered[-1] == overdue.pk
    html = client.get(reverse("deadlines:list")).content.decode()
    assert "overdue" in html


def test_api_shows_rule_citation_steps_and_trigger(client, world):
    ours, _, _ = world
    deadline = make(ours, agency=Agency.objects.get(slug="ice"))
    login(client, member(ours))
    data = client.get(f"/api/v1/deadlines/{deadline.pk}/").json()
    assert data["rule"] == "foia-initial-response" and data["rule_name"] == "FOIA determination on a request"
    assert data["citation"] == "5 U.S.C. § 552(a)(6)(A)(i)"
    assert data["trigger"] == "2026-11-20" and data["due"] == "2026-12-21"
    assert data["steps"] == ["2026-11-20 received; +20 working days skipping 2026-11-26 Thanksgiving Day -> 2026-12-21"]
    assert data["agency"] == "ice" and data["overdue"] is False and data["paused"] is False


def test_list_query_count_does_not_grow_with_rows(client, world, django_assert_max_num_queries):
    ours, partner, _ = world
    user = member(ours)
    login(client, user)
    for i in range(3):
        make(ours, key=f"a{i}", responsible=user)
    client.get(reverse("deadlines:list"))  # warm the session
    with django_assert_max_num_queries(25) as few:
        client.get(reverse("deadlines:list"))
        client.get("/api/v1/deadlines/")
    for i in range(30):
        make(ours, key=f"b{i}", responsible=user, agency=Agency.objects.get(slug="ice"))
        make(partner, key=f"c{i}", sharing=Sharing.COALITION)
    with django_assert_max_num_queries(25) as many:
        client.get(reverse("deadlines:list"))
        client.get("/api/v1/deadlines/")
    assert len(many.captured_queries) == len(few.captured_queries)


def _request_deadline(org, key, sharing=Sharing.ORGANIZATION, **kw):
    request = FoiaRequestFactory(organization=org, sharing=sharing, subject=f"ISAP & <i>{key}</i> records")
    deadline = services.deadline_sync(
        actor=editor(request),
        subject=request,
        key=key,
        title=f"{key} due",
        rule="foia-initial-response",
        trigger=RECEIVED,
        **kw,
    )
    return request, deadline


def test_detail_and_list_link_the_subject_when_the_user_may_see_it(client, world):
    from django.utils.html import escape

    ours, partner, _ = world
    request, deadline = _request_deadline(ours, "mine")
    login(client, member(ours, Role.VIEWER))
    link = f'<a href="{request.get_absolute_url()}">{escape(request.subject)}</a>'
    detail = client.get(reverse("deadlines:detail", args=[deadline.pk])).text
    assert f'<p class="lede">For {link}</p>' in detail
    history = f"/history/deadlines/deadline/{deadline.pk}/"
    assert f'href="{history}"' in detail
    assert client.get(history).status_code == 200
    assert link in client.get(reverse("deadlines:list")).text

    # A partner sees a shared deadline whose request is no longer shared: its name, but no link to a 404.
    shared_request, shared = _request_deadline(ours, "shared", sharing=Sharing.COALITION)
    FoiaRequestFactory._meta.model.objects.filter(pk=shared_request.pk).update(sharing=Sharing.ORGANIZATION)
    client.force_login(member(partner, Role.STAFF))
    detail = client.get(reverse("deadlines:detail", args=[shared.pk])).text
    assert escape(shared_request.subject) in detail and shared_request.get_absolute_url() not in detail
    listing = client.get(reverse("deadlines:list")).text
    assert escape(shared_request.subject) in listing and shared_request.get_absolute_url() not in listing


def test_list_with_linked_requests_keeps_a_constant_query_count(client, world, django_assert_max_num_queries):
    ours, partner, _ = world
    login(client, member(ours))
    for i in range(2):
        _request_deadline(ours, f"a{i}")
    client.get(reverse("deadlines:list"))  # warm the session
    with django_assert_max_num_queries(25) as few:
        assert client.get(reverse("deadlines:list")).text.count('<small class="muted"><a href="/requests/') == 2
    for i in range(20):
        _request_deadline(ours, f"b{i}")
        _request_deadline(partner, f"c{i}", sharing=Sharing.COALITION)
    with django_assert_max_num_queries(25) as many:
        assert client.get(reverse("deadlines:list")).text.count('<small class="muted"><a href="/requests/') == 42
    assert len(many.captured_queries) == len(few.captured_queries)


# --- the calculator -------------------------------------------------------------------------------------------------


def test_calculate_api(client, world):
    login(client, member(world[0]))
    data = client.get(
        "/api/v1/deadlines/calculate", {"rule": "foia-appeal-filing", "trigger": "2026-11-20", "agency": "ice"}
    ).json()
    assert data["due"] == "2027-04-02" and data["citation"] == "6 C.F.R. § 5.8(a)(1)"
    assert set(data) >= {"rule", "trigger", "due", "citation", "steps"}
    mail = client.get(
        "/api/v1/deadlines/calculate/",
        {"rule": "ddc-opposition", "trigger": "2026-06-19", "service": "mail", "court": "dcd"},
    ).json()
    assert mail["due"] == "2026-07-09"
    tolled = client.get(
        "/api/v1/deadlines/calculate",
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "options": '{"tolls": [{"start": "2026-12-01", "end": null, "reason": "fees"}]}',
        },
    ).json()
    assert tolled["paused"] is True and tolled["due"] is None and tolled["days_remaining"] == 15


_CALCULATION_ROWS = [
    ({"rule": "nope", "trigger": "2026-11-20"}, "Unknown rule 'nope'"),
    # the holiday data ends in 2100: a deadline in 2101 (it gave 2101-01-28, missing MLK Day) is refused
    (
        {"rule": "foia-initial-response", "trigger": "2100-12-31"},
        "the computation reaches 2101-01-01, outside the holiday calendar (1777-01-01 to 2100-12-31)",
    ),
    ({"rule": "ddc-reply", "trigger": "2026-02-30"}, "Malformed trigger date '2026-02-30'"),
    ({"rule": "ddc-reply", "trigger": "11/20/2026"}, "Malformed trigger date '11/20/2026'"),
    ({"rule": "foia-appeal-filing", "trigger": "2026-11-20", "agency": "fbi"}, "Unknown agency 'fbi'"),
    ({"rule": "ddc-reply", "trigger": "2026-11-20", "service": "fax"}, "Unknown service 'fax'"),
    ({"rule": "ddc-reply", "trigger": "2026-11-20", "court": "zzz"}, "Unknown court 'zzz'"),
    ({"rule": "ddc-reply"}, "This field is required"),
    ({"rule": "foia-initial-response", "trigger": "2026-11-20", "options": "{"}, "Malformed options"),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "options": '{"unusual_circumstances": {"noticed_on": "2026-12-01", "working_days": 15}}',
        },
        "1 to 10 working days",
    ),
    # Out of range: the trigger is bounded to 1900-2100 by the form, dates inside the options by the rules.
    ({"rule": "us-answer", "trigger": "9999-12-20"}, "Trigger date 9999-12-20 is out of range"),
    ({"rule": "foia-initial-response", "trigger": "9999-12-20"}, "use a date in the years 1900-2100"),
    ({"rule": "foia-expedited-decision", "trigger": "9999-12-30"}, "Trigger date 9999-12-30 is out of range"),
    ({"rule": "foia-initial-response", "trigger": "0001-01-01"}, "Trigger date 0001-01-01 is out of range"),
    ({"rule": "notice-of-appeal-us", "trigger": "2101-01-01"}, "Trigger date 2101-01-01 is out of range"),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "options": '{"tolls": [{"start": "2026-12-01", "end": "9999-12-31"}]}',
        },
        "tolls[0].end: 9999-12-31 is out of range",
    ),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "options": '{"unusual_circumstances": {"noticed_on": "9999-12-31", "working_days": 10}}',
        },
        "noticed_on: 9999-12-31 is out of range",
    ),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "options": '{"tolls": [{"start": "2026-11-23", "end": "2026-11-24"}, {"start": "2026-12-01"}]}',
        },
        "may toll only once while awaiting information",
    ),
    ({"rule": "foia-initial-response", "trigger": "2026-11-20", "options": "[" * 100_000}, "Malformed options"),
    ({"rule": "foia-initial-response", "trigger": "2026-11-20", "options": "[1]"}, "expected a JSON object"),
    ({"rule": "ddc-reply", "trigger": "2026-11-20", "options": '{"tolls": []}'}, "does not apply to rule"),
]
# The page takes the FOIA options as fields, not JSON: its own rows for them.
_BAD_OPTION_FIELDS = [
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "extension_noticed_on": "2026-12-01",
            "extension_days": "15",
        },
        "Ensure this value is less than or equal to 10.",
    ),
    (
        {"rule": "foia-initial-response", "trigger": "2026-11-20", "extension_noticed_on": "2026-12-01"},
        "Give both the notice's date and the days.",
    ),
    ({"rule": "foia-initial-response", "trigger": "2026-11-20", "toll1_end": "2026-12-03"}, "When did the clock stop?"),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "toll1_start": "2026-12-01",
            "toll1_end": "9999-12-31",
        },
        "tolls[0].end: 9999-12-31 is out of range",
    ),
    (
        {
            "rule": "foia-initial-response",
            "trigger": "2026-11-20",
            "toll1_start": "2026-11-23",
            "toll1_end": "2026-11-24",
            "toll2_start": "2026-12-01",
        },
        "may toll only once while awaiting information",
    ),
    ({"rule": "ddc-reply", "trigger": "2026-11-20", "toll1_start": "2026-11-23"}, "does not apply to rule"),
]
BAD_CALCULATIONS = pytest.mark.parametrize(("params", "message"), _CALCULATION_ROWS)
BAD_PAGE_CALCULATIONS = pytest.mark.parametrize(
    ("params", "message"), [row for row in _CALCULATION_ROWS if "options" not in row[0]] + _BAD_OPTION_FIELDS
)


@BAD_CALCULATIONS
def test_calculate_api_names_the_problem(client, world, params, message):
    login(client, member(world[0]))
    client.raise_request_exception = False  # an unhandled error must show as a 500 here, not as a test error
    response = client.get("/api/v1/deadlines/calculate", params)
    assert response.status_code == 400
    errors = response.json()  # the API's one 400 shape: each parameter's messages under its name
    assert any(message in text for messages in errors.values() for text in messages), errors


@BAD_PAGE_CALCULATIONS
def test_calculator_page_names_the_problem(client, world, params, message):
    from django.utils.html import escape

    login(client, member(world[0], Role.VIEWER))
    client.raise_request_exception = False
    page = client.get(reverse("deadlines:calculator"), params)
    assert page.status_code == 400 and "<html" in page.content.decode()
    assert escape(message) in page.content.decode()
    partial = client.get(reverse("deadlines:calculator"), params, headers={"HX-Request": "true"})
    assert partial.status_code == 200  # htmx swaps only 2xx responses in: the partial carries the message
    assert escape(message) in partial.content.decode() and 'role="alert"' in partial.content.decode()


def test_calculator_page_with_and_without_htmx(client, world):
    login(client, member(world[0], Role.VIEWER))
    params = {"rule": "foia-initial-response", "trigger": "2026-11-20", "service": "electronic", "agency": "ice"}
    page = client.get(reverse("deadlines:calculator"), params)
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert 'id="due">2026-12-21<' in html and "2026-11-26 Thanksgiving Day" in html
    partial = client.get(reverse("deadlines:calculator"), params, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "2026-12-21" in partial
    bad = client.get(reverse("deadlines:calculator"), {"rule": "foia-initial-response", "trigger": "tomorrow"})
    assert "Malformed trigger date" in bad.content.decode()
    empty = client.get(reverse("deadlines:calculator"))
    assert empty.status_code == 200 and "Choose a rule" in empty.content.decode()


def test_schema_generates_without_warnings_for_deadlines():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator

    GENERATOR_STATS.reset()
    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/deadlines/calculate/" in schema["paths"]
    assert "/api/v1/deadlines/{id}/" in schema["paths"]
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))


def test_list_labels_any_overdue_rule_names_and_a_capitalised_overdue_status(client, world):
    ours, _, _ = world
    late = make(ours, key="overdue", trigger=D(2026, 10, 1))  # due 2026-10-30 (Columbus Day skipped)
    login(client, member(ours))
    page = client.get(reverse("deadlines:list"))
    overdue_field = str(page.context["filter"].form["overdue"])
    assert '<option value="" selected>Any</option>' in overdue_field and "Unknown" not in overdue_field
    table = page.text.split("<table>", 1)[1]  # the rows, not the filter's rule choices
    assert "FOIA determination on a request" in table and "5 U.S.C. § 552(a)(6)(A)(i)" in table
    assert '<span class="badge overdue">Overdue</span>' in table and ">overdue<" not in table
    detail = client.get(reverse("deadlines:detail", args=[late.pk])).text
    # Oct 30 to Dec 1: 32 days; working days Oct 31 to Dec 1 without Veterans Day (Nov 11) and Thanksgiving (Nov 26).
    assert late.due_date == D(2026, 10, 30)
    assert "Overdue by 32 days (20 working days)" in detail and ">overdue<" not in detail
    assert client.get(reverse("deadlines:list"), {"overdue": "true"}).context["page"].paginator.count == 1


def test_detail_puts_the_reminder_buttons_in_the_page_header_outside_any_paragraph(client, world):
    import re

    ours, _, _ = world
    deadline = make(ours)
    login(client, member(ours))
    html = client.get(reverse("deadlines:detail", args=[deadline.pk])).text
    # A form cannot sit inside a <p> (the parser closes the paragraph, splitting the label from its buttons).
    assert not re.search(r"<p\b(?:(?!</p>).)*<form", html, re.S)
    header = re.search(r'<header class="page-header">(.*?)</header>', html, re.S).group(1)
    actions = re.search(r'<div class="button-group">(.*?)</div>', header, re.S).group(1)
    assert ">Follow</button>" in actions and ">Mute</button>" in actions


@pytest.mark.parametrize(
    ("fields", "options"),
    [
        (
            {"toll1_start": "2026-12-01", "toll1_end": "2026-12-04", "toll1_kind": "fees"},
            {"tolls": [{"start": "2026-12-01", "end": "2026-12-04", "reason": "", "kind": "fees"}]},
        ),
        (
            {"extension_noticed_on": "2026-12-10", "extension_days": "10"},
            {"unusual_circumstances": {"noticed_on": "2026-12-10", "working_days": 10}},
        ),
        ({"misrouted_on": "2026-11-02"}, {"first_received_by_other_component": "2026-11-02"}),
    ],
)
def test_the_calculator_page_takes_the_foia_options_as_fields_like_the_api_takes_json(client, world, fields, options):
    import json

    login(client, member(world[0], Role.VIEWER))
    base = {"rule": "foia-initial-response", "trigger": "2026-11-20", "agency": "ice"}
    page = client.get(reverse("deadlines:calculator"), {**base, **fields})
    assert page.status_code == 200, page.context["form"].errors
    api = client.get("/api/v1/deadlines/calculate", {**base, "options": json.dumps(options)}).json()
    computation = page.context["computation"]
    assert computation.due.isoformat() == api["due"] and computation.steps == api["steps"]
    assert computation.due != client.get("/api/v1/deadlines/calculate", base).json()["due"]  # the option counted
    html = page.content.decode()
    assert 'name="options"' not in html and '<details class="more-options" open>' in html


def test_detail_says_how_long_until_an_open_deadline_is_due_and_when_one_was_closed(client, world):
    ours, _, _ = world
    soon = make(ours, key="soon", trigger=D(2026, 11, 20))  # 20 working days after Nov 20: due Dec 21
    login(client, member(ours))
    detail = client.get(reverse("deadlines:detail", args=[soon.pk])).text
    assert soon.due_date == D(2026, 12, 21)
    # Dec 1 to Dec 21: 20 days; working days Dec 2 to Dec 21 (no holiday): 14.
    assert "Due in 20 days (14 working days)" in detail


def test_timing_counts_working_days_on_the_deadlines_own_calendar(world):
    from deadlines.selectors import deadline_timing

    ours, _, _ = world
    deadline = make(ours, key="t", trigger=D(2026, 10, 1))
    assert deadline_timing(deadline=deadline, today=deadline.due_date).summary == "Due today"
    # Due Friday Oct 30; on Monday Nov 2 it is 3 days late, 1 working day (the weekend does not count).
    late = deadline_timing(deadline=deadline, today=D(2026, 11, 2))
    assert (late.state, late.calendar_days, late.working_days) == ("overdue", 3, 1)
    deadline.status = "met"
    assert deadline_timing(deadline=deadline, today=D(2026, 11, 2)).state == "closed"
