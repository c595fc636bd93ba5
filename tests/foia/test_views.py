"""Request pages: access per role and organisation, filters, sorting, CSV, forms and their refusals."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coalition.models import Membership, Role, Sharing
from foia.choices import EventKind as E
from foia.choices import RequestStatus as S
from foia.filters import FoiaRequestFilter
from foia.models import Appeal, Communication, FoiaRequest, RequestEvent, TrackingNumber
from foia.services import tags_from_names, tracking_number_add
from tests.factories import member
from tests.foia.conftest import stored_files
from tests.foia.factories import INVALID_REQUEST_FIELDS, FoiaRequestFactory, agency, record, record_all

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def setup(world, today):
    today(D(2026, 12, 30))
    mine = FoiaRequestFactory(
        organization=world.ours, subject="Trust Stamp contract", assigned_to=world.staff, sharing=Sharing.COALITION
    )
    record_all(mine, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))  # due 12-21: overdue
    private = FoiaRequestFactory(organization=world.ours, subject="SmartLINK retention", agency=agency("dhs-privacy"))
    partner_shared = FoiaRequestFactory(organization=world.partner, subject="Partner shared", sharing=Sharing.COALITION)
    partner_private = FoiaRequestFactory(organization=world.partner, subject="Partner private")
    outsider = FoiaRequestFactory(organization=world.outsider, subject="Outsider", sharing=Sharing.COALITION)
    return mine, private, partner_shared, partner_private, outsider


def listed(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("foia:request-list") + query)
    assert response.status_code == 200
    return [r.subject for r in response.context["page"]]


def test_the_list_shows_own_and_coalition_shared_requests_only(client, world, setup):
    assert sorted(listed(client, world.staff)) == ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]
    assert sorted(listed(client, world.partner_staff)) == ["Partner private", "Partner shared", "Trust Stamp contract"]
    assert listed(client, world.outsider_staff) == ["Outsider"]


def test_each_row_shows_its_tracking_numbers_in_order_and_its_tags_by_name(client, world, setup):
    """The page reads numbers and tags as plain names (selectors.request_rows_label): each row gets its own, a
    partner's shared request shows the tags it carries, and a row with none shows none."""
    mine, private, partner_shared, _, _ = setup
    tracking_number_add(request=mine, user=world.staff, number="ICE-B", agency=agency(), assigned_on=D(2026, 11, 25))
    tracking_number_add(request=mine, user=world.staff, number="ICE-A", agency=agency(), assigned_on=D(2026, 11, 21))
    mine.tags.set(tags_from_names(["Trust Stamp", "ISAP"], organization_id=world.ours.pk))
    partner_shared.tags.set(tags_from_names(["SmartLINK"], organization_id=world.partner.pk))
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-list"))
    rows = {r.subject: (r.tracking_labels, r.tag_names) for r in response.context["page"]}
    assert rows == {
        "Trust Stamp contract": (["ICE-A", "ICE-B"], ["ISAP", "Trust Stamp"]),
        "Partner shared": ([], ["SmartLINK"]),
        "SmartLINK retention": ([], []),
    }
    html = response.content.decode()
    assert "<code>ICE-A</code> · <code>ICE-B</code>" in html
    assert '<span class="badge tag">ISAP</span> <span class="badge tag">Trust Stamp</span>' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?agency=dhs-privacy", ["SmartLINK retention"]),
        ("?status=processing", ["Trust Stamp contract"]),
        ("?status=draft&status=processing", ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]),
        ("?overdue=true", ["Trust Stamp contract"]),
        ("?overdue=false", ["Partner shared", "SmartLINK retention"]),
        ("?q=smartlink", ["SmartLINK retention"]),
        ("?q=Intensive+Supervision", ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]),
        ("?q=ICFO-231", ["Trust Stamp contract"]),
        ("?submitted_after=2026-11-01&submitted_before=2026-11-30", ["Trust Stamp contract"]),
        ("?received_after=2026-11-21", []),
        ("?tag=isap", ["Trust Stamp contract"]),
    ],
)
def test_filters(client, world, setup, query, expected):
    mine = setup[0]
    mine.tags.create(name="ISAP", slug="isap", organization=mine.organization)
    tracking_number_add(
        request=mine, user=world.staff, number="2026-ICFO-23103", agency=agency(), assigned_on=D(2026, 11, 24)
    )
    assert sorted(listed(client, world.staff, query)) == expected


