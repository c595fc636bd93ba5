"""Files written through Django's storage API inside a transaction, removed again if it rolls back.

Django has no on_rollback hook, so each `files_atomic` block tracks the files written inside it (`file_written`),
deletes them if an exception leaves it, and hands them to the enclosing block if it commits (an outer rollback then
removes them too).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

# (storage, name) of the files written inside the innermost `files_atomic` block (None outside any).
_written: ContextVar[list | None] = ContextVar("files_written", default=None)


@contextmanager
def files_atomic() -> Iterator[None]:
    """`transaction.atomic()` that also removes the files written in it when it rolls back."""
    parent, mine = _written.get(), []
    token = _written.set(mine)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in mine:
            storage.delete(name)
        raise
    else:
        if parent is not None:
            parent.extend(mine)
    finally:
        _written.reset(token)


def file_written(storage, name: str) -> None:
    """Record a file just written, so the enclosing `files_atomic` block removes it on rollback."""
    written = _written.get()
    if written is None:
        raise RuntimeError("Files are written inside files_atomic(), so a rollback removes them.")
    written.append((storage, name))
