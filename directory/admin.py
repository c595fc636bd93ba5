from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agency, Court


@admin.register(Agency)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ["abbreviation", "name", "slug", "parent", "appeal_window_days", "appeal_window_unit"]
    search_fields = ["name", "abbreviation", "slug"]


@admin.register(Court)
class CourtAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "name", "time_zone"]
    search_fields = ["name", "slug"]
