"""Scope exits: a synced row that leaves a pull scope leaves a tombstone behind for that scope.

Pull selects rows by a scope column (``team_id``, ``organization_id``, ``worker_id``) and
``seq``; a row moved to another team gets its new seq under the new team only, so without this
the old team's devices would keep a copy forever. Writers that change a scope column call
:func:`record_exits` after :func:`server.changes.stamp`, in the same transaction, and pull sends
the old scope a tombstone at that seq (``server.sync_store.SqlStore.exits``).
"""

from .extensions import db
from .models import ScopeExit

#: The scope columns pull filters users and neighborhoods by (``server.permissions.pull_scope``).
SCOPE_COLUMNS = ("team_id", "organization_id")


def record_exit(row, collection: str, column: str, old_value: str, session=None) -> None:
    """Note that ``row``, already stamped with its new seq, left the ``column = old_value``."""
    session = session or db.session
    session.add(
        ScopeExit(
            seq=row.seq,
            collection=collection,
            record_id=row.id,
            rev=row.rev,
            column=column,
            old_value=old_value,
        )
    )


def record_exits(row, collection: str, before: dict, session=None) -> None:
    """Record an exit for each scope column whose value differs from ``before[column]``."""
    for column in SCOPE_COLUMNS:
        old_value = before.get(column)
        if old_value is not None and getattr(row, column) != old_value:
            record_exit(row, collection, column, old_value, session)