@pytest.mark.parametrize("by_key", [True, False], ids=["named-by-key", "past-the-limit-subquery"])
def test_a_tracking_number_search_finds_the_visible_requests_only_on_either_path(
    client, world, setup, monkeypatch, by_key
):
    """Up to FoiaRequestFilter.TRACKING_MATCHES_BY_KEY matching numbers name their requests by key; past it, a
    subquery. Either way: every visible request carrying a match, and none the user may not see."""
    mine, private, partner_shared, partner_private, _ = setup
    for request, user in ((mine, world.staff), (private, world.staff), (partner_private, world.partner_staff)):
        tracking_number_add(
            request=request, user=user, number=f"2026-ICFO-7{request.pk}", agency=agency(), assigned_on=D(2026, 11, 24)
        )
    monkeypatch.setattr(FoiaRequestFilter, "TRACKING_MATCHES_BY_KEY", 3 if by_key else 2)
    assert sorted(listed(client, world.staff, "?q=icfo-7")) == ["SmartLINK retention", "Trust Stamp contract"]
    assert listed(client, world.staff, f"?q=ICFO-7{partner_private.pk}") == []
    # the partner sees its own private request and our shared one, not our private one
    assert sorted(listed(client, world.partner_staff, "?q=icfo-7")) == ["Partner private", "Trust Stamp contract"]


@pytest.mark.parametrize("query", ["", "?q=trust", "?status=processing&sort=due", "?due_within=30"])
def test_someone_in_no_organisation_gets_an_empty_list_not_an_error(client, world, setup, query):
    nobody = get_user_model().objects.create_user("left-the-coalition", password="x" * 12)
    assert listed(client, nobody, query) == []


def test_organisation_assignee_and_due_within_filters(client, world, setup, today):
    mine, _, partner_shared, *_ = setup
    assert listed(client, world.staff, f"?organization={world.partner.slug}") == ["Partner shared"]
    assert listed(client, world.staff, f"?assignee={world.staff.pk}") == ["Trust Stamp contract"]
    today(D(2026, 12, 15))
    assert listed(client, world.staff, "?due_within=6") == ["Trust Stamp contract"]  # due 12-21
    assert listed(client, world.staff, "?due_within=5") == []


@pytest.mark.parametrize("days", ["99999999999999999999", "3661", "-1"])
def test_an_out_of_range_due_within_is_a_field_error_not_a_server_error(client, world, setup, days):
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-list") + f"?due_within={days}")
    assert response.status_code == 200
    [message] = response.context["filter"].form.errors["due_within"]
    assert message in response.content.decode()
    assert "less than or equal to 3660" in message or "greater than or equal to 0" in message
    export = client.get(reverse("foia:request-export") + f"?due_within={days}")
    assert export.status_code == 200
    b"".join(export.streaming_content)


def test_sorting_by_next_deadline_puts_requests_without_one_last(client, world, setup, today):
    other = FoiaRequestFactory(organization=world.ours, subject="Later one")
    record_all(other, world.staff, (E.SUBMITTED, D(2026, 12, 1)), (E.RECEIVED, D(2026, 12, 2)))
    for sort in ("due", "-due"):
        subjects = listed(client, world.staff, f"?sort={sort}")
        dated = ["Trust Stamp contract", "Later one"] if sort == "due" else ["Later one", "Trust Stamp contract"]
        assert subjects[:2] == dated and set(subjects[2:]) == {"Partner shared", "SmartLINK retention"}


def hrefs(response, text: str) -> list[str]:
    """The targets of the links whose text is `text`, unescaped."""
    html = response.content.decode()
    return [unescape(h) for h in re.findall(rf'<a href="([^"]*)">{re.escape(text)}</a>', html)]


def test_column_headers_and_the_pager_keep_the_filters(client, world, setup, monkeypatch):
    FoiaRequestFactory(organization=world.ours, subject="Another trust contract")
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-list") + "?q=trust")
    (subject_sort,) = hrefs(response, "Subject")
    assert subject_sort == "?q=trust&sort=subject"
    response = client.get(reverse("foia:request-list") + subject_sort)
    assert [r.subject for r in response.context["page"]] == ["Another trust contract", "Trust Stamp contract"]
    assert response.context["filter"].form["q"].value() == "trust"
    (descending,) = hrefs(response, "Subject")
    assert descending == "?q=trust&sort=-subject"

    monkeypatch.setattr("foia.views.requests.PAGE_SIZE", 1)
    response = client.get(reverse("foia:request-list") + "?q=trust&sort=subject")
    (next_page,) = hrefs(response, "Next →")
    assert next_page == "?q=trust&sort=subject&page=2"
    response = client.get(reverse("foia:request-list") + next_page)
    assert [r.subject for r in response.context["page"]] == ["Trust Stamp contract"]
    (previous_page,) = hrefs(response, "← Previous")
    assert previous_page == "?q=trust&sort=subject&page=1"


