"""The read-only closures page, and computation steps that link each closure they name to it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coalition.models import Role
from tests.factories import OrganizationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.force_login(member(OrganizationFactory(), Role.VIEWER))
    return client


def test_the_closures_page_lists_the_seeded_executive_closures_by_year(reader):
    html = reader.get("/deadlines/closures/").content.decode()
    assert 'id="closure-2025-12-24"' in html and 'id="closure-2025-12-26"' in html
    assert html.index("<h2>2025</h2>") < html.index("<h2>2024</h2>")  # newest year first


def test_signed_out_people_are_sent_to_log_in(client):
    response = client.get("/deadlines/closures/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_step_that_skips_a_closure_links_to_it(reader):
    # Received 2025-12-15: the 20 working days skip 2025-12-24 and 12-26 (executive orders) and the holidays.
    html = reader.get(
        "/deadlines/calculator/", {"rule": "foia-initial-response", "trigger": "2025-12-15", "agency": "ice"}
    ).content.decode()
    assert '<a href="/deadlines/closures/#closure-2025-12-24"' in html
    assert '<a href="/deadlines/closures/#closure-2025-12-25"' not in html  # Christmas is a holiday, not a closure


def test_linking_steps_costs_one_query_per_page(reader):
    def queries(trigger):
        with CaptureQueriesContext(connection) as ctx:
            reader.get("/deadlines/calculator/", {"rule": "foia-initial-response", "trigger": trigger})
        return len(ctx.captured_queries)

    assert queries("2025-12-15") == queries("2025-06-02")
