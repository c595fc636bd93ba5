"""Production schedule pages (add one from its order, end it) and the Vaughn index's (its due date, its entries). The
case page's Production schedules card (expected vs actual pages, the chart) is documents' (`{%
case_production_schedules %}`): the productions counted are its rows."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_POST

from . import selectors_docket as selectors
from . import services_schedule as services
from .forms_docket import ProductionScheduleForm, VaughnDueForm, VaughnEntryForm
from .views_docket import _back, _form_page, _saved

ANCHOR = "production-schedules"


@login_required
def production_schedule_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = ProductionScheduleForm(
        request.POST or None, case=case, user=request.user, initial={"order": request.GET.get("order")}
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v is not None and v != ""}
        schedule = _saved(
            request, form, lambda: services.production_schedule_create(actor=request.user, case=case, **data)
        )
        if schedule is not None:
            messages.success(request, f"Production schedule added: {schedule}. Each period's due date is a deadline.")
            return _back(case, ANCHOR)
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a production schedule",
        lede="What the order requires the agency to process each period, from the first production's due date. Each "
        "period's due date becomes a court-ordered deadline; the productions counted against the schedule show "
        "how far behind the agency is.",
        submit="Add schedule",
        anchor=ANCHOR,
    )


@login_required
@require_POST
def production_schedule_end(request, pk: int, schedule_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    schedule = selectors.production_schedule_get(user=request.user, pk=schedule_pk)
    if schedule.case_id != case.pk:
        raise Http404("No such schedule.")
    services.production_schedule_end(actor=request.user, schedule=schedule)
    messages.success(request, f"Production schedule ended: {schedule}. The periods not yet due are superseded.")
    return _back(case, ANCHOR)


VAUGHN = "vaughn"


@login_required
def vaughn_due(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = VaughnDueForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        deadline = _saved(
            request, form, lambda: services.vaughn_index_due(actor=request.user, case=case, **form.cleaned_data)
        )
        if deadline is not None:
            messages.success(request, f"Vaughn index due {deadline.due_date.isoformat()}.")
            return _back(case, VAUGHN)
    return _form_page(
        request,
        case=case,
        form=form,
        title="Vaughn index due date",
        lede="The date an order set for the agency's Vaughn index: a court-ordered deadline citing the order.",
        submit="Save due date",
        anchor=VAUGHN,
    )


@login_required
def vaughn_entry_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = VaughnEntryForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = _saved(
            request,
            form,
            lambda: services.vaughn_entry_add(actor=request.user, case=case, **form.service_kwargs()),
        )
        if entry is not None:
            messages.success(request, f"Vaughn index entry no. {entry.number} added.")
            return _back(case, VAUGHN)
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a Vaughn index entry",
        lede="A record the agency withheld, as its index describes it: pages, exemptions claimed, its justification, "
        "and where our challenge stands. Write our reasoning as a note on the entry (privileged when it is work "
        "product).",
        submit="Add entry",
        anchor=VAUGHN,
    )


@login_required
def vaughn_entry_edit(request, pk: int, entry_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    entry = selectors.vaughn_entry_get(user=request.user, pk=entry_pk)
    if entry.case_id != case.pk:
        raise Http404("No such Vaughn entry.")
    form = VaughnEntryForm(request.POST or None, case=case, user=request.user, entry=entry)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda: services.vaughn_entry_update(
                actor=request.user, entry=entry, version=form.cleaned_data["version"], **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, f"Vaughn index entry no. {saved.number} saved.")
            return _back(case, VAUGHN)
    return _form_page(
        request, case=case, form=form, title=f"Vaughn index entry no. {entry.number}", lede="", submit="Save entry",
        anchor=VAUGHN,
    )  # fmt: skip
