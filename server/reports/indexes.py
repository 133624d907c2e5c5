"""Indexes the reports need, defined here so that ``create_all`` and migrations see them.

``ix_visits_report`` covers the coverage scan: the equality columns first (neighborhood, not
deleted), then the range column, then every column the aggregates read, so SQLite and
PostgreSQL answer from the index alone and never touch the table. The latest visit per
neighborhood is one step down the same index.
"""

from sqlalchemy import Index

from ..models.records import Mediation, Visit

visits = Visit.__table__.c
mediations = Mediation.__table__.c

Index(
    "ix_visits_report",
    visits.neighborhood_id,
    visits.deleted,
    visits.started_at,
    visits.worker_id,
    visits.duration_minutes,
    visits.people_engaged,
)
Index(
    "ix_mediations_report",
    mediations.neighborhood_id,
    mediations.deleted,
    mediations.occurred_at,
    mediations.worker_id,
)