def test_a_column_header_sorts_an_unfiltered_list(client, world, setup):
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-list"))
    (subject_sort,) = hrefs(response, "Subject")
    assert subject_sort == "?sort=subject"
    subjects = listed(client, world.staff, subject_sort)
    assert subjects == ["Partner shared", "SmartLINK retention", "Trust Stamp contract"]


def test_csv_export_follows_the_filters_and_defuses_formulas(client, world, setup):
    FoiaRequestFactory(organization=world.ours, subject="=HYPERLINK('http://evil')")
    client.force_login(world.staff)
    response = client.get(reverse("foia:request-export") + "?agency=ice&sort=subject")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, so Excel does not read it as Windows-1252
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0][:5] == ["id", "organisation", "agency", "subject", "status"]
    subjects = [r[3] for r in rows[1:]]
    assert subjects == ["'=HYPERLINK('http://evil')", "Partner shared", "Trust Stamp contract"]
    trust = rows[1:][2]
    assert trust[4] == "In process" and trust[12] == "2026-12-21" and trust[13] == "yes"


@pytest.mark.parametrize(
    ("who", "status"), [("staff", 200), ("viewer", 200), ("partner_staff", 200), ("outsider_staff", 404)]
)
def test_detail_access(client, world, setup, who, status):
    client.force_login(getattr(world, who))
    assert client.get(setup[0].get_absolute_url()).status_code == status


def test_private_requests_are_404_for_partners(client, world, setup):
    client.force_login(world.partner_staff)
    assert client.get(setup[1].get_absolute_url()).status_code == 404


def test_detail_shows_next_action_exhaustion_timeline_and_deadline_steps(client, world, setup):
    client.force_login(world.staff)
    response = client.get(setup[0].get_absolute_url())
    html = response.content.decode()
    assert "deadline missed: may sue (5 U.S.C. 552(a)(6)(C)(i)); search fees barred ((a)(4)(A)(viii))" in html
    assert response.context["o"].next_action.urgency == "overdue"
    assert "2026-11-20 received; +20 working days skipping 2026-11-26 Thanksgiving Day -&gt; 2026-12-21" in html
    assert "5 U.S.C. § 552(a)(6)(A)(i)" in html
    kinds = [e.kind for e in response.context["o"].timeline]
    assert kinds == ["event", "event", "deadline", "today"]
    assert "Log agency response" in html


@pytest.mark.parametrize("who", ["staff", "viewer"])
def test_the_detail_page_links_to_the_request_history(client, world, setup, who):
    mine = setup[0]
    history = reverse("web:object-history", args=["foia", "foiarequest", mine.pk])
    client.force_login(getattr(world, who))
    response = client.get(mine.get_absolute_url())
    assert f'<a class="history-link" href="{history}">History</a>' in response.content.decode()
    assert client.get(history).status_code == 200


def test_viewers_and_partners_get_no_edit_buttons_and_403_on_edit_pages(client, world, setup):
    mine = setup[0]
    for user in (world.viewer, world.partner_staff):
        client.force_login(user)
        assert "Log agency response" not in client.get(mine.get_absolute_url()).content.decode()
        for name in ("request-edit", "event-create", "response-create", "letter-create", "appeal-create"):
            assert client.get(reverse(f"foia:{name}", args=[mine.pk])).status_code == 403
        response = client.post(
            reverse("foia:event-create", args=[mine.pk]), {"kind": "acknowledged", "date": "2026-12-01"}
        )
        assert response.status_code == 403
    assert not mine.events.filter(kind=E.ACKNOWLEDGED).exists()


def test_outsiders_get_404_on_edit_pages(client, world, setup):
    client.force_login(world.outsider_staff)
    for name in ("request-edit", "event-create", "response-create", "appeal-create"):
        assert client.get(reverse(f"foia:{name}", args=[setup[0].pk])).status_code == 404
    for name in (
        "request-edit",
        "event-create",
        "response-create",
        "appeal-create",
        "tracking-create",
        "request-delete",
    ):
        assert client.post(reverse(f"foia:{name}", args=[setup[0].pk]), {}).status_code == 404


def form_data(**overrides):
    data = {
        "agency": agency().pk,
        "subject": "ISAP check-in failure rates",
        "request_text": "Records of failed facial-recognition check-ins in SmartLINK.",
        "sharing": Sharing.ORGANIZATION,
        "requester_category": "other",
        "drafted_on": "2026-12-30",
        "tags_text": "ISAP, Trust Stamp",
    }
    return {**data, **overrides}


def test_create_a_request_in_the_active_organisation(client, world, setup):
    client.force_login(world.staff)
    response = client.post(reverse("foia:request-create"), form_data())
    created = FoiaRequest.objects.get(subject="ISAP check-in failure rates")
    assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
    assert created.organization == world.ours and created.created_by == world.staff and created.status == S.DRAFT
    assert sorted(t.name for t in created.tags.all()) == ["ISAP", "Trust Stamp"]


