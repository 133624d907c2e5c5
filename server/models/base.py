"""Column helpers shared by the models."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import BigInteger, Boolean, DateTime, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column


def new_id() -> str:
    """A new record id: a UUID string, as devices make them."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """Now as a naive UTC datetime: the database stores instants as UTC without an offset."""
    return datetime.now(UTC).replace(tzinfo=None)


class SyncedMixin:
    """The columns every synced record has (DESIGN, "Synced collections").

    ``seq`` is the record's place in the one change sequence of the deployment: every accepted
    change takes the next value, and pull reads ``seq > cursor``. Times are naive UTC.
    """

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    rev: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    seq: Mapped[int] = mapped_column(BigInteger, nullable=False, default=0, index=True)
    deleted: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=text("false")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime, nullable=False, default=utcnow, onupdate=utcnow
    )
