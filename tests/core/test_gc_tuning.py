"""The collector thresholds core sets at start-up (core/apps.py: pages allocate in bulk)."""

import gc

from core.apps import GC_THRESHOLDS


def test_the_young_generation_is_collected_per_request_sized_batch_not_every_700_objects():
    assert gc.get_threshold() == GC_THRESHOLDS and GC_THRESHOLDS[0] >= 10_000
