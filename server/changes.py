"""The change sequence: every write to a synced table takes its ``seq`` here.

Pull reads ``seq > cursor``. A sequence read naively skips rows whose transactions commit late
(writer A takes 10, writer B takes 11 and commits, a puller reads 11 and moves its cursor past
10 before A commits). Here the next values come from ``UPDATE change_counter ... RETURNING``
inside the writer's transaction: the row stays locked until that transaction ends, so writers
take and publish their values strictly in order, on PostgreSQL as on SQLite (where the write
lock is database-wide anyway). The price is that writers of synced tables serialize on the
counter for the rest of their transaction, so they should take it late and commit soon.

Every writer of a synced table (sync push, admin writes, CLI, demo seed) must call
:func:`take_seqs` in the same transaction as its write.
"""

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from .extensions import db
from .models import ChangeCounter

COUNTER = "changes"


def _ensure_counter(session) -> None:
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    session.execute(insert(ChangeCounter).values(name=COUNTER, value=0).on_conflict_do_nothing())


def take_seqs(count: int = 1, session=None) -> int:
    """Reserve ``count`` consecutive seqs; returns the first. Locks the counter until commit."""
    session = session or db.session
    statement = (
        update(ChangeCounter)
        .where(ChangeCounter.name == COUNTER)
        .values(value=ChangeCounter.value + count)
        .returning(ChangeCounter.value)
    )
    last = session.execute(statement).scalar()
    if last is None:
        _ensure_counter(session)
        last = session.execute(statement).scalar()
    return last - count + 1


def current_seq(session=None) -> int:
    """The highest seq handed out and committed (as this transaction sees it)."""
    session = session or db.session
    value = session.execute(
        select(ChangeCounter.value).where(ChangeCounter.name == COUNTER)
    ).scalar()
    return value or 0


def stamp(record, session=None, new: bool | None = None) -> None:
    """Mark an admin/CLI change to a synced row: the next ``seq``, and ``rev`` + 1 on an update.

    ``new`` defaults to whether the row is pending insert in the session.
    """
    session = session or db.session
    if new is None:
        new = record in session.new or record.rev is None
    record.rev = 1 if new else (record.rev or 0) + 1
    record.seq = take_seqs(1, session)
