from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Case,
    CaseNote,
    Counsel,
    DocketEntry,
    Party,
    ProductionSchedule,
    StatusReportSchedule,
    Stay,
    VaughnEntry,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    autocomplete_fields = ["agency"]


class CounselInline(admin.TabularInline):
    model = Counsel
    extra = 0


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ["caption", "court", "docket_number", "status", "organization", "sharing"]
    list_filter = ["status", "court", "sharing"]
    search_fields = ["caption", "docket_number", "judge"]
    # Service dates derive the answer deadline: they are written through litigation.services only.
    readonly_fields = [*Case.SERVICE_FIELDS, "source_reference", "version"]
    filter_horizontal = ["requests"]
    inlines = [PartyInline, CounselInline]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "side", "case"]
    autocomplete_fields = ["agency"]


@admin.register(Counsel)
class CounselAdmin(SimpleHistoryAdmin):
    list_display = ["name", "role", "firm", "case"]


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Docket entries and schedules derive deadlines: they are written through litigation.services_docket only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DocketEntry)
class DocketEntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "filed_on", "description", "case"]
    list_filter = ["kind"]
    search_fields = ["description", "case__caption"]


@admin.register(StatusReportSchedule)
class StatusReportScheduleAdmin(ReadOnlyAdmin):
    list_display = ["title", "every_days", "starts_on", "ends_on", "cancelled_on", "case"]


@admin.register(ProductionSchedule)
class ProductionScheduleAdmin(ReadOnlyAdmin):
    list_display = ["title", "pages_per_period", "period", "first_due", "ends_on", "total_pages", "ended_on", "case"]


@admin.register(Stay)
class StayAdmin(ReadOnlyAdmin):
    """Read only: granting and lifting a stay moves the case's status and its deadlines (services_briefing)."""

    list_display = ["case", "granted_on", "until", "lifted_on", "order"]


@admin.register(VaughnEntry)
class VaughnEntryAdmin(ReadOnlyAdmin):
    list_display = ["number", "description", "pages", "challenge_status", "case"]


@admin.register(CaseNote)
class CaseNoteAdmin(admin.ModelAdmin):
    """Ordinary notes only: privileged work product belongs to the organisation's attorneys and admins, not to site
    staff, so the admin never lists it."""

    list_display = ["__str__", "case", "author", "created_at"]
    readonly_fields = ["privileged", "author", "case"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(privileged=False)

    def has_add_permission(self, request):
        return False
