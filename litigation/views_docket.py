"""Docket pages: add an entry (what it triggers is derived), its document (downloaded only, access-checked), a
court-ordered deadline, mark a court deadline filed, status-report schedules, notes. Thin: selectors read, services
write; every action returns to the case page's card it changed."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from core.versioning import StaleVersion
from foia.views.common import add_service_error, attachment_response

from . import selectors_docket as selectors
from . import services_docket as services
from .forms_docket import (
    DocketEntryEditForm,
    DocketEntryForm,
    MarkFiledForm,
    NoteForm,
    OrderedDeadlineForm,
    ScheduleForm,
)


def docket_context(*, user, case) -> dict:
    """What the case page's Docket, Court deadlines, Vaughn index and Notes cards show (views.case_detail)."""
    docket = selectors.case_docket(user=user, case=case)
    notes = list(selectors.case_notes(user=user, case=case))
    return {
        "docket": docket,
        "notes": notes,
        "vaughn": selectors.case_vaughn(user=user, case=case, docket=docket, notes=notes),
        "stays": selectors.case_stays(user=user, case=case),
        "may_write_privileged": selectors.may_write_privileged(user=user, case=case),
    }


def _back(case, anchor: str):
    return redirect(f"{case.get_absolute_url()}#{anchor}")


def _form_page(request, *, case, form, title: str, lede: str, submit: str, anchor: str, multipart: bool = False):
    return render(
        request,
        "litigation/docket_form.html",
        {
            "object": case,
            "form": form,
            "title": title,
            "lede": lede,
            "submit": submit,
            "anchor": anchor,
            "multipart": multipart,
        },
    )


def _saved(request, form, call):
    """Run a service; on refusal show it on the form (the field it names) and answer None."""
    try:
        return call()
    except StaleVersion as stale:
        if hasattr(form, "refuse_stale"):
            form.refuse_stale(stale)
        else:
            add_service_error(form, stale)
    except ValidationError as error:
        add_service_error(form, error)
    return None


@login_required
def docket_entry_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = DocketEntryForm(request.POST or None, request.FILES or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        entry = _saved(
            request,
            form,
            lambda: services.docket_entry_add(actor=request.user, case=case, **form.service_kwargs()),
        )
        if entry is not None:
            messages.success(request, f"Docketed ECF No. {entry.number}; its deadlines are computed.")
            return _back(case, "docket")
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a docket entry",
        lede="A motion derives its court's opposition and reply deadlines; a judgment the fee motion and the notice "
        "of appeal; enter an order's deadlines from the Court deadlines card.",
        submit="Add entry",
        anchor="docket",
        multipart=True,
    )


@login_required
def docket_entry_edit(request, pk: int, entry_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    entry = selectors.docket_entry_get(user=request.user, pk=entry_pk)
    if entry.case_id != case.pk:
        raise Http404("No such docket entry.")
    form = DocketEntryEditForm(request.POST or None, case=case, user=request.user, entry=entry)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda: services.docket_entry_update(
                actor=request.user, entry=entry, version=form.cleaned_data["version"], **form.service_kwargs()
            ),
        )
        if saved is not None:
            messages.success(request, f"Corrected ECF No. {saved.number}; its deadlines are recomputed.")
            return _back(case, "docket")
    return _form_page(
        request,
        case=case,
        form=form,
        title=f"Correct ECF No. {entry.number}",
        lede="The deadlines it triggered are recomputed; one a person marked filed stays filed.",
        submit="Save entry",
        anchor="docket",
    )


@login_required
@require_POST
def docket_entry_remove(request, pk: int, entry_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    entry = selectors.docket_entry_get(user=request.user, pk=entry_pk)
    if entry.case_id != case.pk:
        raise Http404("No such docket entry.")
    services.docket_entry_remove(actor=request.user, entry=entry)
    messages.success(request, f"Removed ECF No. {entry.number}; the open deadlines it triggered are superseded.")
    return _back(case, "docket")


@login_required
@require_GET
def docket_document(request, entry_pk: int):
    entry = selectors.docket_entry_get(user=request.user, pk=entry_pk)
    if not entry.document:
        raise Http404("This entry has no document.")
    return attachment_response(
        SimpleNamespace(file=entry.document, filename=entry.filename, content_type=entry.content_type)
    )


@login_required
def ordered_deadline_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = OrderedDeadlineForm(
        request.POST or None, case=case, user=request.user, initial={"order": request.GET.get("order")}
    )
    if request.method == "POST" and form.is_valid():
        deadline = _saved(
            request, form, lambda: services.court_deadline_order(actor=request.user, case=case, **form.cleaned_data)
        )
        if deadline is not None:
            messages.success(request, f"Court-ordered deadline added: {deadline.title}.")
            return _back(case, "court-deadlines")
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a court-ordered deadline",
        lede="A date set by an order on the docket; the order is its source and citation.",
        submit="Add deadline",
        anchor="court-deadlines",
    )


