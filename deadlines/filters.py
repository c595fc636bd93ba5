"""Filters shared by the deadlines page and /api/v1/deadlines/ (django-filter)."""

import datetime as dt

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from coalition.access import user_access
from coalition.models import Organization
from coalition.people import PersonFilter, people_ordered

from .models import Deadline, DeadlineKind, DeadlineStatus
from .rules import RULES
from .selectors import deadline_overdue_q

MAX_WITHIN_DAYS = 3660


class DueWithinFilter(django_filters.NumberFilter):
    """A number of days from 0 to MAX_WITHIN_DAYS, so a huge number is a validation error (400 in the API, a field
    error on a page) rather than a date overflow. Shared with the FOIA request list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_WITHIN_DAYS)
        super().__init__(*args, **kwargs)


def _organizations(request):
    if request is None:
        return Organization.objects.none()
    access = user_access(request.user)
    return Organization.objects.filter(pk__in=list(access.org_ids | access.partner_org_ids))


def _people(request):
    if request is None:
        return get_user_model().objects.none()
    orgs = list(user_access(request.user).org_ids)
    return people_ordered(get_user_model().objects.filter(memberships__organization_id__in=orgs).distinct())


class DeadlineFilter(django_filters.FilterSet):
    organization = django_filters.ModelChoiceFilter(
        queryset=_organizations, label="Organisation", empty_label="Any organisation"
    )
    kind = django_filters.ChoiceFilter(choices=DeadlineKind.choices, label="Kind", empty_label="Any kind")
    rule = django_filters.ChoiceFilter(
        choices=[(slug, rule.name) for slug, rule in RULES.items()], label="Rule", empty_label="Any rule"
    )
    responsible = PersonFilter(queryset=_people, label="Responsible", empty_label="Anyone")
    status = django_filters.ChoiceFilter(
        choices=DeadlineStatus.choices, label="Status", empty_label="Any status", method="filter_status"
    )
    due_within = DueWithinFilter(method="filter_due_within", label="Due within (days)")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue",
        # "Any" for the empty choice, as on the request list (NullBooleanSelect says "Unknown").
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    ordering = django_filters.OrderingFilter(
        fields=(("due_date", "due_date"),),
        field_labels={"due_date": "Due date"},
        label="Sort",
        empty_label="Soonest first",
    )

    class Meta:
        model = Deadline
        fields = ["organization", "kind", "rule", "responsible", "status", "due_within", "overdue"]

    def __init__(self, data=None, *args, **kwargs):
        # Open deadlines unless a status is asked for; "status=" (empty) means any status.
        if data is not None and "status" not in data:
            data = data.copy()
            data["status"] = DeadlineStatus.OPEN
        super().__init__(data, *args, **kwargs)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value) if value else queryset

    def filter_due_within(self, queryset, name, value):
        if value is None:
            return queryset
        today = timezone.localdate()
        return queryset.filter(
            status=DeadlineStatus.OPEN, due_date__gte=today, due_date__lte=today + dt.timedelta(days=int(value))
        )

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(deadline_overdue_q()) if value else queryset.exclude(deadline_overdue_q())

    @property
    def qs(self):
        qs = super().qs
        if not self.form.cleaned_data.get("ordering"):
            qs = qs.order_by(F("due_date").asc(nulls_last=True), "pk")
        return qs
