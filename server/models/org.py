"""Who works where: organizations, teams, users, neighborhoods and assignments."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import SyncedMixin, new_id, utcnow

ROLES = ("worker", "lead", "admin")


class Organization(db.Model):
    """An agency of the region; it sees its own records only."""

    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    teams: Mapped[list["Team"]] = relationship(back_populates="organization")


class Team(db.Model):
    """A team of outreach workers with one or more leads."""

    __tablename__ = "teams"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(120), unique=True, nullable=False)
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="teams")


class User(SyncedMixin, db.Model):
    """A person who signs in. Synced read-only as the team roster (``users``)."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('worker', 'lead', 'admin')", name="role"),)
    username: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    display_name: Mapped[str] = mapped_column(String(120), nullable=False)
    role: Mapped[str] = mapped_column(String(10), nullable=False)
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    active: Mapped[bool] = mapped_column(
        Boolean, nullable=False, default=True, server_default=text("true")
    )
    # Bumped to end every session of the user at once (deactivation, password change).
    session_version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    team: Mapped[Team] = relationship()


class Neighborhood(SyncedMixin, db.Model):
    """An area a team promised presence in, with its weekly target. Synced read-only."""

    __tablename__ = "neighborhoods"
    __table_args__ = (
        UniqueConstraint("team_id", "code", name="team_code"),
        CheckConstraint("target_visits_per_week >= 0", name="target_non_negative"),
        CheckConstraint("priority BETWEEN 1 AND 3", name="priority_range"),
    )
    team_id: Mapped[str] = mapped_column(
        ForeignKey("teams.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    organization_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id", ondelete="RESTRICT"), nullable=False, index=True
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False)
    code: Mapped[str] = mapped_column(String(40), nullable=False)
    geometry: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    target_visits_per_week: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    priority: Mapped[int] = mapped_column(Integer, nullable=False, default=2)
    # When the program started working here, so evaluators can compare before and after.
    program_started_on: Mapped[date | None] = mapped_column(Date, nullable=True)

    team: Mapped[Team] = relationship()


class Assignment(db.Model):
    """Marks a neighborhood as one of a worker's own; it does not limit where they record."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates_ordered"),
    )
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    neighborhood_id: Mapped[str] = mapped_column(
        ForeignKey("neighborhoods.id", ondelete="CASCADE"), nullable=False, index=True
    )
    starts_on: Mapped[date] = mapped_column(Date, nullable=False)
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    user: Mapped[User] = relationship()
    neighborhood: Mapped[Neighborhood] = relationship()
