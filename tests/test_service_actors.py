"""Every write service takes the acting person, keyword-only and required, and checks it itself (it does not trust
the view). Walks every public function of every `services` module of the project's apps, so new services are held
to it too; the few that act for no person say why below."""

import importlib
import inspect
import pkgutil

from django.apps import apps
from django.conf import settings

ACTOR_NAMES = ("actor", "user", "inviter")
# Functions with no acting person, and why.
NO_ACTOR = {
    "core.services.heartbeat_record": "the Celery heartbeat: the worker proves it runs, for no person",
    "reminders.services.schedule": "the reminder schedule follows deadline changes (signals, tasks)",
    "reminders.services.send": "sends run in workers on claimed rows; recipients are re-checked there",
    "reminders.services.sweep": "the periodic sweep acts on stored schedules, for no person",
    "documents.services.processing.document_process": "workers process claimed files, for no person",
    "documents.services.processing.documents_stale": "the periodic sweep reads stale claims, for no person",
    "exports.services.export_job_run": "workers build queued jobs, reading the list as the job's owner",
    "exports.services.export_jobs_purge": "the periodic purge of expired files, for no person",
    "exports.services.filters_from_query": "a pure function",
    "exports.services.query_from_filters": "a pure function",
    # The checks themselves (they take the person positionally) and pure helpers that write nothing:
    "deadlines.services.require_deadline_editor": "the check",
    "foia.services.common.require_edit": "the check",
    "documents.services.productions.require_edit": "the check",
    "foia.services.communications.attachment_max_bytes": "reads a setting",
    "foia.services.communications.attachment_validate": "validates a file, writes nothing",
    "foia.services.communications.attachments_validate": "validates files, writes nothing",
    "foia.services.communications.files_atomic": "a context manager around the caller's checked write",
    "foia.services.deadline_effects.closing_status": "a pure function",
    "foia.services.events.fact_of": "a pure function",
    "foia.services.requests.tags_from_names": "called by the request services after they checked their user",
}


def _service_modules():
    for app in apps.get_app_configs():
        path = str(app.path)
        if not path.startswith(str(settings.BASE_DIR)) or "site-packages" in path:
            continue
        package = importlib.import_module(app.name)
        names = [f"{app.name}.services"]
        names += [i.name for i in pkgutil.walk_packages(package.__path__, f"{app.name}.") if ".services" in i.name]
        for name in sorted(set(names)):
            try:
                yield importlib.import_module(name)
            except ModuleNotFoundError:
                continue


def _public_functions(module):
    for name, function in inspect.getmembers(module, inspect.isfunction):
        if function.__module__ == module.__name__ and not name.startswith("_"):
            yield f"{module.__name__}.{name}", function


def test_every_write_service_takes_the_acting_person_keyword_only_and_required():
    missing = []
    for module in _service_modules():
        for qualname, function in _public_functions(module):
            if any(qualname.startswith(prefix) for prefix in NO_ACTOR):
                continue
            params = inspect.signature(function).parameters
            actor = next((params[n] for n in ACTOR_NAMES if n in params), None)
            if actor is None or actor.kind != actor.KEYWORD_ONLY or actor.default is not actor.empty:
                missing.append(qualname)
    assert not missing, "services without a required keyword-only actor/user:\n" + "\n".join(sorted(missing))
