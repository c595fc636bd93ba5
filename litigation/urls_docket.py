"""The docket's pages, included in litigation/urls.py (names under the "litigation" namespace)."""

from django.urls import path

from . import views_briefing, views_schedule
from . import views_docket as views

urlpatterns = [
    path("<int:pk>/docket/new/", views.docket_entry_create, name="docket-add"),
    path("<int:pk>/docket/<int:entry_pk>/edit/", views.docket_entry_edit, name="docket-edit"),
    path("<int:pk>/docket/<int:entry_pk>/delete/", views.docket_entry_remove, name="docket-remove"),
    path("docket/<int:entry_pk>/document/", views.docket_document, name="docket-document"),
    path("<int:pk>/court-deadlines/new/", views.ordered_deadline_create, name="ordered-deadline-add"),
    path("<int:pk>/court-deadlines/<int:deadline_pk>/filed/", views.deadline_mark_filed, name="deadline-filed"),
    path("<int:pk>/schedules/new/", views.schedule_create, name="schedule-add"),
    path("<int:pk>/schedules/<int:schedule_pk>/end/", views.schedule_cancel, name="schedule-cancel"),
    path(
        "<int:pk>/production-schedules/new/", views_schedule.production_schedule_create, name="production-schedule-add"
    ),
    path(
        "<int:pk>/production-schedules/<int:schedule_pk>/end/",
        views_schedule.production_schedule_end,
        name="production-schedule-end",
    ),
    path("<int:pk>/vaughn/due/", views_schedule.vaughn_due, name="vaughn-due"),
    path("<int:pk>/vaughn/new/", views_schedule.vaughn_entry_create, name="vaughn-add"),
    path("<int:pk>/vaughn/<int:entry_pk>/edit/", views_schedule.vaughn_entry_edit, name="vaughn-edit"),
    path("<int:pk>/stays/new/", views_briefing.stay_grant, name="stay-add"),
    path("<int:pk>/stays/<int:stay_pk>/lift/", views_briefing.stay_lift, name="stay-lift"),
    path("<int:pk>/cross-motions/", views_briefing.cross_motion_briefing, name="cross-motions"),
    path("<int:pk>/notes/new/", views.note_create, name="note-add"),
    path("<int:pk>/notes/<int:note_pk>/edit/", views.note_edit, name="note-edit"),
    path("<int:pk>/notes/<int:note_pk>/delete/", views.note_remove, name="note-remove"),
]
