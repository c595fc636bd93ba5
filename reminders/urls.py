from django.urls import path

from . import views

app_name = "reminders"
urlpatterns = [
    path("upcoming/", views.upcoming, name="upcoming"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/badge/", views.notification_badge, name="notification-badge"),
    path("notifications/<int:pk>/read/", views.notification_read, name="notification-read"),
    path("notifications/read-all/", views.notifications_read_all, name="notifications-read-all"),
    path("reminders/settings/", views.reminder_settings, name="settings"),
    path("reminders/policy/", views.reminder_policy, name="policy"),
    path("reminders/watch/", views.watch_toggle, name="watch"),
    path("<int:pk>/mute/", views.mute_toggle, name="mute"),
    path("feeds/new/", views.feed_create, name="feed-create"),
    path("feeds/<int:pk>/rotate/", views.feed_rotate, name="feed-rotate"),
    path("feeds/<str:token>.ics", views.feed, name="feed"),
]