@pytest.mark.parametrize(("field", "value", "message"), INVALID_REQUEST_FIELDS)
def test_a_negative_fee_limit_or_an_absurd_drafted_date_is_refused(client, world, setup, field, value, message):
    client.force_login(world.staff)
    response = client.post(reverse("foia:request-create"), form_data(**{field: value}))
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert message in response.content.decode()
    assert not FoiaRequest.objects.filter(subject="ISAP check-in failure rates").exists()
    mine = setup[0]
    response = client.post(reverse("foia:request-edit", args=[mine.pk]), form_data(**{field: value}))
    assert response.status_code == 200 and response.context["form"].errors == {field: [message]}
    mine.refresh_from_db()
    assert (mine.fee_limit, mine.drafted_on) == (None, D(2026, 11, 1))


def test_viewers_cannot_create(client, world, setup):
    client.force_login(world.viewer)
    assert client.get(reverse("foia:request-create")).status_code == 403
    assert client.post(reverse("foia:request-create"), form_data()).status_code == 403


def test_creation_links_show_only_to_people_who_may_create_in_the_active_organisation(client, world, setup):
    create = f'href="{reverse("foia:request-create")}"'
    coordinator = member(world.ours, Role.ATTORNEY)
    Membership.objects.create(user=coordinator, organization=world.partner, role=Role.VIEWER)
    for user, shown in ((world.staff, True), (world.admin, True), (world.viewer, False), (coordinator, True)):
        client.force_login(user)
        for page in ("dashboard", "foia:request-list"):
            response = client.get(reverse(page))
            assert response.status_code == 200
            assert (create in response.content.decode()) is shown, (user.username, page)
    client.post(reverse("coalition:organization-switch"), {"organization": world.partner.pk})
    for page in ("dashboard", "foia:request-list"):
        assert create not in client.get(reverse(page)).content.decode()
    assert client.get(reverse("foia:request-create")).status_code == 403


def test_justifications_are_required_when_asking_for_waivers_or_expedition(client, world, setup):
    client.force_login(world.staff)
    response = client.post(
        reverse("foia:request-create"), form_data(fee_waiver_requested="on", expedited_requested="on")
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"fee_waiver_justification", "expedited_justification"}


