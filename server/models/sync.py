"""Sync bookkeeping: the change counter, the mutation log, record history, devices, audit."""

from datetime import datetime

from sqlalchemy import JSON, BigInteger, DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import utcnow


class ChangeCounter(db.Model):
    """The one row holding the last ``seq`` handed out.

    Writers take the next values with ``UPDATE ... RETURNING`` inside their transaction; the row
    lock is held until commit, so a later ``seq`` can never become visible before an earlier one
    (the "late commit" skip DESIGN warns about). See ``server/sync_store``.
    """

    __tablename__ = "change_counter"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0)


class MutationLog(db.Model):
    """Every mutation a device pushed, with the result answered: exactly-once rests on this."""

    __tablename__ = "sync_mutations"
    mutation_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), nullable=False, index=True)
    device_id: Mapped[str] = mapped_column(String(36), nullable=False)
    collection: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(12), nullable=False)
    result: Mapped[dict] = mapped_column(JSON, nullable=False)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class RecordHistory(db.Model):
    """One row per accepted change of a record: nothing accepted is ever lost."""

    __tablename__ = "record_history"
    __table_args__ = (Index("ix_record_history_record", "collection", "record_id", "rev"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    collection: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    rev: Mapped[int] = mapped_column(Integer, nullable=False)
    op: Mapped[str] = mapped_column(String(12), nullable=False)
    status: Mapped[str] = mapped_column(String(12), nullable=False)
    # The record's whole state after the change (null after a delete).
    data: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    # The fields the device sent, and the values that lost a conflict.
    incoming: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    lost: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    device_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    mutation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class Device(db.Model):
    """A device a user synced from, and when: the coverage report shows silent phones."""

    __tablename__ = "devices"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    last_push_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_pull_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    last_sync_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True, index=True)
    first_seen_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class AuditLog(db.Model):
    """Who exported or looked at what, when, and how many rows: for the people recorded."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    user_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(60), nullable=False)
    detail: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)
    rows: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


class ScopeExit(db.Model):
    """A synced row that left a scope (``column`` was ``old_value``) at ``seq``.

    Pull selects rows by their scope column, so a row moved to another team would silently stay
    on the old team's devices; pull reads these to send those devices a tombstone instead.
    """

    __tablename__ = "scope_exits"
    __table_args__ = (Index("ix_scope_exits_scope", "column", "old_value", "seq"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False)
    collection: Mapped[str] = mapped_column(String(40), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    rev: Mapped[int] = mapped_column(Integer, nullable=False)
    column: Mapped[str] = mapped_column(String(40), nullable=False)
    old_value: Mapped[str] = mapped_column(String(36), nullable=False)
