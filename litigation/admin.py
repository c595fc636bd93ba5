from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Case, Counsel, Party


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
