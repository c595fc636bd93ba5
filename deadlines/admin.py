"""Closures are edited here (each add / change / delete recomputes the deadlines it touches, through the services);
derived deadlines are read-only: they change only when their trigger, a closure or a rule does."""

from django.contrib import admin, messages
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .models import Closure, Deadline, DeadlineKind, DeadlineSummary


def _report(modeladmin, request, result, verb: str) -> None:
    text = f"Closure {verb}: {len(result.changed_ids)} open or missed deadline(s) recomputed."
    modeladmin.message_user(request, text, messages.SUCCESS)
    if result.failed_ids:
        modeladmin.message_user(
            request, f"Could not recompute deadline(s) {result.failed_ids}: check their options.", messages.WARNING
        )


@admin.register(Closure)
class ClosureAdmin(SimpleHistoryAdmin):
    list_display = ["date", "reason", "scope", "agency", "court"]
    list_filter = ["scope", "agency", "court"]
    search_fields = ["reason"]
    date_hierarchy = "date"
    fields = ["date", "reason", "scope", "agency", "court"]

    def save_model(self, request, obj, form, change):
        values = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            result = services.closure_update(closure=obj, user=request.user, **values)
            _report(self, request, result, "changed")
        else:
            result = services.closure_add(user=request.user, **values)
            obj.pk = obj.id = result.closure.pk
            _report(self, request, result, "added")

    def delete_model(self, request, obj):
        _report(self, request, services.closure_remove(closure=obj, user=request.user), "removed")

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for closure in queryset:
                self.delete_model(request, closure)


@admin.register(Deadline)
class DeadlineAdmin(SimpleHistoryAdmin):
    list_display = ["title", "due_date", "status", "kind", "rule", "organization", "privileged"]
    list_filter = ["status", "kind", "rule", "privileged", "organization"]
    search_fields = ["title", "key", "citation"]
    date_hierarchy = "due_date"
    list_select_related = ["organization"]
    manual_fields = ["title", "due_date", "citation", "note", "responsible", "privileged", "status"]

    def has_add_permission(self, request):
        return False  # deadlines come from their subjects (derived) or court orders (manual), through the services

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.kind == DeadlineKind.DERIVED:
            return False  # shown read-only: derived deadlines change only through their trigger, a closure or a rule
        return super().has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        every = [f.name for f in Deadline._meta.concrete_fields]
        if obj is not None and obj.kind == DeadlineKind.MANUAL:
            return [name for name in every if name not in self.manual_fields]
        return every

    def save_model(self, request, obj, form, change):
        # Only manual deadlines have editable fields; route the change through the services (history + signal).
        services.deadline_update_manual(
            actor=request.user,
            deadline=obj,
            title=obj.title,
            due_date=obj.due_date,
            citation=obj.citation,
            note=obj.note,
            privileged=obj.privileged,
        )
        if "responsible" in form.changed_data:
            services.deadline_assign(actor=request.user, deadline=obj, responsible=obj.responsible)
        if "status" in form.changed_data:
            services.deadline_set_status(
                deadline=obj, status=obj.status, actor=request.user, reason=f"set in the admin by {request.user}"
            )


@admin.register(DeadlineSummary)
class DeadlineSummaryAdmin(admin.ModelAdmin):
    """Read-only: derived from the deadlines in the same transaction (deadlines.summaries), never edited."""

    list_display = ("subject_type", "subject_id", "next_due_on", "next_shared_due_on")
    list_filter = ("subject_type",)
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
