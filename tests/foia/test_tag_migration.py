"""The migration that gives tags an organisation splits each existing tag per organisation of the requests using it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("foia", "0005_request_fee_limit_and_drafted_on_rules"), ("coalition", "0001_initial")]
AFTER = [("foia", "0009_tag_organization_required")]


@pytest.mark.django_db(transaction=True)
def test_existing_tags_are_split_per_organisation_of_their_requests():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Org, Tag, Request, Agency = (
        old.get_model(*m.split(".")) for m in ("coalition.Organization", "foia.Tag", "foia.FoiaRequest", "foia.Agency")
    )
    ours, theirs = Org.objects.create(name="Ours", slug="ours"), Org.objects.create(name="Theirs", slug="theirs")
    agency = Agency.objects.create(slug="mig-agency", name="Migration Agency", abbreviation="MA")
    gps, mine, unused = (
        Tag.objects.create(name=n, slug=n.lower().replace(" ", "-")) for n in ("GPS ankle monitors", "Mine", "Unused")
    )
    r1, r2, r3 = (
        Request.objects.create(organization=o, agency=agency, subject=s, request_text="...")
        for o, s in ((ours, "a"), (theirs, "b"), (ours, "c"))
    )
    r1.tags.set([gps, mine])
    r2.tags.set([gps])
    r3.tags.set([gps])

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Tag, Request = new.get_model("foia", "Tag"), new.get_model("foia", "FoiaRequest")
    rows = sorted(Tag.objects.values_list("organization__slug", "name"))
    assert rows == [("ours", "GPS ankle monitors"), ("ours", "Mine"), ("theirs", "GPS ankle monitors")]
    for request in Request.objects.all():
        assert {t.organization_id for t in request.tags.all()} == {request.organization_id}
    assert sorted(Request.objects.get(pk=r1.pk).tags.values_list("name", flat=True)) == ["GPS ankle monitors", "Mine"]
    assert list(Request.objects.get(pk=r2.pk).tags.values_list("name", flat=True)) == ["GPS ankle monitors"]
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