@login_required
def deadline_mark_filed(request, pk: int, deadline_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    deadline = selectors.case_court_deadline_get(user=request.user, case=case, pk=deadline_pk)
    form = MarkFiledForm(request.POST or None, case=case, user=request.user, version=deadline.version)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            request,
            form,
            lambda: services.court_deadline_mark_filed(
                actor=request.user,
                deadline=deadline,
                entry=form.cleaned_data["entry"],
                version=form.cleaned_data["version"],
            ),
        )
        if done is not None:
            messages.success(request, f"Marked filed: {done.title}.")
            return _back(case, "court-deadlines")
    return _form_page(
        request,
        case=case,
        form=form,
        title=f"Mark filed: {deadline.title}",
        lede="Choose the docket entry that met it. It stays filed as you set it until a person reopens it.",
        submit="Mark filed",
        anchor="court-deadlines",
    )


@login_required
def schedule_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = ScheduleForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        schedule = _saved(
            request, form, lambda: services.schedule_create(actor=request.user, case=case, **form.cleaned_data)
        )
        if schedule is not None:
            messages.success(request, f"Schedule added: {schedule}. The first report's deadline is computed.")
            return _back(case, "court-deadlines")
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a status-report schedule",
        lede="A report every N days from a date, until the court ends it: filing each one (a JSR docket entry "
        "under the schedule) creates the next deadline.",
        submit="Add schedule",
        anchor="court-deadlines",
    )


@login_required
@require_POST
def schedule_cancel(request, pk: int, schedule_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    schedule = selectors.schedule_get(user=request.user, pk=schedule_pk)
    if schedule.case_id != case.pk:
        raise Http404("No such schedule.")
    services.schedule_cancel(actor=request.user, schedule=schedule)
    messages.success(request, f"Schedule ended: {schedule}.")
    return _back(case, "court-deadlines")


@login_required
def note_create(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = NoteForm(request.POST or None, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        note = _saved(
            request,
            form,
            lambda: services.note_add(
                actor=request.user,
                case=case,
                body=form.cleaned_data["body"],
                privileged=form.cleaned_data.get("privileged", False),
                vaughn_entry=form.cleaned_data.get("vaughn_entry"),
            ),
        )
        if note is not None:
            messages.success(request, "Privileged note added." if note.privileged else "Note added.")
            return _back(case, "notes")
    return _form_page(
        request,
        case=case,
        form=form,
        title="Add a note",
        lede="An ordinary note is seen like the case. A privileged note (attorney work product) is seen only by "
        "your organisation's attorneys and admins.",
        submit="Add note",
        anchor="notes",
    )


@login_required
def note_edit(request, pk: int, note_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    note = selectors.note_get(user=request.user, pk=note_pk)
    if note.case_id != case.pk:
        raise Http404("No such note.")
    form = NoteForm(request.POST or None, instance=note, case=case, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            lambda: services.note_update(
                actor=request.user,
                note=note,
                body=form.cleaned_data["body"],
                privileged=form.cleaned_data.get("privileged"),
                version=form.cleaned_data["version"],
            ),
        )
        if saved is not None:
            messages.success(request, "Note saved.")
            return _back(case, "notes")
    return _form_page(request, case=case, form=form, title="Edit a note", lede="", submit="Save note", anchor="notes")


@login_required
@require_POST
def note_remove(request, pk: int, note_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    note = selectors.note_get(user=request.user, pk=note_pk)
    if note.case_id != case.pk:
        raise Http404("No such note.")
    services.note_remove(actor=request.user, note=note)
    messages.success(request, "Note removed.")
    return _back(case, "notes")
