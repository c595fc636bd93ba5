"""Screenshots of the main pages from the demo data, at a phone's and a laptop's width, for the README.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--pages requests,request]

Builds a throwaway SQLite database with the demo (`migrate`, `load_demo`), serves it with Django's development server
on a free port, signs in as `idp-attorney` in Debian's Chromium (Playwright) and saves `<page>-1366.png` and
`<page>-390.png`. It also reports each page that is wider than the screen or logs a console error, and exits 1 if
any is, so it doubles as a quick visual check.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTHS = (1366, 390)
# A page reached through a list: (list path, the link to follow, what to add to its path).
FIRST_REQUEST = ("/requests/?sort=due", "table a[href^='/requests/']", "")
FIRST_CASE = ("/litigation/?organization=idp-demo", "#case-table a[href^='/litigation/']", "")
# name -> path, or (list path, link selector, suffix) for the first object of a list (the list path itself may be
# such a (path, link) pair: a document is the first of the first production's)
PAGES = {
    "dashboard": "/",
    "requests": "/requests/",
    "request": FIRST_REQUEST,
    "new-request": "/requests/new/",
    "edit-request": (*FIRST_REQUEST[:2], "edit/"),
    "log-response": (*FIRST_REQUEST[:2], "responses/new/"),
    "log-letter": (*FIRST_REQUEST[:2], "letters/new/"),
    "record-event": (*FIRST_REQUEST[:2], "events/new/"),
    "chronology": (*FIRST_REQUEST[:2], "chronology/"),
    "deadlines": "/deadlines/",
    "deadline": ("/deadlines/", "#deadline-table a[href^='/deadlines/']", ""),
    "upcoming": "/deadlines/upcoming/",
    "upcoming-month": "/deadlines/upcoming/?view=month",
    "calculator": "/deadlines/calculator/?rule=foia-initial-response&trigger=2025-12-15&agency=ice",
    "closures": "/deadlines/closures/",
    "notifications": "/deadlines/notifications/",
    "reminder-settings": "/deadlines/reminders/settings/",
    "documents": "/documents/",
    "production": ("/documents/", "table a[href^='/documents/productions/']", ""),
    "document": (
        ("/documents/", "table a[href^='/documents/productions/']"),
        "#document-table a[href^='/documents/']",
        "",
    ),
    "edit-document": (
        ("/documents/", "table a[href^='/documents/productions/']"),
        "#document-table a[href^='/documents/']",
        "edit/",
    ),
    "new-production": "/documents/productions/new/",
    "search": "/search/?q=alert+OR+%22facial+match%22",
    "design": "/design/",
    "api-docs": "/api/v1/docs/",
    "cases": "/litigation/",
    "case": FIRST_CASE,
    "ddc-case": ("/litigation/?court=dcd", "#case-table a[href^='/litigation/']", ""),  # summary-judgment briefing
    "new-case": "/litigation/new/",
    "edit-case": (*FIRST_CASE[:2], "edit/"),
    "record-service": (*FIRST_CASE[:2], "service/"),
    "add-party": (*FIRST_CASE[:2], "parties/new/"),
    "add-counsel": (*FIRST_CASE[:2], "counsel/new/"),
    "link-request": (*FIRST_CASE[:2], "requests/link/"),
    "add-docket-entry": (*FIRST_CASE[:2], "docket/new/"),
    "add-court-deadline": (*FIRST_CASE[:2], "court-deadlines/new/"),
    "add-schedule": (*FIRST_CASE[:2], "schedules/new/"),
    "add-note": (*FIRST_CASE[:2], "notes/new/"),
    "exports": "/exports/",
    # Over EXPORTS_STREAM_MAX_ROWS (run with EXPORTS_STREAM_MAX_ROWS=10 to see it on the demo's 42 requests).
    "export-confirm": "/exports/requests.xlsx",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _manage(env, *args) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--full-page", action="store_true", help="the whole page, not only the first screen")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated names: " + ", ".join(PAGES))
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as var:
        env = {**os.environ, "DEBUG": "true", "VAR_DIR": var, "DATABASE_URL": f"sqlite:///{var}/db.sqlite3"}
        env.pop("REDIS_URL", None)
        _manage(env, "migrate", "--noinput")
        _manage(env, "load_demo")
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        problems = []
        try:
            for _ in range(100):
                try:
                    urlopen(f"{base}/healthz", timeout=1)  # noqa: S310 (our own local server)
                    break
                except OSError:
                    time.sleep(0.2)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                page = browser.new_page()
                errors: list[str] = []
                page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
                page.goto(f"{base}/accounts/login/")
                page.fill("#id_username", "idp-attorney")
                page.fill("#id_password", "demo-password-123")
                page.click("button[type=submit]")
                page.wait_for_url(f"{base}/")
                for name in options.pages.split(","):
                    path = PAGES[name]
                    if isinstance(path, tuple):
                        listing, link, suffix = path
                        if isinstance(listing, tuple):  # a list reached through another list's first link
                            page.goto(f"{base}{listing[0]}")
                            listing = page.locator(listing[1]).first.get_attribute("href")
                        page.goto(f"{base}{listing}")
                        path = page.locator(link).first.get_attribute("href") + suffix
                    for width in WIDTHS:
                        errors.clear()
                        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
                        page.goto(f"{base}{path}")
                        page.wait_for_load_state("networkidle")
                        page.screenshot(path=str(out / f"{name}-{width}.png"), full_page=options.full_page)
                        wide = page.evaluate("document.documentElement.scrollWidth")
                        if wide > width:
                            problems.append(f"{name} at {width} px is {wide} px wide")
                        problems += [f"{name} at {width} px: console error: {e}" for e in errors]
                browser.close()
        finally:
            server.terminate()
            server.wait(10)
    for problem in problems:
        print(problem)
    print(f"Screenshots in {out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
