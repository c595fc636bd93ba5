"""One definition of "mine": a deadline is mine when I am its responsible person, I am one of its subject's people
(a request's assigned staff or attorney), or I follow the deadline or its subject.

The apps above reminders declare their subjects' people on the model (`deadline_people = ("assigned_to",
"attorney")`, foreign keys to the user model, the way a child declares `access_parent`), so reminders never imports
them. The same rule has three forms, kept equal by tests/reminders/test_recipient_properties.py: a queryset filter
(`deadline_mine_q`, for Upcoming, the dashboard and the "My deadlines" feed), SQL candidates (`people_candidates_sql`,
for the reminder recipients) and an object check (`deadline_is_mine`).
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Exists, Model, OuterRef, Q

from deadlines.models import Deadline

from .models import Watch


@cache
def subject_people() -> tuple[tuple[type[Model], tuple[str, ...]], ...]:
    """(model, its people fields) for every model that declares `deadline_people`."""
    declared = []
    for model in apps.get_models():
        fields = model.__dict__.get("deadline_people")
        if fields:
            for name in fields:  # a direct foreign key to the user model, or the SQL below would be wrong
                field = model._meta.get_field(name)
                if not (field.many_to_one and field.related_model is get_user_model()):
                    raise TypeError(f"{model.__name__}.{name} is not a foreign key to the user model")
            declared.append((model, tuple(fields)))
    return tuple(declared)


def _watched_q(user) -> Q:
    deadline_ct = ContentType.objects.get_for_model(Deadline)
    watches = Watch.objects.filter(user_id=user.pk)
    return Q(
        Exists(watches.filter(subject_type_id=OuterRef("subject_type_id"), subject_id=OuterRef("subject_id")))
    ) | Q(Exists(watches.filter(subject_type=deadline_ct, subject_id=OuterRef("pk"))))


def deadline_mine_q(user) -> Q:
    """A filter on Deadline: the deadlines that are the user's (see the module docstring). Access is not part of it:
    combine it with `deadline_visible_q`."""
    q = Q(responsible_id=user.pk) | _watched_q(user)
    for model, fields in subject_people():
        people = Q()
        for name in fields:
            people |= Q(**{f"{name}_id": user.pk})
        q |= Q(
            subject_type_id=ContentType.objects.get_for_model(model).pk,
            subject_id__in=model._default_manager.filter(people).values("pk"),
        )
    return q


def deadline_is_mine(user, deadline: Deadline) -> bool:
    """The object form of `deadline_mine_q`."""
    if deadline.responsible_id == user.pk:
        return True
    deadline_ct = ContentType.objects.get_for_model(Deadline)
    watches = Watch.objects.filter(user_id=user.pk)
    if watches.filter(
        Q(subject_type_id=deadline.subject_type_id, subject_id=deadline.subject_id)
        | Q(subject_type=deadline_ct, subject_id=deadline.pk)
    ).exists():
        return True
    for model, fields in subject_people():
        if deadline.subject_type_id == ContentType.objects.get_for_model(model).pk:
            subject = model._default_manager.filter(pk=deadline.subject_id).values(*[f"{n}_id" for n in fields])
            row = subject.first()
            return row is not None and user.pk in row.values()
    return False


def people_candidates_sql(deadlines_cte: str = "d") -> tuple[str, list]:
    """`UNION SELECT pk, user_id ...` lines adding each deadline's subject people to the recipients' candidates. The
    CTE has the deadline's `pk`, `subject_type` and `subject` columns."""
    q = connection.ops.quote_name
    parts, params = [], []
    for model, fields in subject_people():
        table, pk = q(model._meta.db_table), q(model._meta.pk.column)
        for name in fields:
            column = q(model._meta.get_field(name).column)
            parts.append(
                f"UNION SELECT {deadlines_cte}.pk, s.{column} FROM {deadlines_cte} JOIN {table} s"
                f" ON {deadlines_cte}.subject_type = %s AND s.{pk} = {deadlines_cte}.subject"
                f" WHERE s.{column} IS NOT NULL"
            )
            params.append(ContentType.objects.get_for_model(model).pk)
    return "\n    ".join(parts), params
