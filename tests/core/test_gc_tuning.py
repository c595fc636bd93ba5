"""The collector thresholds core sets at start-up (core/apps.py: pages allocate in bulk)."""

import gc

from core.apps import GC_THRESHOLDS


def test_the_young_generation_is_collected_per_request_sized_batch_not_every_700_objects():
    assert gc.get_threshold() == GC_THRESHOLDS and GC_THRESHOLDS[0] >= 10_000


def test_a_process_freezes_what_it_holds_once_after_its_first_requests():
    from django.http import HttpResponse

    from core.gc_freeze import WARMUP_REQUESTS, FreezeAfterWarmupMiddleware

    gc.unfreeze()
    middleware = FreezeAfterWarmupMiddleware(lambda request: HttpResponse())
    try:
        for _ in range(WARMUP_REQUESTS - 1):
            middleware(None)
        assert gc.get_freeze_count() == 0  # not before the templates and URL patterns are loaded
        middleware(None)
        frozen = gc.get_freeze_count()
        assert frozen > 10_000  # the modules, models and everything else the process keeps
        alive = [[] for _ in range(1_000)]  # would be frozen too by a second freeze
        middleware(None)
        # Once: no second freeze took the 1,000 lists. (A frozen object may still be freed when its last
        # reference goes, so the count can drop by a few: it is not an exact constant.)
        assert gc.get_freeze_count() < frozen + len(alive)
    finally:
        gc.unfreeze()
