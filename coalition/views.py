import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .access import access_reset, can_administer, user_access
from .forms import MemberAddForm, MemberRoleForm
from .middleware import SESSION_KEY
from .models import Membership, Role
from .selectors import membership_for_admin, membership_list_for, organization_for_admin
from .services import invitation_send, membership_add, membership_remove, membership_role_change

logger = logging.getLogger(__name__)


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


@login_required
def membership_list(request, slug: str):
    """The organisation's members, for its admins: add or invite, change roles, remove."""
    organization = organization_for_admin(user=request.user, slug=slug)
    form = MemberAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            added = membership_add(
                organization=organization,
                identifier=form.cleaned_data["identifier"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ValidationError as exc:
            form.add_error("identifier", exc)
        else:
            user = added.membership.user
            if added.invited:
                messages.success(request, f"Invited {user.email} as {added.membership.get_role_display()}.")
            else:
                messages.success(request, f"Added {user.get_username()} as {added.membership.get_role_display()}.")
            return redirect("coalition:membership-list", slug=organization.slug)
    context = {
        "organization": organization,
        "memberships": membership_list_for(user=request.user, organization_id=organization.pk),
        "form": form,
        "roles": Role.choices,
    }
    return render(request, "coalition/membership_list.html", context, status=400 if form.errors else 200)


def _membership_for_admin(request, slug: str, membership_id: int) -> Membership:
    return membership_for_admin(user=request.user, slug=slug, membership_id=membership_id)


def _after_change(request, membership: Membership):
    """Back to the members page, or to the dashboard when the actor just gave up their own admin role."""
    access_reset(request.user)
    if can_administer(request.user, membership.organization_id):
        return redirect("coalition:membership-list", slug=membership.organization.slug)
    return redirect("dashboard")


@login_required
@require_POST
def membership_role(request, slug: str, membership_id: int):
    membership = _membership_for_admin(request, slug, membership_id)
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the listed roles.")
        return redirect("coalition:membership-list", slug=slug)
    try:
        membership = membership_role_change(
            membership=membership,
            role=form.cleaned_data["role"],
            actor=request.user,
            version=form.cleaned_data["version"],
        )
    except ValidationError as exc:  # a stale version (StaleVersion) says what changed, like any refusal
        messages.error(request, " ".join(exc.messages))
        return redirect("coalition:membership-list", slug=slug)
    messages.success(request, f"{membership.user.get_username()} is now {membership.get_role_display()}.")
    return _after_change(request, membership)


@login_required
@require_POST
def membership_delete(request, slug: str, membership_id: int):
    membership = _membership_for_admin(request, slug, membership_id)
    try:
        membership_remove(membership=membership, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("coalition:membership-list", slug=slug)
    messages.success(request, f"Removed {membership.user.get_username()} from {membership.organization}.")
    return _after_change(request, membership)


@login_required
@require_POST
def membership_invite_resend(request, slug: str, membership_id: int):
    membership = _membership_for_admin(request, slug, membership_id)
    try:
        invitation_send(membership=membership, inviter=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except OSError:  # smtplib's errors included: tell the admin now rather than fail the page
        logger.exception("invitation email to %s failed", membership.user.email)
        messages.error(request, "The mail server did not accept the invitation. Nothing was sent; try again later.")
    else:
        messages.success(request, f"Sent a new invitation to {membership.user.email}.")
    return redirect("coalition:membership-list", slug=slug)
