"""Demo organisations and users: two organisations in one coalition, one user per role in each."""

from django.contrib.auth import get_user_model

from .models import Coalition, Membership, Organization, Role

DEMO_PASSWORD = "demo-password-123"
ORGS = [
    ("Immigrant Defense Project (demo)", "idp-demo", "idp"),
    ("Surveillance Accountability Center (demo)", "sac-demo", "sac"),
]


def load(*, stdout) -> None:
    User = get_user_model()
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
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"email": f"{username}@example.org", "first_name": prefix.upper(), "last_name": role.label},
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            Membership.objects.get_or_create(user=user, organization=org, defaults={"role": role.value})
            lines.append(f"  {username:<14} {role.label:<9} {name}")
    stdout.write(f"Demo users (password: {DEMO_PASSWORD}):\n" + "\n".join(lines))
