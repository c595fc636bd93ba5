from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .access import user_access
from .middleware import SESSION_KEY


@login_required
def dashboard(request):
    from django.utils import timezone

    from foia.selectors import dashboard_for  # foia builds on coalition: import at call time, not module load

    today = timezone.localdate()
    return render(
        request, "coalition/dashboard.html", {"d": dashboard_for(user=request.user, today=today), "today": today}
    )


@login_required
@require_POST
def organization_switch(request):
    try:
        org_id = int(request.POST.get("organization", ""))
    except ValueError:
        raise Http404("No such organisation.") from None
    if org_id not in user_access(request.user).roles:
        raise Http404("No such organisation.")
    request.session[SESSION_KEY] = org_id
    messages.success(request, "Switched organisation.")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    return redirect(next_url)
