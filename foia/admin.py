from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Appeal, Attachment, Communication, FoiaRequest, RequestEvent, SavedView, Tag, TrackingNumber


class TrackingNumberInline(admin.TabularInline):
    model = TrackingNumber
    extra = 0
    autocomplete_fields = ["agency"]


class EventInline(admin.TabularInline):
    """Read-only here: events change status and deadlines, so they are recorded through the app, never the admin."""

    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["date", "kind", "outcome", "toll_reason", "working_days", "sequence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SavedView)
class SavedViewAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "query", "created_at")
    search_fields = ("name", "user__username")
    raw_id_fields = ("user",)


@admin.register(FoiaRequest)
class FoiaRequestAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "organization", "agency", "status", "submitted_on", "received_on", "updated_at"]
    list_filter = ["status", "agency", "organization", "sharing"]
    search_fields = ["subject", "request_text", "tracking_numbers__number"]
    readonly_fields = ["status", "submitted_on", "received_on", "acknowledged_on", "closed_on"]
    autocomplete_fields = ["agency"]
    filter_horizontal = ["tags"]
    inlines = [TrackingNumberInline, EventInline]


@admin.register(RequestEvent)
class RequestEventAdmin(SimpleHistoryAdmin):
    list_display = ["request", "kind", "date", "outcome", "sequence"]
    list_filter = ["kind"]
    search_fields = ["request__subject"]
    readonly_fields = [f.name for f in RequestEvent._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(Communication)
class CommunicationAdmin(SimpleHistoryAdmin):
    list_display = ["subject", "request", "direction", "kind", "date"]
    list_filter = ["direction", "kind", "channel"]
    search_fields = ["subject", "body", "request__subject"]
    raw_id_fields = ["request"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["filename", "communication", "content_type", "size"]
    raw_id_fields = ["communication"]
    readonly_fields = ["sha256", "size", "content_type"]


@admin.register(Appeal)
class AppealAdmin(SimpleHistoryAdmin):
    list_display = ["request", "number", "filed_on", "decided_on", "outcome"]
    raw_id_fields = ["request", "filed_event", "decision_event", "determination_event"]


@admin.register(TrackingNumber)
class TrackingNumberAdmin(SimpleHistoryAdmin):
    list_display = ["number", "kind", "agency", "request", "assigned_on"]
    list_filter = ["kind", "agency"]
    search_fields = ["number", "request__subject"]
    raw_id_fields = ["request", "appeal"]


@admin.register(Tag)
class TagAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "organization"]
    list_filter = ["organization"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
