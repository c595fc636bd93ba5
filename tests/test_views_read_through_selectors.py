"""No view or API module reads the database past the selectors: no `Model.objects` in `views` / `api` modules of the
project's apps (Zulip's rule), so every read is one that takes the acting user. `.objects.none()` reads nothing and
is allowed (DRF's schema generation needs a queryset)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

RAW = re.compile(r"\b[A-Z]\w*\.(?:objects|_default_manager)\.(?!none\(\))")


def test_views_and_api_modules_use_no_raw_model_managers():
    offenders = []
    for app in apps.get_app_configs():
        root = Path(app.path)
        if not str(root).startswith(str(settings.BASE_DIR)) or "site-packages" in str(root):
            continue
        for path in sorted(root.rglob("*.py")):
            parts = set(path.relative_to(root).parts)
            if path.stem in {"views", "api"} or "views" in parts:
                for number, line in enumerate(path.read_text().splitlines(), 1):
                    if RAW.search(line):
                        offenders.append(f"{path.relative_to(settings.BASE_DIR)}:{number}: {line.strip()}")
    assert not offenders, "read through a selector instead:\n" + "\n".join(offenders)
