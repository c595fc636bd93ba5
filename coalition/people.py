"""How people are named on pages: their full name, else their username. Tables, dropdowns and filters use these, so a
person reads the same everywhere."""

from __future__ import annotations

import django_filters
from django import forms

# Dropdowns list people in the order their names read.
PEOPLE_ORDER = ("first_name", "last_name", "username")


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
