"""How people are named on pages: their full name, else their username. Tables, dropdowns and filters use these, so a
person reads the same everywhere."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import QuerySet, Value
from django.db.models.functions import Coalesce, Concat, Lower, NullIf, Trim


def people_ordered(users: QuerySet) -> QuerySet:
    """Users in the order their names read, by the same name `person_name` shows (full name, else username), case
    aside; the username breaks ties."""
    shown = Coalesce(NullIf(Trim(Concat("first_name", Value(" "), "last_name")), Value("")), "username")
    return users.annotate(person_sort_name=Lower(shown)).order_by("person_sort_name", "username")


def person_name(user) -> str:
    """A user's full name, else their username; a dash for nobody."""
    if not user:
        return "—"
    return user.get_full_name() or user.get_username()


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of one user, labelled with `person_name`."""

    def label_from_instance(self, obj) -> str:
        return person_name(obj)


class PersonFilter(django_filters.ModelChoiceFilter):
    """A filter on one user, labelled with `person_name`."""

    field_class = PersonChoiceField
