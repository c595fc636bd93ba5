"""Recording what happens to a request: events, communications (agency responses and our letters), appeals,
tracking numbers, and serving attachments through the access rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, services
from ..choices import Direction
from ..forms import AppealForm, CommunicationForm, EventForm, TrackingNumberForm
from ..models import FoiaRequest
from .common import add_service_error, attachment_response
from .requests import render_request_detail


def _editable_request(request, pk: int) -> FoiaRequest:
    return selectors.foia_request_get_editable(user=request.user, pk=pk)


@login_required
def event_create(request, pk: int):
    obj = _editable_request(request, pk)
    kinds = selectors.event_kinds_possible(
        request=obj, events=selectors.request_events(request=obj), today=timezone.localdate()
    )
    if request.method == "POST":
        form = EventForm(request.POST, request=obj, kinds=kinds)
        if form.is_valid():
            try:
                event = services.request_event_record(request=obj, user=request.user, event=form.event_input())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, f"Recorded: {event.get_kind_display()} on {event.date.isoformat()}.")
                return redirect(obj)
    else:
        form = EventForm(request=obj, kinds=kinds, initial={"kind": request.GET.get("kind", "")})
    return render(request, "foia/event_form.html", {"form": form, "object": obj})


@login_required
@require_POST
def event_delete(request, pk: int, event_pk: int):
    obj = _editable_request(request, pk)
    event = selectors.events_visible(user=request.user).filter(request=obj, pk=event_pk).first()
    if event is None:
        raise Http404("No such event.")
    try:
        services.request_event_delete(event=event, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"Deleted: {event.get_kind_display()} of {event.date.isoformat()}.")
    return redirect(obj)


@login_required
def communication_create(request, pk: int, direction: str):
    """ "Log agency response" (from the agency) and "log our letter" (to the agency), with the events implied."""
    obj = _editable_request(request, pk)
    if request.method == "POST":
        form = CommunicationForm(request.POST, request.FILES, request=obj, direction=direction)
        if form.is_valid():
            try:
                services.communication_log(request=obj, user=request.user, **form.service_kwargs())
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Communication logged.")
                return redirect(obj)
    else:
        form = CommunicationForm(request=obj, direction=direction, initial={"kind": request.GET.get("kind", "")})
    return render(
        request,
        "foia/communication_form.html",
        {"form": form, "object": obj, "from_agency": direction == Direction.FROM_AGENCY},
    )


@login_required
@require_GET
def communication_sections(request, pk: int, direction: str):
    """htmx: the event sections a communication of the chosen kind implies."""
    obj = _editable_request(request, pk)
    form = CommunicationForm(request=obj, direction=direction, initial={"kind": request.GET.get("kind", "")})
    return render(request, "foia/partials/implied_events.html", {"form": form})


@login_required
def appeal_create(request, pk: int):
    obj = _editable_request(request, pk)
    today = timezone.localdate()
    overview = selectors.request_overview(user=request.user, request=obj, today=today)
    prefill = selectors.appeal_prefill(
        request=obj,
        events=overview.events,
        deadlines=overview.deadlines,
        tracking_numbers=overview.tracking_numbers,
        today=today,
    )
    if request.method == "POST":
        form = AppealForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.appeal_file(
                    request=obj,
                    user=request.user,
                    filed_on=d["filed_on"],
                    received_on=d.get("received_on"),
                    grounds=d.get("grounds", ""),
                    issues=d.get("issues") or [],
                    appeal_authority=d.get("appeal_authority", ""),
                    channel=d["channel"],
                    letter_subject=d.get("letter_subject", ""),
                    letter_body=d.get("letter_body", ""),
                    files=d.get("attachments") or [],
                    tracking_number=d.get("tracking_number", ""),
                    appeal_of=d.get("appeal_of", ""),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, "Appeal filed: the agency's decision deadline is now tracked.")
                return redirect(obj)
    else:
        form = AppealForm(initial=prefill["initial"])
    context = {"form": form, "object": obj, "today": today, **prefill}
    context["refusal"] = selectors.appeal_refusal(request=obj, events=overview.events, today=today)
    context["can_file"] = context["refusal"] is None
    return render(request, "foia/appeal_form.html", context)


@login_required
@require_POST
def tracking_number_create(request, pk: int):
    obj = _editable_request(request, pk)
    form = TrackingNumberForm(request.POST, request=obj)
    if form.is_valid():
        try:
            services.tracking_number_add(request=obj, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Tracking number {form.cleaned_data['number']} added.")
            return redirect(obj)
    # Shown again on the request page, each error beside its field and what was typed kept.
    return render_request_detail(request, selectors.foia_request_get(user=request.user, pk=pk), tracking_form=form)


@login_required
@require_GET
def attachment_download(request, pk: int):
    """Files are only ever served here, after the access check (404 for anyone who cannot see the request)."""
    return attachment_response(selectors.attachment_get(user=request.user, pk=pk))
