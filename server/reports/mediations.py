"""The mediations report: counts by risk and outcome, and the follow-ups still open.

A follow-up is open while the mediation's outcome is not ``resolved``; it is overdue when its
``follow_up_due`` (a local date) is before today's local date. ``due`` counts the open ones not
yet overdue, ``overdue`` the rest; ``items`` lists every mediation of the range with a follow-up
date, open or not, soonest first.
"""

from datetime import date, timedelta

from sqlalchemy import false, func, select

from ..extensions import db
from ..models import Mediation, Neighborhood
from .timezone import local_iso, today, utc_range, zone

#: DESIGN: ``follow_up_due`` defaults to 72 hours after ``occurred_at``.
DEFAULT_FOLLOW_UP = timedelta(hours=72)


def _in_range(team_id, lo, hi):
    hoods = select(Neighborhood.id).where(Neighborhood.team_id == team_id)
    return (
        Mediation.neighborhood_id.in_(hoods),
        Mediation.deleted == false(),
        Mediation.occurred_at >= lo,
        Mediation.occurred_at < hi,
    )


def mediations_report(team_id: str, start: date, end: date, tz=None, session=None) -> dict:
    """Mediations of ``team_id`` that occurred in the local dates ``start`` .. ``end``."""
    session = session or db.session
    tz = tz or zone()
    lo, hi = utc_range(start, end, tz)
    where = _in_range(team_id, lo, hi)
    grouped = (
        select(Mediation.risk_level, Mediation.outcome, func.count())
        .where(*where)
        .group_by(Mediation.risk_level, Mediation.outcome)
    )
    # Sorted here, not in SQL: PostgreSQL's collation may order text unlike SQLite's.
    by_risk_outcome = [
        {"risk_level": risk, "outcome": outcome, "count": count}
        for risk, outcome, count in sorted(session.execute(grouped))
    ]
    records = session.execute(select(Mediation).where(*where)).scalars()
    current = today(tz)
    items = []
    for m in records:
        due = m.follow_up_due or _default_due(m.occurred_at, tz)
        overdue = due < current and m.outcome != "resolved"
        items.append(
            {
                "mediation_id": m.id,
                "neighborhood_id": m.neighborhood_id,
                "worker_id": m.worker_id,
                "occurred_at": local_iso(m.occurred_at, tz),
                "follow_up_due": due.isoformat(),
                "risk_level": m.risk_level,
                "outcome": m.outcome,
                "overdue": overdue,
            }
        )
    items.sort(key=lambda item: (item["follow_up_due"], item["occurred_at"], item["mediation_id"]))
    open_items = [item for item in items if item["outcome"] != "resolved"]
    overdue = sum(item["overdue"] for item in open_items)
    return {
        "team_id": team_id,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "by_risk_outcome": by_risk_outcome,
        "follow_ups": {"due": len(open_items) - overdue, "overdue": overdue, "items": items},
    }


def _default_due(occurred_at, tz) -> date:
    return date.fromisoformat(local_iso(occurred_at + DEFAULT_FOLLOW_UP, tz)[:10])
