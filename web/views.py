"""Pages that combine several apps: the dashboard (FOIA, litigation, deadlines) and any object's history (every app)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from foia.selectors import dashboard_for
from litigation.selectors import litigation_summary

from .selectors import history_model, object_history_for


@login_required
def dashboard(request):
    today = timezone.localdate()
    return render(
        request,
        "web/dashboard.html",
        {
            "d": dashboard_for(user=request.user, today=today),
            "litigation": litigation_summary(user=request.user, today=today),
            "today": today,
        },
    )


@login_required
def object_history(request, app_label: str, model_name: str, pk: int):
    model = history_model(app_label=app_label, model_name=model_name)
    history = object_history_for(user=request.user, model=model, pk=pk, page_number=request.GET.get("page"))
    return render(request, "web/object_history.html", {"history": history})