def test_a_similar_request_must_be_confirmed_before_saving(client, world, setup):
    client.force_login(world.staff)
    data = form_data(subject="Trust Stamp contract records", request_text="Trust Stamp contract")
    response = client.post(reverse("foia:request-create"), data)
    assert response.status_code == 200 and not FoiaRequest.objects.filter(subject=data["subject"]).exists()
    assert [d.request.subject for d in response.context["duplicates"]] == ["Trust Stamp contract"]
    assert "Similar requests already exist in the coalition" in response.content.decode()
    response = client.post(reverse("foia:request-create"), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302 and FoiaRequest.objects.filter(subject=data["subject"]).exists()


def test_the_duplicate_partial(client, world, setup):
    client.force_login(world.partner_staff)
    response = client.get(
        reverse("foia:request-duplicates"), {"agency": agency().pk, "subject": "Trust Stamp contract copies"}
    )
    assert "Trust Stamp contract" in response.content.decode()
    response = client.get(reverse("foia:request-duplicates"), {"agency": agency().pk, "subject": "SmartLINK retention"})
    assert "SmartLINK retention" not in response.content.decode()  # private to our organisation, and to DHS Privacy


def test_edit_a_request(client, world, setup):
    mine = setup[0]
    client.force_login(world.attorney)
    response = client.post(
        reverse("foia:request-edit", args=[mine.pk]),
        # The free-text docket reference is no longer an input (cases link their requests): it is ignored.
        form_data(
            subject="Trust Stamp contract (narrowed)", docket_reference="1:27-cv-00042 (D.D.C.)", sharing="coalition"
        ),
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.subject, mine.docket_reference, mine.status) == ("Trust Stamp contract (narrowed)", "", S.PROCESSING)


def test_record_an_event_and_see_a_refusal(client, world, setup):
    mine = setup[0]
    client.force_login(world.staff)
    url = reverse("foia:event-create", args=[mine.pk])
    form = client.get(url).context["form"]
    assert E.SUBMITTED not in dict(form.fields["kind"].choices) and E.TOLLED in dict(form.fields["kind"].choices)
    response = client.post(url, {"kind": "extended", "date": "2026-12-10", "working_days": 10})
    assert response.status_code == 302
    assert mine.deadlines.get(key="initial-response").due_date == D(2027, 1, 6)
    response = client.post(url, {"kind": "extended", "date": "2026-12-11", "working_days": 5})
    assert response.status_code == 200
    assert "already extended on 2026-12-10" in response.context["form"].non_field_errors()[0]
    assert mine.events.filter(kind=E.EXTENDED).count() == 1


def test_delete_an_event(client, world, setup):
    mine = setup[0]
    event = record(mine, world.staff, E.ACKNOWLEDGED, D(2026, 11, 24))
    client.force_login(world.staff)
    client.post(reverse("foia:event-delete", args=[mine.pk, event.pk]))
    assert not RequestEvent.objects.filter(pk=event.pk).exists()
    mine.refresh_from_db()
    assert mine.acknowledged_on is None


def response_data(**overrides):
    data = {
        "direction": "from_agency",
        "kind": "acknowledgment",
        "date": "2026-11-24",
        "channel": "email",
        "subject": "Acknowledgment of your FOIA request",
        "tracking_number": "2026-ICFO-23103",
        "tracking_kind": "request",
        "ev_received": "on",
        "received_on": "2026-11-20",
        "ev_acknowledged": "on",
    }
    return {**data, **overrides}


def test_logging_an_acknowledgment_records_the_letter_its_events_and_tracking_number(client, world, today):
    today(D(2026, 11, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    client.force_login(world.staff)
    url = reverse("foia:response-create", args=[req.pk])
    form = client.get(url + "?kind=acknowledgment").context["form"]
    assert form["ev_received"].value() and form["ev_acknowledged"].value() and not form["ev_extended"].value()
    upload = SimpleUploadedFile("ack.pdf", PDF, content_type="application/pdf")
    response = client.post(url, {**response_data(), "attachments": [upload]})
    assert response.status_code == 302
    req.refresh_from_db()
    comm = Communication.objects.get(request=req)
    assert (req.status, req.received_on, req.acknowledged_on) == (S.PROCESSING, D(2026, 11, 20), D(2026, 11, 24))
    assert [e.kind for e in comm.events.order_by("sequence")] == [E.RECEIVED, E.ACKNOWLEDGED]
    assert TrackingNumber.objects.get(request=req).number == "2026-ICFO-23103"
    assert comm.attachments.get().filename == "ack.pdf"
    assert req.deadlines.get(key="initial-response").due_date == D(2026, 12, 21)


def test_the_sections_partial_offers_the_events_a_kind_implies(client, world, setup):
    client.force_login(world.staff)
    response = client.get(reverse("foia:response-sections", args=[setup[0].pk]), {"kind": "extension_notice"})
    implied, others = response.content.decode().split("<details")
    assert 'id="section-extended"' in implied and 'id="section-extended"' not in others
    assert re.search(r'<input[^>]*name="ev_extended"[^>]*checked', implied)
    assert not re.search(r'<input[^>]*name="ev_final_response"[^>]*checked', others)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("malware.exe", b"MZ\x90\x00", content_type="application/octet-stream"), ".exe not allowed"),
        (
            SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>", content_type="application/pdf"),
            "not a .pdf file",
        ),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * 2048, content_type="application/pdf"), "over the"),
    ],
)
def test_a_refused_attachment_saves_nothing(client, world, today, settings, _media, upload, message):
    settings.FOIA_ATTACHMENT_MAX_BYTES = 1024
    today(D(2026, 11, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    client.force_login(world.staff)
    response = client.post(reverse("foia:response-create", args=[req.pk]), {**response_data(), "attachments": [upload]})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].non_field_errors())
    assert not Communication.objects.exists() and not TrackingNumber.objects.exists()
    assert list(req.events.values_list("kind", flat=True)) == [E.SUBMITTED]
    assert stored_files(_media) == []


