"""Who receives a deadline's reminders, resolved in bulk with a fixed number of queries for any number of deadlines.

Recipients are the person responsible, the watchers of the deadline or of its subject (the request or case), and, for
escalation steps, the attorneys and admins of the deadline's organisation. Each is kept only if they may see the
deadline today under the access rules (`coalition.access`): members of its organisation, or members of a coalition
partner when it is shared with the coalition and not privileged. Users who muted the deadline are dropped.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from coalition.models import Membership, Organization, Role, Sharing

from ..models_reminders import DeadlineMute, EmailMode, ReminderPreference, Watch

ESCALATION_ROLES = (Role.ATTORNEY, Role.ADMIN)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    email: str
    email_mode: str


def _watchers(deadlines) -> dict[int, set[int]]:
    """deadline pk -> users watching it or its subject (one query)."""
    deadline_ct = ContentType.objects.get_for_model(deadlines[0].__class__)
    subject_types = {d.subject_type_id for d in deadlines}
    subject_ids = {d.subject_id for d in deadlines}
    rows = Watch.objects.filter(
        Q(subject_type_id__in=subject_types, subject_id__in=subject_ids)
        | Q(subject_type=deadline_ct, subject_id__in=[d.pk for d in deadlines])
    ).values_list("user_id", "subject_type_id", "subject_id")
    by_subject: dict[tuple[int, int], set[int]] = defaultdict(set)
    for user_id, type_id, obj_id in rows:
        by_subject[(type_id, obj_id)].add(user_id)
    return {
        d.pk: by_subject.get((d.subject_type_id, d.subject_id), set()) | by_subject.get((deadline_ct.pk, d.pk), set())
        for d in deadlines
    }


def deadline_recipients(deadlines, *, escalating: set[int] = frozenset()) -> dict[int, list[Recipient]]:
    """deadline pk -> the people its reminder goes to now. `escalating` holds deadline pks whose step escalates."""
    deadlines = list(deadlines)
    if not deadlines:
        return {}
    watchers = _watchers(deadlines)
    candidates = {d.pk: set(watchers[d.pk]) | ({d.responsible_id} if d.responsible_id else set()) for d in deadlines}
    escalation_orgs = {d.organization_id for d in deadlines if d.pk in escalating}
    user_ids = set().union(*candidates.values())

    orgs_of: dict[int, set[int]] = defaultdict(set)
    escalators: dict[int, set[int]] = defaultdict(set)  # org -> attorneys and admins
    for user_id, org_id, role in Membership.objects.filter(
        Q(user_id__in=user_ids) | Q(organization_id__in=escalation_orgs, role__in=ESCALATION_ROLES)
    ).values_list("user_id", "organization_id", "role"):
        orgs_of[user_id].add(org_id)
        if org_id in escalation_orgs and role in ESCALATION_ROLES:
            escalators[org_id].add(user_id)
    for d in deadlines:
        if d.pk in escalating:
            candidates[d.pk] |= escalators[d.organization_id]
    user_ids = set().union(*candidates.values())

    all_orgs = {d.organization_id for d in deadlines}.union(*orgs_of.values()) if orgs_of else set()
    coalitions_of: dict[int, set[int]] = defaultdict(set)
    for org_id, coalition_id in Organization.coalitions.through.objects.filter(
        organization_id__in=all_orgs
    ).values_list("organization_id", "coalition_id"):
        coalitions_of[org_id].add(coalition_id)

    users = dict(get_user_model().objects.filter(pk__in=user_ids, is_active=True).values_list("pk", "email"))
    modes = dict(ReminderPreference.objects.filter(user_id__in=user_ids).values_list("user_id", "email_mode"))
    muted = set(
        DeadlineMute.objects.filter(deadline_id__in=[d.pk for d in deadlines]).values_list("deadline_id", "user_id")
    )

    def may_see(user_id: int, d) -> bool:
        own = orgs_of.get(user_id, set())
        if d.organization_id in own:
            return True
        if d.sharing != Sharing.COALITION or d.privileged:
            return False  # privileged work never reaches coalition partners
        user_coalitions = set().union(*(coalitions_of[o] for o in own)) if own else set()
        return bool(user_coalitions & coalitions_of[d.organization_id])

    result: dict[int, list[Recipient]] = {}
    for d in deadlines:
        result[d.pk] = [
            Recipient(user_id=u, email=users[u], email_mode=modes.get(u, EmailMode.IMMEDIATE))
            for u in sorted(candidates[d.pk])
            if u in users and (d.pk, u) not in muted and may_see(u, d)
        ]
    return result
