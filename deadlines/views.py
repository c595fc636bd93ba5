"""Deadline pages: the calculator, the list, one deadline (steps and history), and status / assignment changes.

Pages work without JavaScript; with htmx the calculator and the list filters swap just their result partial.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from coalition.access import can_edit

from . import services
from .filters import DeadlineFilter
from .forms import AssignForm, CalculatorPageForm, StatusForm
from .rules import RULES, RuleError
from .selectors import (
    closures_list,
    deadline_get_visible,
    deadline_list_for,
    deadline_subject_url,
    deadline_timing,
    deadlines_with_subject_urls,
)

PAGE_SIZE = 50


def _htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and request.headers.get("HX-Boosted") != "true"


@login_required
def calculator(request):
    form = CalculatorPageForm(request.GET or None)
    context = {"form": form, "computation": form.computation if form.is_bound and form.is_valid() else None}
    if form.is_valid():
        context["rule"] = RULES[form.cleaned_data["rule"]]
    if _htmx(request):
        # 200 even with errors: htmx does not swap a 4xx response in, and the partial shows the messages.
        return render(request, "deadlines/partials/calculation.html", context)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "deadlines/deadline_calculator.html", context, status=status)


@login_required
def deadline_list(request):
    deadlines = DeadlineFilter(request.GET, queryset=deadline_list_for(user=request.user), request=request)
    page = Paginator(deadlines.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = deadlines_with_subject_urls(user=request.user, deadlines=page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    page_query = query.urlencode()
    query.pop("ordering", None)
    context = {
        "filter": deadlines,
        "page": page,
        "today": timezone.localdate(),
        "query": page_query,
        "sort_query": query.urlencode(),
    }
    template = "deadlines/partials/deadline_table.html" if _htmx(request) else "deadlines/deadline_list.html"
    return render(request, template, context)


@login_required
def deadline_detail(request, pk: int):
    deadline = deadline_get_visible(user=request.user, pk=pk)
    history = deadline.history.select_related("history_user").order_by("-history_id")[:100]
    editable = can_edit(request.user, deadline)
    context = {
        "deadline": deadline,
        "subject_url": deadline_subject_url(user=request.user, deadline=deadline),
        "rule": RULES.get(deadline.rule),
        "history": history,
        "editable": editable,
        "today": timezone.localdate(),
        "timing": deadline_timing(deadline=deadline),
        "status_form": StatusForm(initial={"status": deadline.status}) if editable else None,
        "assign_form": AssignForm(deadline=deadline, initial={"responsible": deadline.responsible_id})
        if editable
        else None,
    }
    return render(request, "deadlines/deadline_detail.html", context)


def _editable(request, pk: int):
    deadline = deadline_get_visible(user=request.user, pk=pk)
    if not can_edit(request.user, deadline):
        raise PermissionDenied("You can view this deadline but not change it.")
    return deadline


@login_required
@require_POST
def deadline_status(request, pk: int):
    deadline = _editable(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.deadline_set_status(
                deadline=deadline,
                status=data["status"],
                actor=request.user,
                reason=data["reason"],
                version=data["version"],
            )
        except RuleError as exc:  # reopening recomputes; stored options a rule now refuses stop it, changing nothing
            messages.error(request, f"Not reopened: the deadline cannot be recomputed: {exc}")
        except ValidationError as exc:  # StaleVersion: changed since the page was shown, says what changed
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"Marked {data['status']}.")
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("deadlines:detail", pk=deadline.pk)


@login_required
@require_POST
def deadline_assign(request, pk: int):
    deadline = _editable(request, pk)
    form = AssignForm(request.POST, deadline=deadline)
    if form.is_valid():
        try:
            services.deadline_assign(
                actor=request.user,
                deadline=deadline,
                responsible=form.cleaned_data["responsible"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as exc:  # StaleVersion
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Responsible person updated.")
    else:
        messages.error(request, "Choose a member of the deadline's organisation.")
    return redirect("deadlines:detail", pk=deadline.pk)


@login_required
def closure_list(request):
    """The closures the engine counts (read-only; admins edit them in the Django admin), by year."""
    closures = list(closures_list())
    years: dict[int, list] = {}
    for closure in closures:
        years.setdefault(closure.date.year, []).append(closure)
    return render(request, "deadlines/closure_list.html", {"years": sorted(years.items(), reverse=True)})
