"""Court-ordered case management pages: record an Open America stay and lift it, enter a cross-motions for summary
judgment briefing schedule from its order. Thin: selectors read, services_briefing writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone

from . import selectors_docket as selectors
from . import services_briefing as services
from .forms_briefing import CrossMotionForm, StayForm, StayLiftForm
from .views_docket import _back, _form_page, _saved

STAYS = "stays"


@login_required
def stay_grant(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = StayForm(request.POST or None, case=case, user=request.user, initial={"order": request.GET.get("order")})
    if request.method == "POST" and form.is_valid():
        stay = _saved(request, form, lambda: services.stay_grant(actor=request.user, case=case, **form.cleaned_data))
        if stay is not None:
            messages.success(request, f"{stay}. The case is stayed.")
            return _back(case, STAYS)
    return _form_page(
        request,
        case=case,
        form=form,
        title="Record a stay",
        lede="A stay the court granted, usually under Open America v. Watergate Special Prosecution Force, 547 F.2d "
        "605 (D.C. Cir. 1976) and 5 U.S.C. § 552(a)(6)(C)(i) (exceptional circumstances, due diligence). The case "
        "is stayed until the court lifts it; with an end date, the status report or motion to lift due then is a "
        "court-ordered deadline.",
        submit="Record stay",
        anchor=STAYS,
    )


@login_required
def stay_lift(request, pk: int, stay_pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    stay = selectors.stay_get(user=request.user, pk=stay_pk)
    if stay.case_id != case.pk or not stay.in_force:
        raise Http404("No such stay in force.")
    form = StayLiftForm(
        request.POST or None, version=stay.version, initial={"lifted_on": timezone.localdate().isoformat()}
    )
    if request.method == "POST" and form.is_valid():
        lifted = _saved(
            request,
            form,
            lambda: services.stay_lift(
                actor=request.user,
                stay=stay,
                lifted_on=form.cleaned_data["lifted_on"],
                version=form.cleaned_data["version"],
            ),
        )
        if lifted is not None:
            messages.success(request, f"Stay lifted on {lifted.lifted_on.isoformat()}; the case resumes.")
            return _back(case, STAYS)
    return _form_page(
        request, case=case, form=form, title="Lift the stay", lede=str(stay), submit="Lift stay", anchor=STAYS
    )


@login_required
def cross_motion_briefing(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = CrossMotionForm(
        request.POST or None, case=case, user=request.user, initial={"order": request.GET.get("order")}
    )
    if request.method == "POST" and form.is_valid():
        deadlines = _saved(
            request,
            form,
            lambda: services.cross_motion_briefing_set(actor=request.user, case=case, **form.cleaned_data),
        )
        if deadlines is not None:
            messages.success(request, f"Briefing schedule entered: {len(deadlines)} court-ordered deadlines.")
            return _back(case, "court-deadlines")
    return _form_page(
        request,
        case=case,
        form=form,
        title="Cross-motions for summary judgment",
        lede="The dates the court's scheduling order set, in the order they fall due. Each becomes a court-ordered "
        "deadline citing the order; a motion docketed as meeting one is briefed on these dates, not the local rule.",
        submit="Enter briefing schedule",
        anchor="court-deadlines",
    )
