import gc

from django.apps import AppConfig

# CPython collects its youngest generation every 700 new container objects. A page builds tens of thousands (the
# request list: model instances, querysets, template contexts), all freed when it is sent, so the collector ran
# dozens of times per page and now and then a full pass over every long-lived object: a 100 ms pause every eighth
# API page on PostgreSQL (bench/foia_pages.py, p95 190 ms against a p50 of 60). Collecting the young generation
# every 50,000 allocations keeps the pauses under 20 ms for a few MB of garbage held a little longer.
GC_THRESHOLDS = (50_000, 20, 10)


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Core: health, audit trail, email"

    def ready(self) -> None:  # web processes, Celery workers and tests alike
        gc.set_threshold(*GC_THRESHOLDS)
