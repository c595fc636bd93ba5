"""Pages: Upcoming, the notification inbox, reminder settings and policy, watch/mute toggles, calendar feeds."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from coalition.access import can_administer
from core.versioning import StaleVersion
from deadlines.selectors import deadline_get_visible

from . import selectors, services
from .feeds import feed_calendar
from .forms import ReminderPolicyForm, ReminderPreferenceForm


def _back(request, default: str):
    url = request.POST.get("next") or request.headers.get("Referer") or default
    if not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        url = default
    return redirect(url)


@login_required
def upcoming(request):
    today = timezone.localdate()
    mine = request.GET.get("mine") == "1"
    context = {"today": today, "mine": mine, "days": selectors.UPCOMING_DAYS}
    if request.GET.get("view") == "month":
        try:
            month = dt.date.fromisoformat(f"{request.GET.get('month', '')}-01") if request.GET.get("month") else today
        except ValueError:
            month = None  # a month that is not YYYY-MM: say so, with this month instead
        if month is not None and not 1900 <= month.year <= 2100:
            month = None  # the calendar (and its holidays) cover these years only
        context.update(
            view="month",
            bad_month=month is None,
            month=selectors.month_calendar(user=request.user, month=month or today, mine=mine),
        )
        return render(request, "reminders/deadline_upcoming.html", context)
    deadlines = selectors.upcoming_for(user=request.user, today=today, mine=mine).prefetch_related("subject")
    context.update(view="weeks", groups=selectors.group_by_week(deadlines, today=today))
    return render(request, "reminders/deadline_upcoming.html", context)


@login_required
def notification_list(request):
    qs = selectors.notification_list_for(user=request.user)
    unread_only = request.GET.get("unread") == "1"
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "reminders/notification_list.html", {"page": page, "unread_only": unread_only})


@login_required
@require_GET
def notification_badge(request):
    """The top bar's unread count, fetched by htmx after the page loads (and every minute), so no page pays for it."""
    count = selectors.notification_unread_count(user=request.user)
    return render(request, "reminders/partials/notification_badge.html", {"unread_count": count, "counted": True})


@login_required
@require_POST
def notification_read(request, pk: int):
    notification = get_object_or_404(selectors.notification_list_for(user=request.user), pk=pk)
    services.notification_mark_read(user=request.user, notification=notification)
    if request.POST.get("go") and notification.url:
        return redirect(notification.url)
    return _back(request, "reminders:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("reminders:notifications")


@login_required
def reminder_settings(request):
    # Reading the page writes nothing: defaults are shown unsaved, feed addresses are created by a POST.
    form = ReminderPreferenceForm(request.POST or None, instance=selectors.reminder_preference_for(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.reminder_preference_update(user=request.user, **form.cleaned_data)
        except StaleVersion as error:
            form.refuse_stale(error)
        else:
            messages.success(request, "Reminder settings saved.")
            return redirect("reminders:settings")
    return render(
        request,
        "reminders/reminder_settings.html",
        {
            "form": form,
            "feed_slots": selectors.feed_slots_for(user=request.user),
            "watches": selectors.watch_list_for(user=request.user),
            "mutes": selectors.mute_list_for(user=request.user),
            # the policy page shows the active organisation's policy to its members; without one it answers 404
            "policy_organization": request.active_organization or None,
        },
    )


@login_required
def reminder_policy(request):
    org = request.active_organization
    if not org:
        raise Http404("No organisation.")
    policy = selectors.reminder_policy_for(user=request.user, organization=org)  # unsaved defaults until saved
    if policy is None:
        raise Http404("No organisation.")
    editable = can_administer(request.user, org)
    form = ReminderPolicyForm(request.POST or None, instance=policy, version=policy.version)  # 0: unsaved defaults
    if request.method == "POST":
        if not editable:
            raise PermissionDenied("Only the organisation's admins change its reminder policy.")
        if form.is_valid():
            try:
                services.reminder_policy_update(user=request.user, organization=org, **form.cleaned_data)
            except StaleVersion as error:
                form.refuse_stale(error)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Reminder policy saved; open deadlines were rescheduled.")
                return redirect("reminders:policy")
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "reminders/reminderpolicy_form.html", {"form": form, "editable": editable, "organization": org}
    )


@login_required
@require_POST
def feed_create(request):
    """Create the user's feed address (their own, or one of their organisations') on first request."""
    scope = request.POST.get("scope")
    slot = next(
        (
            s
            for s in selectors.feed_slots_for(user=request.user)
            if s.scope == scope
            and (s.organization.slug if s.organization else "") == request.POST.get("organization", "")
        ),
        None,
    )
    if slot is None:
        raise Http404("No such feed.")
    services.feed_token_for(user=request.user, scope=slot.scope, organization=slot.organization)
    messages.success(request, "Feed address created.")
    return redirect("reminders:settings")


@login_required
@require_POST
def feed_rotate(request, pk: int):
    feed = get_object_or_404(selectors.feed_tokens_for(user=request.user), pk=pk)
    services.feed_token_rotate(user=request.user, feed=feed)
    messages.success(request, "New feed address created; the old one no longer works.")
    return redirect("reminders:settings")


@require_GET
def feed(request, token: str):
    """A calendar feed: the secret in the URL is the only credential (calendar apps cannot log in)."""
    feed_token = selectors.feed_for_token(token=token)
    if feed_token is None:
        raise Http404("No such feed.")
    deadlines = selectors.feed_deadlines(feed=feed_token).prefetch_related("subject")
    response = HttpResponse(
        feed_calendar(feed=feed_token, deadlines=deadlines), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def watch_toggle(request):
    subject = selectors.followable_get(
        user=request.user, content_type_id=request.POST.get("content_type"), object_id=request.POST.get("object_id")
    )
    if subject is None:
        raise Http404("No such object.")
    watching = request.POST.get("watching") == "1"
    services.watch_set(user=request.user, subject=subject, watching=watching)
    messages.success(request, f"You {'now follow' if watching else 'no longer follow'} {subject}.")
    return _back(request, "reminders:upcoming")


@login_required
@require_POST
def mute_toggle(request, pk: int):
    deadline = deadline_get_visible(user=request.user, pk=pk)
    muted = request.POST.get("muted") == "1"
    services.deadline_mute_set(user=request.user, deadline=deadline, muted=muted)
    messages.success(request, f"Reminders of “{deadline.title}” {'muted' if muted else 'resumed'}.")
    return _back(request, "reminders:upcoming")
