"""Case pages: list (filters), detail, and the forms of each action. Thin: selectors read, services write."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from coalition.access import can_create_in, can_edit
from core.versioning import StaleVersion
from foia.views.common import add_service_error

from . import selectors, services
from .filters import CaseFilter
from .forms import CaseForm, CounselForm, PartyForm, RequestLinkForm, ServiceForm
from .views_docket import docket_context

PAGE_SIZE = 50


@login_required
@require_GET
def case_list(request):
    rows = selectors.case_rows(user=request.user)
    filterset = CaseFilter(request.GET or None, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page.object_list:
        case.next_deadline = selectors.case_row_next_deadline(case)
        case.defendants = [p for p in case.parties.all() if p.side == "defendant"]
    org = request.active_organization
    return render(
        request,
        "litigation/case_list.html",
        {
            "filter": filterset,
            "page": page,
            "today": timezone.localdate(),
            "can_create": bool(org and can_create_in(request.user, org)),
            "filtered": any(v for k, v in request.GET.items() if k != "page"),
            "more_filters_open": any(
                request.GET.get(name) or name in filterset.form.errors
                for name in filterset.filters
                if name not in CaseFilter.PRIMARY
            ),
        },
    )


@login_required
def case_create(request):
    org = request.active_organization
    if not org or not can_create_in(request.user, org):
        raise PermissionDenied("You cannot create cases in this organisation.")
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.user, organization=org, **form.service_kwargs())
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "Case created. Add its parties, counsel and the requests it enforces.")
            return redirect(case)
    return render(request, "litigation/case_form.html", {"form": form, "organization": org})


@login_required
@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    editable = can_edit(request.user, case)
    return render(
        request,
        "litigation/case_detail.html",
        {
            "object": case,
            "o": selectors.case_overview(user=request.user, case=case),
            "today": timezone.localdate(),
            "can_edit": editable,
            **docket_context(user=request.user, case=case),
        },
    )


@dataclass(frozen=True)
class Action:
    """What a form page of one case action says (templates/litigation/case_action_form.html)."""

    title: str
    lede: str
    button: str
    done: str


SERVICE = Action(
    "Record service",
    "Service on the United States (FRCP 4(i)): the U.S. Attorney for the district, the Attorney General, and the "
    "agency. The answer deadline runs from service on the U.S. Attorney; the case warns when the three dates differ.",
    "Save service",
    "Service recorded.",
)
PARTY = Action(
    "Add a party", "A plaintiff organisation by name, or a defendant agency from the directory.", "Add party",
    "Party added.",
)  # fmt: skip
COUNSEL = Action(
    "Add counsel", "Our attorneys, co-counsel, or the government's (AUSA, agency counsel).", "Add counsel",
    "Counsel added.",
)  # fmt: skip
LINK = Action(
    "Link a request",
    "A FOIA request this case enforces. Once the complaint is filed the request is marked “In litigation” (its "
    "pending agency deadlines close as litigation).",
    "Link request",
    "Request linked.",
)


def _save(request, form, save, *, case, done: str, **kwargs):
    """Call the write service with the form's data; a redirect to the case, or None with the refusal on the form."""
    data = dict(form.cleaned_data)
    try:
        result = save(actor=request.user, case=case, **kwargs, **data)
    except StaleVersion as error:
        form.refuse_stale(error)
    except ValidationError as error:
        add_service_error(form, error)
    else:
        messages.success(request, done if result is not False else "Already linked: nothing changed.")
        return redirect(case)
    return None


@login_required
def case_edit(request, pk: int):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data.pop("version", None)
        if done := _save(request, form, services.case_update, case=case, done="Case updated.", version=version):
            return done
    return render(
        request, "litigation/case_form.html", {"form": form, "object": case, "organization": case.organization}
    )


def _action_page(request, pk: int, *, form_class, save, action: Action, versioned: bool = False, **form_kwargs):
    case = selectors.case_get_editable(user=request.user, pk=pk)
    form = form_class(request.POST or None, **({"instance": case} if versioned else {}), **form_kwargs)
    if request.method == "POST" and form.is_valid():
        extra = {"version": form.cleaned_data.pop("version", None)} if versioned else {}
        if done := _save(request, form, save, case=case, done=action.done, **extra):
            return done
    return render(request, "litigation/case_action_form.html", {"form": form, "object": case, "action": action})


@login_required
def case_service(request, pk: int):
    return _action_page(
        request, pk, form_class=ServiceForm, save=services.case_service_record, action=SERVICE, versioned=True
    )


@login_required
def party_add(request, pk: int):
    return _action_page(request, pk, form_class=PartyForm, save=services.party_add, action=PARTY)


@login_required
def counsel_add(request, pk: int):
    return _action_page(request, pk, form_class=CounselForm, save=services.counsel_add, action=COUNSEL)


@login_required
def request_link(request, pk: int):
    return _action_page(
        request, pk, form_class=RequestLinkForm, save=services.case_request_link, action=LINK, user=request.user
    )


def _remove(request, pk: int, *, remove, done: str):
    """POST only: remove one thing from an editable case (the `remove` callable finds it in the case, or 404s)."""
    case = selectors.case_get_editable(user=request.user, pk=pk)
    remove(case)
    messages.success(request, done)
    return redirect(case)


@login_required
@require_POST
def party_remove(request, pk: int, party_pk: int):
    def remove(case):
        services.party_remove(actor=request.user, party=selectors.party_of(case=case, pk=party_pk))

    return _remove(request, pk, remove=remove, done="Party removed.")


@login_required
@require_POST
def counsel_remove(request, pk: int, counsel_pk: int):
    def remove(case):
        services.counsel_remove(actor=request.user, counsel=selectors.counsel_of(case=case, pk=counsel_pk))

    return _remove(request, pk, remove=remove, done="Counsel removed.")


@login_required
@require_POST
def request_unlink(request, pk: int, request_pk: int):
    def remove(case):
        linked = selectors.request_of(user=request.user, case=case, pk=request_pk)
        services.case_request_unlink(actor=request.user, case=case, request=linked)

    return _remove(
        request, pk, remove=remove, done="Request unlinked. Its “In litigation” event stays on its timeline."
    )
