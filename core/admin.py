from django.contrib import admin

from .models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """Read-only: shows when a Celery worker last ran beat's heartbeat (written by the worker, never by hand)."""

    list_display = ["name", "seen_at", "hostname"]
    readonly_fields = ["name", "seen_at", "hostname"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
