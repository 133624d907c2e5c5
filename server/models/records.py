"""What workers log in the field: visits and mediations, and the leads' reviews of them.

The rules of DESIGN's "Synced collections" live here as database constraints too, so that no
write path (sync push, CLI, a future import) can store what the protocol would reject. The
enums are the protocol's (``sync/collections``).
"""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from sync.collections import (
    CONFLICT_TYPES,
    NOTES_MAX,
    OUTCOMES,
    RISK_LEVELS,
    VISIT_KINDS,
    WEAPONS_PRESENT,
)

from ..extensions import db
from .base import SyncedMixin, new_id, utcnow


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class FieldRecordMixin(SyncedMixin):
    """Columns visits and mediations share: scope, author, location, notes and review state."""

    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), nullable=False)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), nullable=False)
    neighborhood_id: Mapped[str] = mapped_column(ForeignKey("neighborhoods.id"), nullable=False)
    worker_id: Mapped[str] = mapped_column(ForeignKey("users.id"), nullable=False)
    location_lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    location_lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    location_accuracy_m: Mapped[float | None] = mapped_column(Float, nullable=True)
    notes: Mapped[str] = mapped_column(Text, nullable=False, default="", server_default="")
    needs_review: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=text("false")
    )
    # Per field, the device time of its last accepted edit: the conflict rule compares these.
    field_edited_at: Mapped[dict] = mapped_column(JSON, nullable=False, default=dict)


class Visit(FieldRecordMixin, db.Model):
    """A worker's presence in a neighborhood: the unit coverage is counted in."""

    __tablename__ = "visits"
    __table_args__ = (
        CheckConstraint("duration_minutes BETWEEN 0 AND 1440", name="duration_range"),
        CheckConstraint("people_engaged >= 0", name="people_non_negative"),
        CheckConstraint(_one_of("kind", VISIT_KINDS), name="kind"),
        CheckConstraint(f"length(notes) <= {NOTES_MAX}", name="notes_length"),
        Index("ix_visits_team_seq", "team_id", "seq"),
        Index("ix_visits_worker_seq", "worker_id", "seq"),
        Index("ix_visits_org_seq", "organization_id", "seq"),
        Index("ix_visits_neighborhood_started", "neighborhood_id", "started_at"),
    )
    started_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    duration_minutes: Mapped[int] = mapped_column(Integer, nullable=False, default=30)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, default="street_presence")
    people_engaged: Mapped[int] = mapped_column(Integer, nullable=False, default=0)


class Mediation(FieldRecordMixin, db.Model):
    """A conflict a worker stepped into, with its risk and outcome."""

    __tablename__ = "mediations"
    __table_args__ = (
        CheckConstraint("parties_count >= 2", name="parties_at_least_two"),
        CheckConstraint(_one_of("conflict_type", CONFLICT_TYPES), name="conflict_type"),
        CheckConstraint(_one_of("weapons_present", WEAPONS_PRESENT), name="weapons_present"),
        CheckConstraint(_one_of("risk_level", RISK_LEVELS), name="risk_level"),
        CheckConstraint(_one_of("outcome", OUTCOMES), name="outcome"),
        CheckConstraint(f"length(notes) <= {NOTES_MAX}", name="notes_length"),
        Index("ix_mediations_team_seq", "team_id", "seq"),
        Index("ix_mediations_worker_seq", "worker_id", "seq"),
        Index("ix_mediations_org_seq", "organization_id", "seq"),
        Index("ix_mediations_neighborhood_occurred", "neighborhood_id", "occurred_at"),
    )
    occurred_at: Mapped[datetime] = mapped_column(DateTime, nullable=False)
    conflict_type: Mapped[str] = mapped_column(String(20), nullable=False)
    parties_count: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    weapons_present: Mapped[str] = mapped_column(String(10), nullable=False, default="unknown")
    risk_level: Mapped[str] = mapped_column(String(10), nullable=False)
    outcome: Mapped[str] = mapped_column(String(24), nullable=False)
    follow_up_due: Mapped[date | None] = mapped_column(Date, nullable=True)


class Review(db.Model):
    """A lead's note on a record, appended beside it: the worker's words stay as written."""

    __tablename__ = "reviews"
    __table_args__ = (
        CheckConstraint("collection IN ('visits', 'mediations')", name="collection"),
        CheckConstraint(f"length(note) <= {NOTES_MAX}", name="note_length"),
        Index("ix_reviews_record", "collection", "record_id"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    collection: Mapped[str] = mapped_column(String(20), nullable=False)
    record_id: Mapped[str] = mapped_column(String(36), nullable=False)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), nullable=False, index=True)
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("users.id"), nullable=False)
    note: Mapped[str] = mapped_column(Text, nullable=False, default="")
    # True when this review cleared the record's needs_review flag (a conflict looked at).
    resolves_conflict: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=False, server_default=text("false")
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)


__all__ = ["Mediation", "Review", "Visit", "date"]
