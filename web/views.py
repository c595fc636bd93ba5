"""Pages that combine several apps: the dashboard (FOIA, litigation, deadlines), any object's history (every app)
and the search box (requests, letters, cases, document pages)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from documents.selectors import dashboard_release_figures
from foia.selectors import dashboard_for
from litigation.selectors import litigation_summary

from .search.forms import SearchForm
from .search.sources import SOURCES
from .selectors import history_model, object_history_for


@login_required
def dashboard(request):
    today = timezone.localdate()
    released, released_by_agency = dashboard_release_figures(user=request.user)
    return render(
        request,
        "web/dashboard.html",
        {
            "d": dashboard_for(user=request.user, today=today),
            "litigation": litigation_summary(user=request.user, today=today),
            "released": released,
            "released_by_agency": released_by_agency,
            "today": today,
        },
    )


@login_required
def object_history(request, app_label: str, model_name: str, pk: int):
    model = history_model(app_label=app_label, model_name=model_name)
    history = object_history_for(user=request.user, model=model, pk=pk, page_number=request.GET.get("page"))
    return render(request, "web/object_history.html", {"history": history})


@login_required
@require_GET
def search_page(request):
    form = SearchForm(request.GET or None, user=request.user)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"]:
        results = form.results()
    return render(request, "web/search.html", {"form": form, "results": results, "sources": SOURCES})
