"""One lock that keeps stored deadlines consistent with the closures they were computed from.

The race it closes: a service reads the closures, computes a due date and stores it, while another transaction adds
(or removes) a closure and recomputes the deadlines it touches. Under PostgreSQL's READ COMMITTED, neither sees the
other's uncommitted work, so the closure can be lost for good: a deadline stored from a stale read after the closure's
recompute ran, or two closures added at once each recomputing without the other.

- Closure writes (`closure_add`, `closure_update`, `closure_remove`) take the lock EXCLUSIVELY, first thing in their
  transaction, before reading or writing any closure.
- Services that compute a deadline and store it (`deadline_sync`, reopening), and every other deadline write (so all
  of them take this lock before any deadline row lock, and a closure write waiting for the lock can never deadlock
  with a writer that already holds a row it needs), take it SHARED, before reading anything.

Many deadline writes run at once; a closure write waits until the ones running have committed and holds new ones off
until it commits, after which they read the new closure (each READ COMMITTED statement sees what committed before it
began). On PostgreSQL these are transaction-level advisory locks (`pg_advisory_xact_lock[_shared]`): released at
commit or rollback, one query per service call whatever the number of rows, taken again harmlessly when a
transaction calls several services. On SQLite every transaction is `BEGIN IMMEDIATE` (config.settings), so writers
are already serialised for their whole transaction; the calls are no-ops there, and the code path is the same.
"""

from django.db import connection

# A fixed application-wide key for pg_advisory_xact_lock (a signed 64-bit integer no other code uses): "dlclosur".
CLOSURES_LOCK_KEY = int.from_bytes(b"dlclosur", "big")


def _lock(function: str) -> None:
    if not connection.in_atomic_block:
        raise RuntimeError("the closures lock is transaction-level: call it inside transaction.atomic()")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {function}(%s)", [CLOSURES_LOCK_KEY])


def closures_lock_exclusive() -> None:
    """Before changing closures: waits for running deadline writes, and holds new ones off until commit."""
    _lock("pg_advisory_xact_lock")


def closures_lock_shared() -> None:
    """Before computing and storing deadlines (or any deadline write): waits while a closure write is running."""
    _lock("pg_advisory_xact_lock_shared")
