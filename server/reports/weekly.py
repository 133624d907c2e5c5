"""The weekly trend: visits (at night, at weekends) and mediations per neighborhood per week.

Weeks start on Monday, local time; the last one is the current week. Each row is bucketed in SQL
by a ``CASE`` over the UTC instants the local weeks begin, so a DST week is counted right.
"""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import case, false, func, select

from ..extensions import db
from ..models import Mediation, Visit
from .coverage import team_neighborhoods
from .timezone import (
    bucket_expr,
    midnight_utc,
    monday_of,
    night_expr,
    offset_intervals,
    today,
    weekend_expr,
    zone,
)


def week_starts(weeks: int, tz) -> list:
    """The Mondays of the last ``weeks`` local weeks, the current one last."""
    current = monday_of(today(tz))
    return [current - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def weekly(team_id: str, weeks: int = 8, tz=None, session=None) -> dict:
    """The weekly report of ``team_id`` over the last ``weeks`` weeks."""
    session = session or db.session
    tz = tz or zone()
    mondays = week_starts(weeks, tz)
    edges = [midnight_utc(day, tz) for day in mondays]
    lo, hi = edges[0], midnight_utc(mondays[-1] + timedelta(weeks=1), tz)
    hoods = team_neighborhoods(team_id, session)
    ids = [n.id for n in hoods]
    intervals = offset_intervals(lo, hi, tz)

    week = bucket_expr(Visit.started_at, edges[1:]).label("week")
    visits = select(
        Visit.neighborhood_id,
        week,
        func.count(),
        func.sum(case((night_expr(Visit.started_at, intervals), 1), else_=0)),
        func.sum(case((weekend_expr(Visit.started_at, intervals), 1), else_=0)),
    ).where(
        Visit.neighborhood_id.in_(ids),
        Visit.deleted == false(),
        Visit.started_at >= lo,
        Visit.started_at < hi,
    )
    m_week = bucket_expr(Mediation.occurred_at, edges[1:]).label("week")
    mediations = select(Mediation.neighborhood_id, m_week, func.count()).where(
        Mediation.neighborhood_id.in_(ids),
        Mediation.deleted == false(),
        Mediation.occurred_at >= lo,
        Mediation.occurred_at < hi,
    )
    figures = defaultdict(lambda: [0, 0, 0, 0])  # visits, night, weekend, mediations
    grouped = visits.group_by(Visit.neighborhood_id, week)
    for hood_id, n, count, night, weekend in session.execute(grouped):
        figures[hood_id, n][:3] = [count, int(night or 0), int(weekend or 0)]
    grouped = mediations.group_by(Mediation.neighborhood_id, m_week)
    for hood_id, n, count in session.execute(grouped):
        figures[hood_id, n][3] = count

    def row(hood):
        cells = []
        for n, monday in enumerate(mondays):
            count, night, weekend, mediated = figures.get((hood.id, n), (0, 0, 0, 0))
            cells.append(
                {
                    "start": monday.isoformat(),
                    "visits": count,
                    "night_visits": night,
                    "weekend_visits": weekend,
                    "mediations": mediated,
                }
            )
        return {
            "neighborhood_id": hood.id,
            "name": hood.name,
            "target_visits_per_week": hood.target_visits_per_week,
            "weeks": cells,
        }

    return {
        "team_id": team_id,
        "weeks": [day.isoformat() for day in mondays],
        "neighborhoods": [row(hood) for hood in hoods],
    }
