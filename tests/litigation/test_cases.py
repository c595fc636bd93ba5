"""Cases: access, docket formats, service on the United States and the answer deadline it triggers."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from coalition.models import Role, Sharing
from deadlines.models import DeadlineStatus
from directory.models import Court
from directory.seeds import COURTS
from litigation import selectors, services
from litigation.dockets import reference_parse
from litigation.models import Case, Claim, CounselRole, PartySide
from tests.factories import member
from tests.foia.factories import agency

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 1, 12, tzinfo=ZoneInfo("America/New_York")), tick=False):
        yield


def dcd() -> Court:
    return Court.objects.get_or_create(slug="dcd", defaults={"name": "D.D.C."})[0]


def _case(user, org, **fields) -> Case:
    fields = {"caption": "Mijente v. DHS", "court": dcd(), "docket_number": "1:26-cv-01234", **fields}
    return services.case_create(actor=user, organization=org, **fields)


def test_the_six_courts_are_seeded_with_their_time_zones():
    zones = dict(Court.objects.filter(slug__in=[c["slug"] for c in COURTS]).values_list("slug", "time_zone"))
    assert zones == {
        "dcd": "America/New_York",
        "cand": "America/Los_Angeles",
        "nysd": "America/New_York",
        "mad": "America/New_York",
        "ilnd": "America/Chicago",
        "wawd": "America/Los_Angeles",
    }


def test_a_case_is_seen_by_its_organisation_and_partners_when_shared_and_by_nobody_else(world):
    own, partner, outsider = member(world.ours), member(world.partner), member(world.outsider)
    case = _case(own, world.ours, sharing=Sharing.COALITION)
    assert selectors.case_get(user=own, pk=case.pk) == case
    assert selectors.case_get(user=partner, pk=case.pk) == case
    with pytest.raises(Http404):
        selectors.case_get(user=outsider, pk=case.pk)
    with pytest.raises(Http404):
        selectors.case_get(user=own, pk=case.pk + 1000)  # missing answers the same
    services.case_update(actor=own, case=case, sharing=Sharing.ORGANIZATION)
    with pytest.raises(Http404):
        selectors.case_get(user=partner, pk=case.pk)
    assert list(selectors.case_list_for(user=outsider)) == []


def test_only_editors_of_the_owning_organisation_write(world):
    own = member(world.ours)
    case = _case(own, world.ours, sharing=Sharing.COALITION)
    for user in (member(world.ours, Role.VIEWER), member(world.partner), member(world.outsider)):
        with pytest.raises(PermissionDenied):
            services.case_update(actor=user, case=case, judge="Judge X")
        with pytest.raises(PermissionDenied):
            services.party_add(actor=user, case=case, side=PartySide.PLAINTIFF, name="Mijente")
    with pytest.raises(PermissionDenied):
        _case(member(world.partner), world.ours, docket_number="")


@pytest.mark.parametrize(
    ("court", "number"),
    [("dcd", "3:26-cv-01234"), ("dcd", "26-cv-1234"), ("cand", "2:22-cv-01234"), ("wawd", "1:25-cv-01234")],
)
def test_a_docket_number_outside_the_courts_format_is_refused_with_the_expected_format(world, court, number):
    court = Court.objects.get(slug=court)
    with pytest.raises(ValidationError) as refused:
        _case(member(world.ours), world.ours, court=court, docket_number=number)
    message = refused.value.message_dict["docket_number"][0]
    assert number in message and "expected office:yy-cv-nnnnn, e.g." in message
    assert not Case.objects.exists()


def test_a_docket_number_in_the_courts_format_is_kept(world):
    case = _case(member(world.ours), world.ours, court=Court.objects.get(slug="cand"), docket_number=" 3:22-cv-01234 ")
    assert case.docket_number == "3:22-cv-01234"


def test_the_same_docket_twice_in_one_organisation_is_refused(world):
    own = member(world.ours)
    _case(own, world.ours)
    with pytest.raises(ValidationError) as refused:
        _case(own, world.ours)
    assert "docket_number" in refused.value.message_dict


def test_parties_and_counsel(world):
    own = member(world.ours)
    case = _case(own, world.ours)
    services.party_add(actor=own, case=case, side=PartySide.PLAINTIFF, name="Just Futures Law")
    services.party_add(actor=own, case=case, side=PartySide.DEFENDANT, agency=agency())
    services.counsel_add(actor=own, case=case, name="A. Lawyer", role=CounselRole.LEAD, firm="Just Futures Law")
    assert [p.side for p in case.parties.all()] == ["defendant", "plaintiff"]
    with pytest.raises(ValidationError):
        services.party_add(actor=own, case=case, side=PartySide.PLAINTIFF, name=" ")
    with pytest.raises(ValidationError):
        services.counsel_add(actor=own, case=case, name="B", role="judge")


def _answer(case):
    return selectors.case_deadlines(user=case.created_by, case=case).get(key=services.ANSWER_KEY)


def test_the_answer_is_due_30_days_after_service_on_the_us_attorney_rolled_past_thanksgiving(world):
    own = member(world.ours)
    case = _case(own, world.ours, filed_on=D(2026, 10, 20))
    services.case_service_record(
        actor=own,
        case=case,
        served_us_attorney_on=D(2026, 10, 27),
        served_attorney_general_on=D(2026, 10, 27),
        served_agency_on=D(2026, 10, 27),
        version=case.version,
    )
    answer = _answer(case)
    # 2026-10-27 + 30 days = Thursday 2026-11-26, Thanksgiving: the next day that is not a holiday is Friday 11-27.
    assert answer.due_date == D(2026, 11, 27)
    assert answer.rule == "foia-complaint-answer" and "552(a)(4)(C)" in answer.citation
    assert answer.court == case.court and answer.steps
    assert selectors.case_service_warning(case=case) is None


def test_the_answer_rolls_past_a_weekend_and_follows_the_claim(world):
    own = member(world.ours)
    case = _case(own, world.ours, served_us_attorney_on=D(2026, 11, 6))
    assert _answer(case).due_date == D(2026, 12, 7)  # 11-06 + 30 = Sunday 12-06 -> Monday 12-07
    services.case_update(actor=own, case=case, claim=Claim.OTHER, served_us_attorney_on=D(2026, 10, 27))
    # 10-27 + 60 = Saturday 12-26 -> Monday 12-28 (Christmas is the Friday before).
    answer = _answer(case)
    assert (answer.rule, answer.due_date) == ("us-answer", D(2026, 12, 28))
    services.case_update(actor=own, case=case, served_us_attorney_on=None)
    assert _answer(case).status == DeadlineStatus.SUPERSEDED


def test_differing_service_dates_warn(world):
    own = member(world.ours)
    case = _case(own, world.ours)
    services.case_service_record(
        actor=own,
        case=case,
        served_us_attorney_on=D(2026, 11, 2),
        served_attorney_general_on=D(2026, 11, 4),
        served_agency_on=D(2026, 11, 2),
    )
    warning = selectors.case_service_warning(case=case)
    assert warning is not None and "differ" in warning.message and "Attorney General 2026-11-04" in warning.message
    services.case_update(actor=own, case=case, served_attorney_general_on=None)
    assert "incomplete" in selectors.case_service_warning(case=case).message


def test_a_service_date_before_the_complaint_or_in_the_future_is_refused(world):
    own = member(world.ours)
    case = _case(own, world.ours, filed_on=D(2026, 11, 10))
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=own, case=case, served_us_attorney_on=D(2026, 11, 9), served_agency_on=D(2027, 1, 4))
    errors = refused.value.message_dict
    assert "before the complaint was filed" in errors["served_us_attorney_on"][0]
    assert "future" in errors["served_agency_on"][0]
    case.refresh_from_db()
    assert case.served_us_attorney_on is None and not selectors.case_deadlines(user=own, case=case).exists()


def test_a_stale_edit_is_refused(world):
    own = member(world.ours)
    case = _case(own, world.ours)
    read = case.version
    services.case_update(actor=own, case=case, version=read, judge="Judge A")
    with pytest.raises(ValidationError) as refused:
        services.case_update(actor=own, case=Case.objects.get(pk=case.pk), version=read, judge="Judge B")
    assert refused.value.code == "stale"


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("1:26-cv-01234 (D.D.C.)", ("dcd", "1:26-cv-01234")),
        ("Mijente v. DHS, No. 3:22-cv-01234 (N.D. Cal.)", ("cand", "3:22-cv-01234")),
        ("suit planned", (None, "")),
    ],
)
def test_a_free_text_reference_names_its_court_and_number(text, parsed):
    assert reference_parse(text) == parsed


def test_case_admin_pages_render(world, client):
    from tests.factories import UserFactory

    case = _case(member(world.ours), world.ours)
    services.party_add(actor=case.created_by, case=case, side=PartySide.DEFENDANT, agency=agency())
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    for path in ("/admin/litigation/case/", f"/admin/litigation/case/{case.pk}/change/", "/admin/litigation/case/add/"):
        assert client.get(path).status_code == 200, path
