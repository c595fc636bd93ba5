"""History rows copied by the database hold what simple_history's own bulk path would write."""

import pytest
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from coalition.models import Coalition
from core.history import bulk_create_copying_history, bulk_update_copying_history
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def history_of(coalition, kind):
    row = Coalition.history.get(id=coalition.pk, history_type=kind)
    tracked = {f.attname: getattr(row, f.attname) for f in Coalition.history.model.tracked_fields}
    return tracked, row.history_user_id, row.history_change_reason


def test_created_and_changed_rows_match_simple_histories_own():
    user = UserFactory()
    with transaction.atomic():
        ours = bulk_create_copying_history(
            [Coalition(name=f"Ours {i}", slug=f"ours-{i}", description="ISAP") for i in range(3)],
            Coalition,
            user=user,
            reason="imported",
        )
    theirs = bulk_create_with_history(
        [Coalition(name=f"Theirs {i}", slug=f"theirs-{i}", description="ISAP") for i in range(3)],
        Coalition,
        default_user=user,
        default_change_reason="imported",
    )
    for mine, other in zip(ours, theirs, strict=True):
        (a, a_user, a_reason), (b, b_user, b_reason) = history_of(mine, "+"), history_of(other, "+")
        assert a.pop("id") == mine.pk and b.pop("id") == other.pk
        assert {k: v for k, v in a.items() if k not in ("name", "slug", "created_at")} == {
            k: v for k, v in b.items() if k not in ("name", "slug", "created_at")
        }
        assert a["name"] == mine.name and a["created_at"] == Coalition.objects.get(pk=mine.pk).created_at
        assert (a_user, a_reason) == (b_user, b_reason) == (user.pk, "imported")

    for coalition in ours:
        coalition.description = f"Changed {coalition.pk}"
    with transaction.atomic():
        bulk_update_copying_history(ours, Coalition, ["description"], user=user)
    for coalition in ours:
        tracked, who, _ = history_of(coalition, "~")
        assert tracked["description"] == f"Changed {coalition.pk}" == Coalition.objects.get(pk=coalition.pk).description
        assert who == user.pk


@pytest.mark.django_db(transaction=True)  # the ordinary test runs inside pytest-django's own transaction
def test_refused_outside_a_transaction():
    with pytest.raises(RuntimeError):
        bulk_create_copying_history([Coalition(name="X", slug="x")], Coalition)
    assert not Coalition.objects.filter(slug="x").exists()