def test_a_refused_event_saves_neither_the_letter_nor_the_file(client, world, today, _media):
    today(D(2026, 11, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    client.force_login(world.staff)
    upload = SimpleUploadedFile("ack.pdf", PDF, content_type="application/pdf")
    data = response_data(received_on="2026-11-10", attachments=[upload])  # before the submission
    response = client.post(reverse("foia:response-create", args=[req.pk]), data)
    assert response.status_code == 200
    assert "before “Submitted to the agency” on 2026-11-18" in response.context["form"].non_field_errors()[0]
    assert not Communication.objects.exists() and stored_files(_media) == []


def test_file_an_appeal_prefilled_from_the_adverse_determination(client, world, today):
    today(D(2027, 1, 4))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(
        req,
        world.staff,
        (E.SUBMITTED, D(2026, 11, 18)),
        (E.RECEIVED, D(2026, 11, 20)),
        (E.FINAL_RESPONSE, D(2026, 12, 15), {"outcome": "partial", "exemptions": "(b)(6), (b)(7)(C)"}),
    )
    tracking_number_add(
        request=req, user=world.staff, number="2026-ICFO-1", agency=agency(), assigned_on=D(2026, 11, 24)
    )
    client.force_login(world.attorney)
    url = reverse("foia:appeal-create", args=[req.pk])
    response = client.get(url)
    initial = response.context["form"].initial
    assert initial["filed_on"] == D(2027, 1, 4) and initial["issues"] == ["withholdings", "search"]
    assert "(b)(6), (b)(7)(C)" in initial["grounds"] and "2026-ICFO-1" in initial["letter_subject"]
    assert response.context["window"].due_date == D(2027, 4, 26)
    response = client.post(
        url,
        {
            "filed_on": "2027-01-04",
            "issues": ["withholdings"],
            "grounds": initial["grounds"],
            "channel": "portal",
            "letter_subject": initial["letter_subject"],
            "letter_body": initial["letter_body"],
            "tracking_number": "2027-ICAP-00001",
        },
    )
    assert response.status_code == 302
    appeal = Appeal.objects.get(request=req)
    assert appeal.tracking_numbers.get().number == "2027-ICAP-00001"
    assert appeal.filed_event.communication.kind == "appeal"
    assert req.deadlines.get(key="appeal-decision").due_date == D(2027, 2, 2)


def test_add_a_tracking_number_and_refuse_a_duplicate(client, world, setup):
    mine = setup[0]
    client.force_login(world.staff)
    url = reverse("foia:tracking-create", args=[mine.pk])
    data = {"kind": "referral", "number": "CBP-2026-1", "agency": agency("cbp").pk, "assigned_on": "2026-12-01"}
    client.post(url, data)
    client.post(url, data)
    assert list(mine.tracking_numbers.values_list("number", flat=True)) == ["CBP-2026-1"]


@pytest.fixture
def attachment(world, setup):
    from foia.services import communication_log

    mine, private = setup[0], setup[1]
    shared = communication_log(
        request=mine,
        user=world.staff,
        direction="from_agency",
        channel="email",
        date=D(2026, 12, 1),
        kind="other",
        subject="Letter",
        files=[SimpleUploadedFile("letter.pdf", PDF)],
    ).attachments.get()
    hidden = communication_log(
        request=private,
        user=world.staff,
        direction="from_agency",
        channel="email",
        date=D(2026, 12, 1),
        kind="other",
        subject="Letter",
        files=[SimpleUploadedFile("private.pdf", PDF)],
    ).attachments.get()
    return shared, hidden


@pytest.mark.parametrize(
    ("who", "which", "status"),
    [
        ("staff", 0, 200),
        ("viewer", 1, 200),
        ("partner_staff", 0, 200),
        ("partner_staff", 1, 404),
        ("outsider_staff", 0, 404),
    ],
)
def test_attachments_are_served_only_through_the_access_check(client, world, attachment, who, which, status):
    client.force_login(getattr(world, who))
    response = client.get(reverse("foia:attachment-download", args=[attachment[which].pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"] == "application/pdf"


def test_anonymous_users_are_sent_to_log_in(client, attachment):
    response = client.get(reverse("foia:attachment-download", args=[attachment[0].pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_dashboard(client, world, setup):
    client.force_login(world.staff)
    response = client.get(reverse("dashboard"))
    d = response.context["d"]
    assert [dl.request.subject for dl in d.overdue] == ["Trust Stamp contract"]
    assert {s: n for s, _, n in d.status_counts}["processing"] == 1 and d.total == 2
    assert "Trust Stamp contract" in response.content.decode()


def test_delete_a_draft(client, world, setup):
    private = setup[1]
    client.force_login(world.staff)
    assert client.post(reverse("foia:request-delete", args=[private.pk])).status_code == 302
    assert not FoiaRequest.objects.filter(pk=private.pk).exists()
    client.post(reverse("foia:request-delete", args=[setup[0].pk]))
    assert FoiaRequest.objects.filter(pk=setup[0].pk).exists()


def test_an_agency_letter_cannot_predate_the_request(client, world, setup):
    client.force_login(world.staff)
    data = response_data(kind="other", date="2026-11-10", ev_received="", ev_acknowledged="", tracking_number="")
    response = client.post(reverse("foia:response-create", args=[setup[0].pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        "An agency letter cannot predate the request, submitted on 2026-11-18."
    ]
    assert not Communication.objects.exists()


def test_only_events_the_request_can_still_take_are_ticked_in_advance(world, setup):
    from foia.forms import implied_ticks

    mine = setup[0]  # received, not acknowledged
    assert implied_ticks(kind="acknowledgment", direction="from_agency", request=mine) == ["acknowledged"]
    draft = setup[1]
    assert implied_ticks(kind="acknowledgment", direction="from_agency", request=draft) == []
    assert implied_ticks(kind="request_letter", direction="to_agency", request=draft) == ["submitted"]
    record(mine, world.staff, E.TOLLED, D(2026, 12, 1), toll_reason="information")
    mine.refresh_from_db()
    assert implied_ticks(kind="other", direction="to_agency", request=mine) == ["resumed"]
    assert implied_ticks(kind="fee_letter", direction="from_agency", request=mine) == ["fee_estimate"]


def test_the_appeal_page_warns_when_no_appeal_can_be_filed(client, world, setup):
    client.force_login(world.staff)
    response = client.get(reverse("foia:appeal-create", args=[setup[0].pk]))
    assert response.context["can_file"] is False and "Filing now will be refused" in response.content.decode()


def test_log_agency_response_defaults_to_an_incoming_letter_kind(client, world, today):
    today(D(2026, 11, 30))
    req = FoiaRequestFactory(organization=world.ours)
    record(req, world.staff, E.SUBMITTED, D(2026, 11, 18))
    client.force_login(world.staff)
    form = client.get(reverse("foia:response-create", args=[req.pk])).context["form"]
    assert form["kind"].value() == "acknowledgment"
    assert form["ev_received"].value() and form["ev_acknowledged"].value()
    html = client.get(reverse("foia:response-create", args=[req.pk])).content.decode()
    assert re.search(r'<option value="acknowledgment" selected>', html)
    form = client.get(reverse("foia:letter-create", args=[req.pk])).context["form"]
    assert form["kind"].value() != "acknowledgment"


def determined(world, outcome: str) -> FoiaRequest:
    """One of our requests with a final response of `outcome` on 2026-12-15."""
    req = FoiaRequestFactory(organization=world.ours)
    steps = [(E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20))]
    record_all(req, world.staff, *steps, (E.FINAL_RESPONSE, D(2026, 12, 15), {"outcome": outcome}))
    return req


def test_the_appeal_page_gives_one_message_that_fits_the_state(client, world, today):
    today(D(2027, 1, 4))
    draft = FoiaRequestFactory(organization=world.ours)
    granted = determined(world, "full_grant")
    client.force_login(world.staff)
    html = client.get(reverse("foia:appeal-create", args=[draft.pk])).content.decode()
    assert html.count('class="notice"') == 1 and "Filing now will be refused" in html
    assert "An appeal needs an adverse determination" in html and "was not adverse" not in html
    html = client.get(reverse("foia:appeal-create", args=[granted.pk])).content.decode()
    assert "was not adverse" in html and "Filing now will be refused" not in html


def test_file_appeal_is_offered_only_when_the_lifecycle_allows_one(client, world, today):
    today(D(2027, 1, 4))
    draft = FoiaRequestFactory(organization=world.ours)
    submitted = FoiaRequestFactory(organization=world.ours)
    record(submitted, world.staff, E.SUBMITTED, D(2026, 11, 18))
    denied = determined(world, "denial")
    client.force_login(world.staff)
    for req, offered in ((draft, False), (submitted, False), (denied, True)):
        response = client.get(reverse("foia:request-detail", args=[req.pk]))
        assert response.context["can_appeal"] is offered
        assert (reverse("foia:appeal-create", args=[req.pk]) in response.content.decode()) is offered


def test_a_refused_tracking_number_shows_its_error_by_the_field_and_keeps_the_input(client, world, setup):
    mine = setup[0]
    client.force_login(world.staff)
    url = reverse("foia:tracking-create", args=[mine.pk])
    data = {"kind": "referral", "number": "", "agency": agency("cbp").pk, "assigned_on": "2026-12-01", "note": "typed"}
    response = client.post(url, data)
    assert response.status_code == 200 and not mine.tracking_numbers.exists()
    html = response.content.decode()
    assert re.search(r'<p class="error" id="id_number-error">Number: This field is required.</p>', html)
    assert 'value="typed"' in html and 'value="2026-12-01"' in html
    assert [str(m) for m in response.context["messages"]] == []
    client.post(url, {**data, "number": "CBP-2026-1"})
    response = client.post(url, {**data, "number": "CBP-2026-1"})  # the service refuses a duplicate
    assert response.status_code == 200 and response.context["tracking_form"].errors
    assert list(mine.tracking_numbers.values_list("number", flat=True)) == ["CBP-2026-1"]


def test_people_are_named_the_same_in_tables_dropdowns_and_filters(client, world, setup):
    from deadlines.filters import DeadlineFilter
    from deadlines.forms import AssignForm

    mine = setup[0]
    ana = member(world.ours, Role.ATTORNEY, username="aruiz", first_name="Ana", last_name="Ruiz")
    client.force_login(world.staff)
    labels = lambda field: [label for value, label in field.choices if value]  # noqa: E731
    form = client.get(reverse("foia:request-edit", args=[mine.pk])).context["form"]
    assert "Ana Ruiz" in labels(form.fields["assigned_to"]) and "Ana Ruiz" in labels(form.fields["attorney"])
    assert world.staff.username in labels(form.fields["attorney"])  # no full name: the username
    filterset = client.get(reverse("foia:request-list")).context["filter"]
    assert "Ana Ruiz" in labels(filterset.form.fields["assignee"])
    deadline = mine.deadlines.first()
    assert "Ana Ruiz" in labels(AssignForm(deadline=deadline).fields["responsible"])
    request = type("Request", (), {"user": world.staff})()
    assert "Ana Ruiz" in labels(DeadlineFilter(request=request).form.fields["responsible"])
    mine.refresh_from_db()  # the services saved it since (a stale instance's save is refused: core.versioning)
    mine.assigned_to = ana
    mine.save()
    assert "<td>Ana Ruiz</td>" in client.get(reverse("foia:request-list")).content.decode()


def test_people_are_listed_in_the_order_their_shown_names_read(client, world, setup):
    """Sorted by the name shown (full name, else username), case aside: a person without a first name is not first."""
    from deadlines.filters import DeadlineFilter
    from deadlines.forms import AssignForm

    mine = setup[0]
    member(world.ours, Role.STAFF, username="zed")
    member(world.ours, Role.STAFF, username="amy1", first_name="Amy", last_name="Adams")
    member(world.ours, Role.STAFF, username="bo", last_name="berg")
    client.force_login(world.staff)
    labels = lambda field: [label for value, label in field.choices if value]  # noqa: E731
    order = lambda names: [n for n in names if n in {"zed", "Amy Adams", "berg"}]  # noqa: E731
    expected = ["Amy Adams", "berg", "zed"]
    form = client.get(reverse("foia:request-edit", args=[mine.pk])).context["form"]
    assert order(labels(form.fields["assigned_to"])) == expected
    filterset = client.get(reverse("foia:request-list")).context["filter"]
    assert order(labels(filterset.form.fields["assignee"])) == expected
    assert order(labels(AssignForm(deadline=mine.deadlines.first()).fields["responsible"])) == expected
    request = type("Request", (), {"user": world.staff})()
    assert order(labels(DeadlineFilter(request=request).form.fields["responsible"])) == expected


def test_sorting_by_subject_ignores_case(client, world, setup):
    FoiaRequestFactory(organization=world.ours, subject="body cameras")
    FoiaRequestFactory(organization=world.ours, subject="Zebra contract")
    subjects = listed(client, world.staff, "?sort=subject")
    expected = ["body cameras", "Partner shared", "SmartLINK retention", "Trust Stamp contract", "Zebra contract"]
    assert subjects == expected
    assert listed(client, world.staff, "?sort=-subject") == subjects[::-1]


@pytest.mark.parametrize(("status", "phrase_shown"), [("open", True), ("superseded", False), ("met", False)])
def test_only_open_deadlines_say_how_far_away_they_are(status, phrase_shown):
    """ "(in 21 days)" is a countdown: a deadline that was met or superseded is not coming up."""
    import datetime as dt

    from django.template.loader import render_to_string

    from deadlines.models import Deadline

    today = dt.date(2026, 11, 30)
    d = Deadline(title="Agency's determination due", status=status, due_date=dt.date(2026, 12, 21), steps=[])
    html = render_to_string("foia/partials/deadline.html", {"d": d, "today": today})
    assert "2026-12-21" in html
    assert ("(in 21 days)" in html) is phrase_shown


def test_the_list_shows_dates_as_a_spreadsheet_does(client, world, today):
    """YYYY-MM-DD in every date column (sortable when copied into a spreadsheet), never "Nov. 2, 2026"."""
    today(dt.date(2026, 11, 20))
    req = FoiaRequestFactory(organization=world.ours)
    record_all(req, world.staff, (E.SUBMITTED, dt.date(2026, 11, 2)), (E.RECEIVED, dt.date(2026, 11, 3)))
    client.force_login(world.staff)
    html = client.get(reverse("foia:request-list")).content.decode()
    # Due 20 working days after Tue 2026-11-03: Veterans Day (11-11) and Thanksgiving (11-26) skipped -> 2026-12-03.
    for day in ("2026-11-02", "2026-11-03", "2026-12-03"):
        assert f">{day}<" in html
    assert "Nov. 2, 2026" not in html
