"""Exports of a team's records: CSV and GeoJSON, each written down in the audit log.

Records describe people at risk; every export says who took what (filters and row count) in an
``AuditLog`` row committed in the same transaction as the read, so no export leaves unrecorded.
"""

import csv
import io

from sqlalchemy import false, select

from ..extensions import db
from ..models import AuditLog, Mediation, Neighborhood, User, Visit
from .coverage import coverage
from .timezone import local_iso, utc_range

#: A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

LOCATION = ["location_lat", "location_lon", "location_accuracy_m"]
VISIT_COLUMNS = ["duration_minutes", "kind", "people_engaged", *LOCATION, "notes"]
MEDIATION_COLUMNS = [
    "conflict_type",
    "parties_count",
    "weapons_present",
    "risk_level",
    "outcome",
    "follow_up_due",
    *LOCATION,
    "notes",
]
#: (model, its time column's name, the export's own columns)
KINDS = {
    "visits": (Visit, "started_at", VISIT_COLUMNS),
    "mediations": (Mediation, "occurred_at", MEDIATION_COLUMNS),
}


def safe_cell(value):
    """A CSV cell a spreadsheet will show, never run: text starting like a formula gets a ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def records(kind: str, team_id: str, filters: dict, tz, session=None) -> list:
    """The team's records of ``kind`` (not deleted) matching ``filters``, oldest first."""
    session = session or db.session
    model, time_name, _ = KINDS[kind]
    when = getattr(model, time_name)
    query = select(model).where(model.team_id == team_id, model.deleted == false())
    if filters.get("start"):
        query = query.where(when >= utc_range(filters["start"], filters["start"], tz)[0])
    if filters.get("end"):
        query = query.where(when < utc_range(filters["end"], filters["end"], tz)[1])
    for name in ("neighborhood_id", "worker_id"):
        if filters.get(name):
            query = query.where(getattr(model, name) == filters[name])
    return list(session.execute(query.order_by(when, model.id)).scalars())


def to_csv(kind: str, rows: list, tz, session=None) -> str:
    """The records as CSV with a header row; times local ISO 8601, names beside ids."""
    session = session or db.session
    _, time_name, columns = KINDS[kind]
    hoods = dict(session.execute(select(Neighborhood.id, Neighborhood.name)).all())
    names = dict(
        session.execute(
            select(User.id, User.display_name).where(User.id.in_({r.worker_id for r in rows}))
        ).all()
    )
    out = io.StringIO()
    writer = csv.writer(out)
    header = ["id", time_name, "neighborhood_id", "neighborhood", "worker_id", "worker"]
    writer.writerow(header + columns + ["rev", "needs_review"])
    for record in rows:
        due = getattr(record, "follow_up_due", None)
        values = [
            record.id,
            local_iso(getattr(record, time_name), tz),
            record.neighborhood_id,
            hoods.get(record.neighborhood_id),
            record.worker_id,
            names.get(record.worker_id),
        ]
        values += [
            due.isoformat() if name == "follow_up_due" and due else getattr(record, name)
            for name in columns
        ]
        values += [record.rev, record.needs_review]
        writer.writerow([safe_cell(v) for v in values])
    return out.getvalue()


def geojson(team_id: str, start, end, tz, session=None) -> dict:
    """The team's neighborhoods as a FeatureCollection, coverage figures as properties."""
    session = session or db.session
    report = coverage(team_id, start, end, tz, session)
    geometry = dict(
        session.execute(
            select(Neighborhood.id, Neighborhood.geometry).where(Neighborhood.team_id == team_id)
        ).all()
    )
    features = [
        {
            "type": "Feature",
            "id": row["neighborhood_id"],
            "geometry": geometry.get(row["neighborhood_id"]),
            "properties": {**row, "start": report["start"], "end": report["end"]},
        }
        for row in report["neighborhoods"]
    ]
    return {"type": "FeatureCollection", "features": features}


def audit(user, action: str, detail: dict, rows: int, session=None) -> None:
    """Record the export and commit: the read and its audit row end in one transaction."""
    session = session or db.session
    plain = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in detail.items()}
    session.add(AuditLog(user_id=user.id, action=action, detail=plain, rows=rows))
    session.commit()
