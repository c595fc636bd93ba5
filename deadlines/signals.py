"""Signals other parts (reminders) listen to. Sent on transaction commit by the deadline services.

`deadlines_changed` is sent with `deadline_ids`: the pks of deadlines created, recomputed (due date moved), closed
(met / missed / superseded / waived), reopened, or reassigned. A paused deadline (an open FOIA toll) has `due_date`
NULL and `paused_since` set: there is nothing to remind about until the clock restarts. Receivers must work in bulk:
a closure can move 100,000 deadlines at once, and they get one signal with every pk, not one per row.
"""

from django.dispatch import Signal

deadlines_changed = Signal()  # kwargs: deadline_ids: list[int]
