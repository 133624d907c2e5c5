"""The region view: zone-month aggregates across every organization, small counts suppressed.

Organizations see only their own records; the region (evaluators, the funders' partners) sees
aggregates only. A zone is a neighborhood, a month a local calendar month. Any count under
``SUPPRESS_BELOW`` is withheld (null, with ``"suppressed": true`` on the row): a small count in a
small area can point at a person. Every zone gets a row for every month, so a row's presence
says nothing either. Ranges are widened to whole months and nothing else narrows a cell, so no
two answers can be subtracted to reveal less than a zone-month.
"""

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import case, false, func, select

from ..extensions import db
from ..models import Mediation, Neighborhood, Organization, Visit
from .timezone import bucket_expr, midnight_utc, night_expr, offset_intervals, utc_range, zone

SUPPRESS_BELOW = 5
COUNTS = ("visits", "night_visits", "mediations")


def whole_months(start: date, end: date) -> tuple[date, date]:
    """``start`` widened to the first day of its month, ``end`` to the last day of its month.

    Two answers for ranges that differ by a day could be subtracted to give one day's count in
    one neighborhood, below any suppression; in whole months no two requests differ by less
    than a month x neighborhood cell, the unit the suppression is applied to.
    """
    after = end.replace(day=1) + timedelta(days=32)
    return start.replace(day=1), after.replace(day=1) - timedelta(days=1)


def months_between(start: date, end: date) -> list[date]:
    """The first days of the months from ``start``'s to ``end``'s."""
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return months


def suppress(row: dict) -> dict:
    """Withhold every count under ``SUPPRESS_BELOW``; mark the row if any was withheld.

    Night visits are a part of visits, so the daytime rest (visits - night_visits) is a count
    too: when it is small, night visits are withheld as well (complementary suppression), or
    the subtraction would give the small number away.
    """
    daytime = row["visits"] - row["night_visits"]
    hidden = False
    for key in COUNTS:
        if row[key] < SUPPRESS_BELOW:
            row[key], hidden = None, True
    if row["visits"] is not None and row["night_visits"] is not None and daytime < SUPPRESS_BELOW:
        row["night_visits"], hidden = None, True
    row["suppressed"] = hidden
    return row


def region(start: date, end: date, tz=None, session=None) -> dict:
    """Zone-month counts of visits, night visits and mediations for the local months from
    ``start``'s to ``end``'s, whole (the answer's ``start`` and ``end`` say so)."""
    session = session or db.session
    tz = tz or zone()
    start, end = whole_months(start, end)
    lo, hi = utc_range(start, end, tz)
    months = months_between(start, end)
    edges = [midnight_utc(month, tz) for month in months[1:]]
    intervals = offset_intervals(lo, hi, tz)
    figures = defaultdict(lambda: [0, 0, 0])

    v_month = bucket_expr(Visit.started_at, edges).label("month")
    visits = (
        select(
            Visit.neighborhood_id,
            v_month,
            func.count(),
            func.sum(case((night_expr(Visit.started_at, intervals), 1), else_=0)),
        )
        .where(Visit.deleted == false(), Visit.started_at >= lo, Visit.started_at < hi)
        .group_by(Visit.neighborhood_id, v_month)
    )
    for hood_id, n, count, night in session.execute(visits):
        figures[hood_id, n][:2] = [count, int(night or 0)]
    m_month = bucket_expr(Mediation.occurred_at, edges).label("month")
    mediations = (
        select(Mediation.neighborhood_id, m_month, func.count())
        .where(
            Mediation.deleted == false(), Mediation.occurred_at >= lo, Mediation.occurred_at < hi
        )
        .group_by(Mediation.neighborhood_id, m_month)
    )
    for hood_id, n, count in session.execute(mediations):
        figures[hood_id, n][2] = count

    zones = session.execute(
        select(Neighborhood, Organization.name)
        .join(Organization, Organization.id == Neighborhood.organization_id)
        .where(Neighborhood.deleted == false())
    ).all()
    zones.sort(key=lambda z: (z[1], z[0].name, z[0].code))
    rows = []
    for hood, organization in zones:
        for n, month in enumerate(months):
            counts = figures.get((hood.id, n), (0, 0, 0))
            row = {
                "organization": organization,
                "neighborhood": hood.name,
                "code": hood.code,
                "program_started_on": (
                    hood.program_started_on.isoformat() if hood.program_started_on else None
                ),
                "month": month.strftime("%Y-%m"),
                **dict(zip(COUNTS, counts, strict=True)),
            }
            rows.append(suppress(row))
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "months": [month.strftime("%Y-%m") for month in months],
        "note": "Whole local calendar months only: start and end were widened to them.",
        "rows": rows,
    }
