"""Two people logging agency responses on the same request at once: both land, in order, with deadlines right.

Needs PostgreSQL (real row locks and two connections); SQLite serialises writers anyway.
"""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction

from foia import services
from foia.choices import EventKind as E
from foia.models import FoiaRequest
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

D = dt.date


def _letter(req, user, on, kind, events):
    return services.communication_log(
        request=req,
        user=user,
        direction="from_agency",
        channel="email",
        date=on,
        kind=kind,
        subject=kind,
        events=[services.EventInput(k, on, **fields) for k, fields in events],
    )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_responses_logged_at_once_both_land_in_order(world, today):
    ensure_agencies()
    today(D(2026, 12, 15))
    req = FoiaRequestFactory(organization=world.ours, assigned_to=world.staff)
    record_all(req, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    started, finished, errors = threading.Event(), {}, []

    def first():
        """Logs the extension notice while holding the request row for a moment."""
        try:
            with transaction.atomic():
                FoiaRequest.objects.select_for_update().get(pk=req.pk)
                started.set()
                time.sleep(0.6)  # the other person submits meanwhile
                _letter(req, world.staff, D(2026, 12, 10), "extension_notice", [(E.EXTENDED, {"working_days": 10})])
            finished["first"] = time.monotonic()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    def second():
        """Records the fee letter's events (estimate + toll) at the same time, as a colleague. Straight to the event
        service: its row lock, not a foreign-key lock on some other insert, is what must make it wait."""
        try:
            started.wait(5)
            fresh = FoiaRequest.objects.get(pk=req.pk)  # read before the first commits: stale in memory
            services.request_events_record(
                request=fresh,
                user=world.admin,
                events=[
                    services.EventInput(E.FEE_ESTIMATE, D(2026, 12, 11), amount="90.00"),
                    services.EventInput(E.TOLLED, D(2026, 12, 11), toll_reason="fees"),
                ],
            )
            finished["second"] = time.monotonic()
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert errors == []
    assert finished["second"] >= finished["first"]  # the second waited for the first's lock

    req.refresh_from_db()
    events = list(req.events.order_by("sequence").values_list("sequence", "kind"))
    assert events == [(1, E.SUBMITTED), (2, E.RECEIVED), (3, E.EXTENDED), (4, E.FEE_ESTIMATE), (5, E.TOLLED)]
    assert req.status == "tolled" and req.communications.count() == 1
    deadline = req.deadlines.get(key="initial-response")
    assert deadline.options == {
        "tolls": [{"start": "2026-12-11", "end": None, "reason": "fees", "kind": "fees"}],
        "unusual_circumstances": {"noticed_on": "2026-12-10", "working_days": 10},
    }
    # 13 working days ran (11-23..12-10) before the clock stopped on 12-11: 20 + 10 - 13 = 17 left.
    assert (deadline.due_date, deadline.paused_since, deadline.days_remaining) == (None, D(2026, 12, 11), 17)
