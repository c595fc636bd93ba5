"""The request list's filters, shared by the page, the CSV export and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import capfirst
from django_filters.widgets import DateRangeWidget
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from coalition.access import restrict_visible, user_access
from coalition.models import Organization
from coalition.people import PersonFilter, people_ordered, person_name
from deadlines.filters import DueWithinFilter
from deadlines.selectors import deadline_visible_q
from directory.models import Agency

from .choices import RequestStatus
from .models import Appeal, Attachment, Communication, FoiaRequest, RequestEvent, Tag, TrackingNumber
from .selectors import open_deadlines_of_requests, tag_choices, with_next_due


class SortFilter(django_filters.OrderingFilter):
    """Column sorting; dates put requests without one last in either direction, and ties keep a stable order."""

    NULLABLE = frozenset({"next_due", "submitted_on", "received_on"})
    CASE_INSENSITIVE = frozenset({"subject"})  # "b" sorts with "B", not after "Z"

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map[param.lstrip("-")]
        if name in self.NULLABLE:
            return F(name).desc(nulls_last=True) if descending else F(name).asc(nulls_last=True)
        if name in self.CASE_INSENSITIVE:
            return Lower(name).desc() if descending else Lower(name).asc()
        return super().get_ordering_value(param)

    def filter(self, qs, value):
        if value and any(v.lstrip("-") == "due" for v in value):
            qs = with_next_due(qs, user=self.parent.user)
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-pk") if value else qs


class FoiaRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="Search", method="filter_text", help_text="Subject, text or tracking number")
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.order_by("abbreviation"), to_field_name="slug", label="Agency", empty_label="Any agency"
    )
    status = django_filters.MultipleChoiceFilter(
        choices=RequestStatus.choices, widget=forms.CheckboxSelectMultiple, label="Status"
    )
    organization = django_filters.ModelChoiceFilter(
        queryset=Organization.objects.none(), to_field_name="slug", label="Organisation", empty_label="Any organisation"
    )
    assignee = extend_schema_field(OpenApiTypes.INT)(
        PersonFilter(
            queryset=get_user_model().objects.none(),
            method="filter_assignee",
            label="Assigned to (staff or attorney)",
            empty_label="Anyone",
        )
    )
    tag = extend_schema_field(OpenApiTypes.STR)(
        django_filters.ModelChoiceFilter(
            queryset=Tag.objects.none(), to_field_name="slug", method="filter_tag", label="Tag", empty_label="Any tag"
        )
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue",
        label="Overdue deadline",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes"), ("false", "No")]),
    )
    due_within = DueWithinFilter(method="filter_due_within", label="Deadline within (days)")
    ours = django_filters.BooleanFilter(
        method="filter_ours",
        label="Our organisations' only",
        widget=forms.Select(choices=[("", "Any"), ("true", "Yes")]),
        help_text="Leave out what coalition partners share (the dashboard's counts link here).",
    )
    submitted = django_filters.DateFromToRangeFilter(
        field_name="submitted_on", label="Submitted between", widget=DateRangeWidget(attrs={"type": "date"})
    )
    received = django_filters.DateFromToRangeFilter(
        field_name="received_on", label="Received between", widget=DateRangeWidget(attrs={"type": "date"})
    )
    sort = SortFilter(
        fields=(
            ("subject", "subject"),
            ("agency__abbreviation", "agency"),
            ("status", "status"),
            ("submitted_on", "submitted"),
            ("received_on", "received"),
            ("next_due", "due"),
            ("updated_at", "updated"),
        ),
        label="Sort",
    )

    class Meta:
        model = FoiaRequest
        fields: list[str] = []

    # The page's compact filter bar; the others fold away under "More filters".
    PRIMARY = ("q", "agency", "status", "organization", "assignee", "tag", "due_within")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user or getattr(self.request, "user", None)  # deadline filters see only what this user may
        access = user_access(self.user)
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=[*access.org_ids, *access.partner_org_ids]
        ).order_by("name")
        self.filters["tag"].queryset = tag_choices(user=self.user)
        self.filters["assignee"].queryset = people_ordered(
            get_user_model().objects.filter(memberships__organization_id__in=list(access.org_ids)).distinct()
        )

    # Up to this many tracking numbers a search matches are named to the request filter by key; more, and it asks
    # the tracking-number table in a subquery instead.
    TRACKING_MATCHES_BY_KEY = 500

    def filter_text(self, qs, name, value):
        """Subject, full text or any tracking number. The request's own columns are tested in the scan that
        already reads each visible row (an IN-subquery per column read the table twice more: about a third
        slower over 20,000 requests). Tracking numbers, in another table, are looked up first (one query, from
        their trigram index, migration 0004, or a scan that stops at the limit) and named by key: a list of keys,
        unlike a subquery, lets PostgreSQL combine the three conditions' indexes (a bitmap OR of the subject and
        text trigram indexes and the primary key), so a rare word or number is found without reading every
        request (about 30 ms -> 2 ms over 20,000). The lookup is not restricted to what the user may see: it only
        narrows `qs`, which is."""
        value = value.strip()
        if not value:
            return qs
        numbers = TrackingNumber.objects.filter(number__icontains=value).order_by()
        found = list(numbers.values_list("request_id", flat=True)[: self.TRACKING_MATCHES_BY_KEY + 1])
        if len(found) > self.TRACKING_MATCHES_BY_KEY:
            tracked = Q(pk__in=numbers.values("request_id"))
        else:
            tracked = Q(pk__in=set(found))
        return qs.filter(Q(subject__icontains=value) | Q(request_text__icontains=value) | tracked)

    def filter_ours(self, qs, name, value):
        return qs.filter(organization_id__in=list(user_access(self.user).org_ids)) if value else qs

    def filter_assignee(self, qs, name, value):
        return qs.filter(Q(assigned_to=value) | Q(attorney=value)) if value else qs

    def filter_tag(self, qs, name, value):
        # By slug: a partner's shared request tagged "ISAP" carries its own organisation's tag of that name.
        return qs.filter(tags__slug=value.slug) if value else qs

    def filter_overdue(self, qs, name, value):
        """`next_due` is the earliest open due date: a request has an overdue deadline when it is past."""
        if value is None:
            return qs
        today, qs = timezone.localdate(), with_next_due(qs, user=self.user)
        if value:
            return qs.filter(next_due__lt=today)
        return qs.filter(Q(next_due__gte=today) | Q(next_due__isnull=True))

    def filter_due_within(self, qs, name, value):
        """An open deadline the user may see (a partner learns nothing from a privileged one), due from today to
        `value` days ahead: the deadlines in that window first (a range of the status and due-date index), then
        their requests, instead of a count per listed request (20,000 correlated subqueries)."""
        if value is None:
            return qs
        today = timezone.localdate()
        due_soon = open_deadlines_of_requests().filter(
            deadline_visible_q(self.user), due_date__gte=today, due_date__lte=today + timedelta(days=int(value))
        )
        return qs.filter(pk__in=due_soon.values("subject_id"))


# --- API list filters of a request's records ---------------------------------------------------------------------
# `?request=<id>` chooses among the requests the caller may see, so another organisation's id is refused exactly
# like a missing one (it would otherwise answer an empty list where a missing id answers 400).


def _visible_requests(request):
    user = getattr(request, "user", None)
    return restrict_visible(FoiaRequest.objects.all(), user) if user else FoiaRequest.objects.none()


def _visible_communications(request):
    user = getattr(request, "user", None)
    if not user:
        return Communication.objects.none()
    return restrict_visible(Communication.objects.all(), user)


class _OfVisibleRequest(django_filters.FilterSet):
    request = django_filters.ModelChoiceFilter(queryset=_visible_requests, label="Request")


class RequestEventFilter(_OfVisibleRequest):
    class Meta:
        model = RequestEvent
        fields = ["request", "kind"]


class CommunicationFilter(_OfVisibleRequest):
    class Meta:
        model = Communication
        fields = ["request", "direction", "kind"]


class AppealFilter(_OfVisibleRequest):
    class Meta:
        model = Appeal
        fields = ["request"]


class TrackingNumberFilter(_OfVisibleRequest):
    class Meta:
        model = TrackingNumber
        fields = ["request", "kind", "number"]


class AttachmentFilter(django_filters.FilterSet):
    communication = django_filters.ModelChoiceFilter(queryset=_visible_communications, label="Communication")

    class Meta:
        model = Attachment
        fields = ["communication"]


# --- The request list's active filters, as removable chips ---------------------------------------------------------


@dataclass(frozen=True)
class Chip:
    name: str  # the filter's name
    label: str
    value: str
    remove_query: str  # the list's query string without this filter (or this one value of a multiple choice)


def _without(params: QueryDict, names: tuple[str, ...], value: str | None = None) -> str:
    kept = params.copy()
    kept.pop("page", None)
    for name in names:
        if value is None:
            kept.pop(name, None)
        else:
            kept.setlist(name, [v for v in kept.getlist(name) if v != value])
    return kept.urlencode()


def filter_chips(filterset: FoiaRequestFilter) -> list[Chip]:
    """One chip per active filter (per value for statuses), each with the query string that removes it."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    params, chips = filterset.data, []
    for name, bound in filterset.form.fields.items():
        if name == "sort":
            continue
        value = filterset.form.cleaned_data.get(name)
        label = capfirst(str(bound.label or name))
        if value in (None, "", []) or (isinstance(value, slice) and value.start is None and value.stop is None):
            continue
        if name == "status":
            choices = dict(RequestStatus.choices)
            chips += [Chip(name, label, str(choices.get(v, v)), _without(params, (name,), v)) for v in value]
        elif isinstance(value, slice):  # a date range: from / to
            text = f"{value.start or '…'} – {value.stop or '…'}"
            chips.append(Chip(name, label, text, _without(params, (f"{name}_after", f"{name}_before"))))
        elif name == "assignee":
            chips.append(Chip(name, label, person_name(value), _without(params, (name,))))
        elif isinstance(value, bool):
            chips.append(Chip(name, label, "yes" if value else "no", _without(params, (name,))))
        else:
            chips.append(Chip(name, label, str(value), _without(params, (name,))))
    return chips


def more_filters_open(filterset: FoiaRequestFilter, chips: list[Chip]) -> bool:
    """Unfold "More filters" when one of them is in use or refused, so nothing active is hidden."""
    folded = [name for name in filterset.form.fields if name not in filterset.PRIMARY and name != "sort"]
    return any(c.name in folded for c in chips) or any(name in filterset.form.errors for name in folded)
