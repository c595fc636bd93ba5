"""No lost updates on requests: the edit form carries the version it was read at, the API sends ETags and honours
If-Match (core.versioning, core.etags)."""

import datetime as dt
import threading
import time

import pytest
from django import forms
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from coalition.models import Sharing
from core.versioning import StaleVersion
from foia import services
from foia.choices import EventKind as E
from foia.models import FoiaRequest
from tests.foia.factories import FoiaRequestFactory, ensure_agencies, record_all

D = dt.date
BASE = "/api/v1/foia"


@pytest.fixture
def setup(world, today):
    today(D(2026, 12, 30))
    mine = FoiaRequestFactory(
        organization=world.ours, subject="Trust Stamp contract", assigned_to=world.staff, sharing=Sharing.COALITION
    )
    record_all(mine, world.staff, (E.SUBMITTED, D(2026, 11, 18)), (E.RECEIVED, D(2026, 11, 20)))
    mine.refresh_from_db()
    return mine


def as_post(form) -> dict:
    """What a browser submits for a rendered form, untouched."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


@pytest.mark.django_db
def test_a_second_edit_read_at_the_same_version_is_refused_with_what_changed_and_keeps_its_input(client, world, setup):
    url = reverse("foia:request-edit", args=[setup.pk])
    client.force_login(world.staff)
    colleague = Client()
    colleague.force_login(world.attorney)
    first = as_post(client.get(url).context["form"])
    second = as_post(colleague.get(url).context["form"])
    assert first["version"] == second["version"] == str(setup.version)

    assert client.post(url, {**first, "subject": "Trust Stamp contract, 2019-2026"}).status_code == 302
    response = colleague.post(url, {**second, "fee_limit": "25.00"})

    assert response.status_code == 200  # refused, not saved
    setup.refresh_from_db()
    assert setup.subject == "Trust Stamp contract, 2019-2026"  # the first save is not put back
    assert setup.fee_limit is None
    page = response.content.decode()
    assert "after you opened it" in page
    assert "Subject: “Trust Stamp contract, 2019-2026” (theirs) vs “Trust Stamp contract” (yours)" in page
    form = response.context["form"]
    assert form["fee_limit"].value() == "25.00" and form["subject"].value() == "Trust Stamp contract"  # input kept
    assert form.errors["subject"] == ["Changed to “Trust Stamp contract, 2019-2026” since you opened this form."]
    assert form["version"].value() == str(setup.version)  # now at the version the person has seen

    # Saving the re-shown form again is a deliberate choice: it goes through.
    assert colleague.post(url, as_post(form)).status_code == 302
    setup.refresh_from_db()
    assert setup.subject == "Trust Stamp contract" and str(setup.fee_limit) == "25.00"


@pytest.mark.django_db
def test_an_edit_form_without_a_version_still_saves(client, world, setup):
    """Nothing to compare: the old behaviour (forms posted by scripts or pages cached before this change)."""
    url = reverse("foia:request-edit", args=[setup.pk])
    client.force_login(world.staff)
    data = as_post(client.get(url).context["form"])
    del data["version"]
    assert client.post(url, {**data, "subject": "New subject"}).status_code == 302
    setup.refresh_from_db()
    assert setup.subject == "New subject"


@pytest.mark.django_db
def test_a_stale_instance_is_never_saved_over_a_newer_row(world, setup):
    stale = FoiaRequest.objects.get(pk=setup.pk)
    services.foia_request_update(request=setup, user=world.staff, subject="Changed meanwhile")
    stale.subject = "Old copy"
    with pytest.raises(StaleVersion), transaction.atomic():
        stale.save()
    setup.refresh_from_db()
    assert setup.subject == "Changed meanwhile"


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.staff)
    return client


@pytest.mark.django_db
def test_the_api_sends_etags_and_refuses_a_stale_if_match_with_412(api, setup):
    url = f"{BASE}/requests/{setup.pk}/"
    read = api.get(url)
    assert read.status_code == 200 and read["ETag"] == f'"{setup.pk}.{setup.version}"'

    changed = api.patch(url, {"subject": "First"}, format="json", HTTP_IF_MATCH=read["ETag"])
    assert changed.status_code == 200 and changed.json()["subject"] == "First"
    assert changed["ETag"] != read["ETag"] and changed["ETag"] == api.get(url)["ETag"]

    setup.refresh_from_db()
    version = setup.version
    for method in (api.patch, api.put):
        stale = method(url, {"subject": "Second"}, format="json", HTTP_IF_MATCH=read["ETag"])
        assert stale.status_code == 412
        assert stale.json() == {
            "detail": "The object changed since you read it: GET it again and reapply your change.",
            "code": "stale",
            "etag": changed["ETag"],
        }
    setup.refresh_from_db()
    assert setup.subject == "First" and setup.version == version  # nothing changed

    weak = api.patch(url, {"subject": "Second"}, format="json", HTTP_IF_MATCH=f"W/{changed['ETag']}")
    assert weak.status_code == 412  # If-Match compares strongly (RFC 9110)
    other = api.patch(url, {"subject": "Second"}, format="json", HTTP_IF_MATCH=f'"0.1", {changed["ETag"]}')
    assert other.status_code == 200 and other["ETag"] == f'"{setup.pk}.{version + 1}"'
    assert api.patch(url, {"subject": "Third"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert api.patch(url, {"subject": "Fourth"}, format="json").status_code == 200  # If-Match is optional


@pytest.mark.django_db
def test_a_stale_delete_is_refused_and_deletes_nothing(api, world, today):
    today(D(2026, 12, 30))
    draft = FoiaRequestFactory(organization=world.ours)
    url = f"{BASE}/requests/{draft.pk}/"
    etag = api.get(url)["ETag"]
    api.patch(url, {"subject": "Renamed"}, format="json")
    assert api.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert FoiaRequest.objects.filter(pk=draft.pk).exists()
    assert api.delete(url, HTTP_IF_MATCH=api.get(url)["ETag"]).status_code == 204


@pytest.mark.django_db
def test_child_objects_send_their_etag_too(api, setup):
    tracking = services.tracking_number_add(
        request=setup, user=setup.assigned_to, number="2026-ICFO-1", agency=setup.agency, assigned_on=D(2026, 11, 20)
    )
    response = api.get(f"{BASE}/tracking-numbers/{tracking.pk}/")
    assert response.status_code == 200 and response["ETag"] == f'"{tracking.pk}.1"'


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_api_writes_from_the_same_etag_at_once_one_wins(world, today):
    ensure_agencies()
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours, subject="Before")
    etag = f'"{req.pk}.{req.version}"'
    barrier, answers = threading.Barrier(2), {}

    def write(subject):
        client = APIClient()
        client.force_authenticate(world.staff)
        try:
            barrier.wait()
            answers[subject] = client.patch(
                f"{BASE}/requests/{req.pk}/", {"subject": subject}, format="json", HTTP_IF_MATCH=etag
            ).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(s,)) for s in ("Alice's", "Bob's")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(answers.values()) == [200, 412]
    winner = next(s for s, code in answers.items() if code == 200)
    req.refresh_from_db()
    assert req.subject == winner and req.version == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_conditional_update_refuses_a_save_that_waited_for_the_other(world, today):
    """Two copies read at version 1, no lock taken by anyone: the first save holds its row until it commits; the
    second UPDATE ... WHERE version = 1 waits for it, then matches nothing and is refused. Check and write are one
    statement, so no interleaving loses the first save."""
    ensure_agencies()
    today(D(2026, 12, 30))
    req = FoiaRequestFactory(organization=world.ours, subject="Before")
    first, second = FoiaRequest.objects.get(pk=req.pk), FoiaRequest.objects.get(pk=req.pk)
    saved, outcome = threading.Event(), {}

    def save_first():
        try:
            with transaction.atomic():
                first.subject = "First"
                first.save()
                saved.set()
                time.sleep(0.5)  # the second save is sent meanwhile and waits on the row
        finally:
            connection.close()

    def save_second():
        saved.wait(5)
        second.subject = "Second"
        try:
            second.save()
            outcome["second"] = "saved"
        except StaleVersion as error:
            outcome["second"] = error.current
        finally:
            connection.close()

    threads = [threading.Thread(target=save_first), threading.Thread(target=save_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert outcome == {"second": 2}
    req.refresh_from_db()
    assert req.subject == "First" and req.version == 2
