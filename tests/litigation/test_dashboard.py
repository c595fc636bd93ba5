"""Court deadlines on the dashboard and Upcoming (they are Deadline rows of the case), and the Litigation figures;
a privileged case's deadlines never reach partners there."""

import datetime as dt
from html import unescape

import pytest

from litigation import services

pytestmark = pytest.mark.django_db
D = dt.date


def _serve(lit, case):
    # Served on the U.S. Attorney 2026-11-20: answer 30 days later, Sunday 2026-12-20 -> Monday 2026-12-21.
    services.case_service_record(
        actor=lit.staff if case.organization == lit.world.ours else lit.partner_staff, case=case,
        served_us_attorney_on=D(2026, 11, 20), served_attorney_general_on=None, served_agency_on=None,
    )  # fmt: skip
    return case.deadlines.get(key="answer")


def test_the_dashboard_counts_open_cases_and_shows_the_next_court_deadline(client, lit):
    answer = _serve(lit, lit.case)
    client.force_login(lit.staff)
    page = unescape(client.get("/").text)
    figures = page.split('id="litigation-figures"')[1].split("</section>")[0]
    assert "<dt>Open cases</dt><dd><a" in figures and ">2</a>" in figures  # ours: Mijente and Private (partners' not)
    assert f'href="/deadlines/{answer.pk}/">2026-12-21</a>' in figures
    assert "Government's answer to the complaint" in figures
    client.force_login(lit.outsider_staff)
    figures = client.get("/").text.split('id="litigation-figures"')[1].split("</section>")[0]
    assert ">1</a>" in figures and "2026-12-21" not in figures


def test_upcoming_lists_court_deadlines_with_their_case(client, lit):
    answer = _serve(lit, lit.case)
    client.force_login(lit.partner_staff)  # the case is shared with the coalition
    page = unescape(client.get("/deadlines/upcoming/").text)
    assert f"/deadlines/{answer.pk}/" in page and f'href="{lit.case.get_absolute_url()}">Mijente v. DHS' in page


def test_a_privileged_cases_deadlines_never_reach_partners(client, lit):
    secret = _serve(lit, lit.partner_privileged)
    assert secret.privileged
    client.force_login(lit.staff)  # a partner of the owning organisation, and the case is shared
    for path in ("/", "/deadlines/upcoming/", "/deadlines/", "/litigation/?due_within=30"):
        page = client.get(path).text
        assert f"/deadlines/{secret.pk}/" not in page and "Strategy v. OIG" not in page, path
    assert client.get(f"/deadlines/{secret.pk}/").status_code == 404
    assert client.get(lit.partner_privileged.get_absolute_url()).status_code == 404
    client.force_login(lit.partner_staff)
    assert client.get(f"/deadlines/{secret.pk}/").status_code == 200
