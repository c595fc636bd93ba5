"""Demo organisations and users: two organisations in one coalition, one user per role in each, a coordinator in
both (to show the organisation switcher) and a site superuser for the Django admin.

Idempotent: rows that exist are left as they are."""

from django.contrib.auth import get_user_model

from .models import Coalition, Membership, Organization, Role

DEMO_PASSWORD = "demo-password-123"
SUPERUSER = "site-admin"
# Belongs to both organisations, to show the organisation switcher.
COORDINATOR = ("coordinator", {"idp-demo": Role.ATTORNEY, "sac-demo": Role.VIEWER})
ORGS = [
    ("Immigrant Defense Project (demo)", "idp-demo", "idp"),
    ("Surveillance Accountability Center (demo)", "sac-demo", "sac"),
]


def load(*, stdout) -> None:
    coalition, _ = Coalition.objects.get_or_create(
        slug="isap-foia-coalition",
        defaults={"name": "ISAP FOIA Coalition (demo)", "description": "Coordinating FOIA work on ICE's ISAP program."},
    )
    lines = []
    for name, slug, prefix in ORGS:
        org, _ = Organization.objects.get_or_create(slug=slug, defaults={"name": name})
        org.coalitions.add(coalition)
        for role in Role:
            username = f"{prefix}-{role.value}"
            user = _user(username, first_name=prefix.upper(), last_name=role.label)
            Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role.value})
            lines.append(f"  {username:<14} {role.label:<9} {name}")
    username, roles = COORDINATOR
    coordinator = _user(username, first_name="Coalition", last_name="Coordinator")
    for slug, role in roles.items():
        Membership.objects.get_or_create(
            user=coordinator, organization=Organization.objects.get(slug=slug), defaults={"role": role}
        )
    lines.append(f"  {username:<14} {'Both':<9} Attorney at IDP, Viewer at SAC (organisation switcher)")
    _user(SUPERUSER, first_name="Site", last_name="Admin", is_staff=True, is_superuser=True)
    lines.append(f"  {SUPERUSER:<14} {'Superuser':<9} Django admin at /admin/ (no organisation)")
    stdout.write(f"Demo users, all with the password {DEMO_PASSWORD}:\n" + "\n".join(lines))


def _user(username: str, **defaults):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org", **defaults}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
