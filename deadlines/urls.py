from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("", views.deadline_list, name="list"),
    path("calculator/", views.calculator, name="calculator"),
    path("closures/", views.closure_list, name="closures"),
    path("<int:pk>/", views.deadline_detail, name="detail"),
    path("<int:pk>/status/", views.deadline_status, name="status"),
    path("<int:pk>/assign/", views.deadline_assign, name="assign"),
]
