"""The coverage report (DESIGN, "Reports"): presence per neighborhood and activity per worker.

Everything is counted by SQL aggregates (GROUP BY) over the visits and mediations of the range;
Python only joins the aggregated groups to the roster. The visit aggregates read the covering
index ``ix_visits_report`` alone (see ``indexes.py``); the latest visit per neighborhood is one
index step each.
"""

from collections import Counter
from datetime import date

from sqlalchemy import case, false, func, select

from ..extensions import db
from ..models import Device, Mediation, Neighborhood, User, Visit
from .timezone import local_iso, night_expr, offset_intervals, utc_range, weekend_expr, zone


def team_neighborhoods(team_id: str, session=None) -> list:
    """The team's neighborhoods that are not deleted, by name (the columns reports show)."""
    session = session or db.session
    columns = (Neighborhood.id, Neighborhood.name, Neighborhood.code)
    query = select(*columns, Neighborhood.target_visits_per_week).where(
        Neighborhood.team_id == team_id, Neighborhood.deleted == false()
    )
    # Sorted here: PostgreSQL's collation may order names unlike SQLite's.
    return sorted(session.execute(query), key=lambda n: (n.name, n.id))


def team_workers(team_id: str, session=None) -> list:
    """The team's workers (role ``worker``), by name: ids and display names."""
    session = session or db.session
    query = select(User.id, User.display_name).where(
        User.team_id == team_id, User.role == "worker", User.deleted == false()
    )
    return sorted(session.execute(query), key=lambda u: (u.display_name, u.id))


def _visits_in(neighborhood_ids, lo, hi):
    return (
        Visit.neighborhood_id.in_(neighborhood_ids),
        Visit.deleted == false(),
        Visit.started_at >= lo,
        Visit.started_at < hi,
    )


def visits_by_neighborhood(neighborhood_ids, lo, hi, intervals, session) -> dict:
    """neighborhood -> (visits, workers, minutes, people, night, weekend) over visits in [lo, hi).

    Grouped by the index's leading column, so SQLite aggregates in index order, no sort.
    """
    query = (
        select(
            Visit.neighborhood_id,
            func.count(),
            func.count(Visit.worker_id.distinct()),
            func.sum(Visit.duration_minutes),
            func.sum(Visit.people_engaged),
            func.sum(case((night_expr(Visit.started_at, intervals), 1), else_=0)),
            func.sum(case((weekend_expr(Visit.started_at, intervals), 1), else_=0)),
        )
        .where(*_visits_in(neighborhood_ids, lo, hi))
        .group_by(Visit.neighborhood_id)
    )
    return {hood: [int(v or 0) for v in rest] for hood, *rest in session.execute(query)}


def visits_by_worker(neighborhood_ids, lo, hi, session) -> dict:
    """worker -> (visits, minutes) over visits in [lo, hi) in these neighborhoods."""
    query = (
        select(Visit.worker_id, func.count(), func.sum(Visit.duration_minutes))
        .where(*_visits_in(neighborhood_ids, lo, hi))
        .group_by(Visit.worker_id)
    )
    return {worker: [int(v or 0) for v in rest] for worker, *rest in session.execute(query)}


def mediation_groups(neighborhood_ids, lo, hi, session):
    """(neighborhood, worker) -> mediations in [lo, hi)."""
    query = (
        select(Mediation.neighborhood_id, Mediation.worker_id, func.count())
        .where(
            Mediation.neighborhood_id.in_(neighborhood_ids),
            Mediation.deleted == false(),
            Mediation.occurred_at >= lo,
            Mediation.occurred_at < hi,
        )
        .group_by(Mediation.neighborhood_id, Mediation.worker_id)
    )
    return {(n, w): count for n, w, count in session.execute(query)}


def last_visits(neighborhood_ids, hi, session) -> dict:
    """neighborhood -> latest visit before ``hi`` (an index lookup per neighborhood)."""
    latest = (
        select(func.max(Visit.started_at))
        .where(
            Visit.neighborhood_id == Neighborhood.id,
            Visit.deleted == false(),
            Visit.started_at < hi,
        )
        .scalar_subquery()
    )
    query = select(Neighborhood.id, latest).where(Neighborhood.id.in_(neighborhood_ids))
    return dict(session.execute(query).all())


def last_syncs(worker_ids, session) -> dict:
    """worker -> latest ``last_sync_at`` of any of their devices."""
    query = (
        select(Device.user_id, func.max(Device.last_sync_at))
        .where(Device.user_id.in_(worker_ids))
        .group_by(Device.user_id)
    )
    return dict(session.execute(query).all())


def _ratio(visits, target):
    return visits / target if target else None


def coverage(team_id: str, start: date, end: date, tz=None, session=None) -> dict:
    """The coverage report of ``team_id`` for the local dates ``start`` .. ``end``."""
    session = session or db.session
    tz = tz or zone()
    lo, hi = utc_range(start, end, tz)
    days = (end - start).days + 1
    intervals = offset_intervals(lo, hi, tz)
    hoods = team_neighborhoods(team_id, session)
    workers = team_workers(team_id, session)
    ids = [n.id for n in hoods]
    by_hood = visits_by_neighborhood(ids, lo, hi, intervals, session)
    by_worker = visits_by_worker(ids, lo, hi, session)
    mediations = mediation_groups(ids, lo, hi, session)
    latest = last_visits(ids, hi, session)
    syncs = last_syncs([w.id for w in workers], session)
    hood_mediations, worker_mediations = Counter(), Counter()
    for (hood_id, worker_id), count in mediations.items():
        hood_mediations[hood_id] += count
        worker_mediations[worker_id] += count

    rows = []
    for hood in hoods:
        count, seen, minutes, people, night, weekend = by_hood.get(hood.id, (0,) * 6)
        target = hood.target_visits_per_week * days / 7
        rows.append(
            {
                "neighborhood_id": hood.id,
                "name": hood.name,
                "code": hood.code,
                "target_visits_per_week": hood.target_visits_per_week,
                "visits": count,
                "workers": seen,
                "minutes": minutes,
                "people_engaged": people,
                "mediations": hood_mediations[hood.id],
                "night_visits": night,
                "weekend_visits": weekend,
                "last_visit_at": local_iso(latest.get(hood.id), tz),
                "target_visits": target,
                "coverage_ratio": _ratio(count, target),
            }
        )
    people_rows = []
    for worker in workers:
        count, minutes = by_worker.get(worker.id, (0, 0))
        people_rows.append(
            {
                "worker_id": worker.id,
                "name": worker.display_name,
                "visits": count,
                "mediations": worker_mediations[worker.id],
                "minutes": minutes,
                "last_sync_at": local_iso(syncs.get(worker.id), tz),
            }
        )
    return {
        "team_id": team_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": days,
        "timezone": tz.key,
        "neighborhoods": rows,
        "workers": people_rows,
        "totals": _totals(rows, len(by_worker), latest, tz),
    }


def _totals(rows, workers: int, latest, tz) -> dict:
    keys = ("visits", "minutes", "people_engaged", "mediations", "night_visits", "weekend_visits")
    total = {key: sum(r[key] for r in rows) for key in keys}
    target = sum(r["target_visits"] for r in rows)
    last = max((t for t in latest.values() if t is not None), default=None)
    total.update(
        neighborhoods=len(rows),
        workers=workers,
        target_visits=target,
        coverage_ratio=_ratio(total["visits"], target),
        last_visit_at=local_iso(last, tz),
    )
    return total
