"""Who receives a deadline's reminders, resolved in bulk with ONE query for any number of deadlines.

Recipients are the deadline's people by the one definition of "mine" (`reminders.people`: the person responsible, the
subject's people such as a request's assigned staff and attorney, the watchers of the deadline or of its subject),
before the due date as after it, and, for escalation steps, the attorneys and admins of the deadline's organisation.
Each is kept only if they may see the deadline today under the access rules (`coalition.access`): members of its
organisation, or members of a coalition partner when it is shared with the coalition and not privileged. Users who
muted the deadline are dropped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from coalition.models import Membership, Organization, Role, Sharing
from deadlines.models import Deadline

from .models import DeadlineMute, EmailMode, ReminderPreference, Watch
from .people import people_candidates_sql
from .sqlbulk import json_rows_source

ESCALATION_ROLES = (Role.ATTORNEY, Role.ADMIN)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    email_mode: str


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _recipients_sql() -> tuple[str, list]:
    """Candidates (responsible, the subject's people, watchers of the deadline or its subject, escalation roles of
    escalating deadlines), kept when active, not muted, and allowed to see the deadline: a member of its organisation,
    or a member of an organisation sharing a coalition with it when it is shared with the coalition and not
    privileged."""
    User = get_user_model()
    user, member, watch = _table(User), _table(Membership), _table(Watch)
    orgs_coalitions = _table(Organization.coalitions.through)
    roles = ", ".join(f"'{r}'" for r in ESCALATION_ROLES)
    source = json_rows_source(
        [
            ("pk", "bigint"),
            ("org", "bigint"),
            ("shared", "boolean"),
            ("responsible", "bigint"),
            ("subject_type", "bigint"),
            ("subject", "bigint"),
            ("escalating", "boolean"),
        ]
    )
    people, people_params = people_candidates_sql("d")
    sql = f"""
WITH d AS ({source}),
candidate AS (
    SELECT d.pk, d.responsible AS user_id FROM d WHERE d.responsible IS NOT NULL
    UNION SELECT d.pk, w.user_id FROM d
        JOIN {watch} w ON w.subject_type_id = d.subject_type AND w.subject_id = d.subject
    UNION SELECT d.pk, w.user_id FROM d JOIN {watch} w ON w.subject_type_id = %s AND w.subject_id = d.pk
    {people}
    UNION SELECT d.pk, m.user_id FROM d JOIN {member} m ON m.organization_id = d.org AND m.role IN ({roles})
        WHERE d.escalating
)
SELECT c.pk, u.{User._meta.pk.column}, u.{User.get_email_field_name()}, p.email_mode
FROM candidate c
JOIN d ON d.pk = c.pk
JOIN {user} u ON u.{User._meta.pk.column} = c.user_id AND u.is_active
LEFT JOIN {_table(ReminderPreference)} p ON p.user_id = c.user_id
WHERE NOT EXISTS (SELECT 1 FROM {_table(DeadlineMute)} x WHERE x.deadline_id = c.pk AND x.user_id = c.user_id)
AND (
    EXISTS (SELECT 1 FROM {member} m WHERE m.user_id = c.user_id AND m.organization_id = d.org)
    OR (d.shared AND EXISTS (
        SELECT 1 FROM {member} m
        JOIN {orgs_coalitions} mine ON mine.organization_id = m.organization_id
        JOIN {orgs_coalitions} theirs ON theirs.coalition_id = mine.coalition_id
        WHERE m.user_id = c.user_id AND theirs.organization_id = d.org
    ))
)
ORDER BY c.pk, u.{User._meta.pk.column}
"""
    return sql, people_params


def deadline_recipients(deadlines, *, escalating: set[int] = frozenset()) -> dict[int, list[Recipient]]:
    """deadline pk -> the people its reminder goes to now. `escalating` holds deadline pks whose step escalates.

    One query whatever the number of deadlines (they travel as one JSON parameter). `deadlines` need `pk`,
    `organization_id`, `sharing`, `privileged`, `responsible_id`, `subject_type_id` and `subject_id`."""
    deadlines = list(deadlines)
    if not deadlines:
        return {}
    payload = json.dumps(
        [
            {
                "pk": d.pk,
                "org": d.organization_id,
                # privileged work never reaches coalition partners
                "shared": d.sharing == Sharing.COALITION and not d.privileged,
                "responsible": d.responsible_id,
                "subject_type": d.subject_type_id,
                "subject": d.subject_id,
                "escalating": d.pk in escalating,
            }
            for d in deadlines
        ]
    )
    result: dict[int, list[Recipient]] = {d.pk: [] for d in deadlines}
    with connection.cursor() as cursor:
        sql, people_params = _recipients_sql()
        cursor.execute(sql, [payload, ContentType.objects.get_for_model(Deadline).pk, *people_params])
        for pk, user_id, email, mode in cursor.fetchall():
            result[pk].append(Recipient(user_id=user_id, email=email, email_mode=mode or EmailMode.IMMEDIATE))
    return result
