"""The whole team book as one SQLite file, made with sqlite-utils, to open in Datasette.

Tables ``teams``, ``workers`` (id and display name only: the minimum), ``neighborhoods``,
``visits`` and ``mediations`` with foreign keys between them, and full-text search on notes.
"""

import json
from pathlib import Path

import sqlite_utils
from sqlalchemy import false, or_, select

from ..extensions import db
from ..models import Neighborhood, Team, User
from .exports import KINDS, records
from .timezone import local_iso

RECORD_FKS = [
    ("team_id", "teams", "id"),
    ("neighborhood_id", "neighborhoods", "id"),
    ("worker_id", "workers", "id"),
]
BASE_TYPES = {"id": str, "team_id": str, "neighborhood_id": str, "worker_id": str, "rev": int}
TYPES = {
    "duration_minutes": int,
    "people_engaged": int,
    "parties_count": int,
    "location_lat": float,
    "location_lon": float,
    "location_accuracy_m": float,
}


def _record_row(record, time_name, columns, tz) -> dict:
    row = {
        "id": record.id,
        "team_id": record.team_id,
        "neighborhood_id": record.neighborhood_id,
        "worker_id": record.worker_id,
        time_name: local_iso(getattr(record, time_name), tz),
    }
    for name in columns:
        value = getattr(record, name)
        row[name] = value.isoformat() if hasattr(value, "isoformat") else value
    row["rev"] = record.rev
    return row


def build_book(path: Path, team_id: str, filters: dict, tz, session=None) -> dict:
    """Write the book to ``path``; answers the row count of each table."""
    session = session or db.session
    found = {kind: records(kind, team_id, filters, tz, session) for kind in KINDS}
    authors = {r.worker_id for rows in found.values() for r in rows}
    places = {r.neighborhood_id for rows in found.values() for r in rows}
    team = session.get(Team, team_id)
    people = session.execute(
        select(User.id, User.display_name).where(or_(User.team_id == team_id, User.id.in_(authors)))
    ).all()
    hoods = session.execute(
        select(Neighborhood).where(
            Neighborhood.team_id == team_id,
            or_(Neighborhood.deleted == false(), Neighborhood.id.in_(places)),
        )
    ).scalars()

    book = sqlite_utils.Database(path)
    book["teams"].insert_all([{"id": team.id, "name": team.name}], pk="id")
    book["workers"].create({"id": str, "display_name": str}, pk="id")
    book["workers"].insert_all([{"id": i, "display_name": n} for i, n in people])
    book["neighborhoods"].create(
        {"id": str, "team_id": str, "name": str, "code": str, "target_visits_per_week": int,
         "priority": int, "program_started_on": str, "geometry": str},
        pk="id",
        foreign_keys=[("team_id", "teams", "id")],
    )  # fmt: skip
    book["neighborhoods"].insert_all(
        {
            "id": n.id,
            "team_id": n.team_id,
            "name": n.name,
            "code": n.code,
            "target_visits_per_week": n.target_visits_per_week,
            "priority": n.priority,
            "program_started_on": n.program_started_on and n.program_started_on.isoformat(),
            "geometry": json.dumps(n.geometry) if n.geometry is not None else None,
        }
        for n in hoods
    )
    for kind, (_, time_name, columns) in KINDS.items():
        types = {**BASE_TYPES, time_name: str, **{c: TYPES.get(c, str) for c in columns}}
        book[kind].create(types, pk="id", foreign_keys=RECORD_FKS)
        book[kind].insert_all(_record_row(r, time_name, columns, tz) for r in found[kind])
        book[kind].enable_fts(["notes"], create_triggers=True)
    counts = {name: book[name].count for name in ("teams", "workers", "neighborhoods", *KINDS)}
    book.close()
    return counts
