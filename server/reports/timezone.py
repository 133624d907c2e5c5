"""Local dates and hours of the deployment's time zone, as UTC instants and SQL expressions.

The database stores naive UTC instants and SQLite knows nothing of time zones, so reports turn
every local notion into UTC before asking SQL: a range of local dates becomes the instants
[local start 00:00, local day after the end 00:00); a local hour becomes the UTC hour plus the
zone's offset, where the offset is a ``CASE`` over the UTC-offset intervals (from zoneinfo's
transitions) that cover the range. The same SQLAlchemy expressions then run on SQLite and
PostgreSQL and give the same answers.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import Integer, String, case, cast, extract, func, literal, literal_column
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

#: Night is from 18:00 to 06:00 local time (DESIGN, coverage report ``night_visits``): twelve
#: hours, so the expression below needs only where it starts.
NIGHT_STARTS = 18 * 60
_STEP = timedelta(hours=12)  # no zone changes its offset twice within 12 hours


def zone() -> ZoneInfo:
    """The deployment's time zone (``FIELDBOOK_TIMEZONE``)."""
    return ZoneInfo(current_app.config["FIELDBOOK_TIMEZONE"])


def midnight_utc(day: date, tz: ZoneInfo) -> datetime:
    """The naive UTC instant when local ``day`` begins (a midnight lost to DST maps forward)."""
    return datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC).replace(tzinfo=None)


def utc_range(start: date, end: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The half-open UTC interval of the local dates ``start`` .. ``end``, both included."""
    return midnight_utc(start, tz), midnight_utc(end + timedelta(days=1), tz)


def offset_minutes(instant: datetime, tz: ZoneInfo) -> int:
    """The zone's UTC offset, in minutes, at the naive UTC ``instant``."""
    local = instant.replace(tzinfo=UTC).astimezone(tz)
    return int(local.utcoffset().total_seconds() // 60)


def _transition(lo: datetime, hi: datetime, tz: ZoneInfo) -> datetime:
    """The first instant in (lo, hi] whose offset differs from lo's, to the second."""
    before = offset_minutes(lo, tz)
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if offset_minutes(mid, tz) == before:
            lo = mid
        else:
            hi = mid
    return hi


@lru_cache(maxsize=256)
def offset_intervals(lo: datetime, hi: datetime, tz: ZoneInfo) -> tuple[tuple[datetime, int]]:
    """The offsets in force over [lo, hi): ``[(until, minutes), ...]``, the last one open-ended.

    zoneinfo has no public list of transitions, so they are found by stepping and bisecting
    (a few hundred offset look-ups for a year, cached: reports ask for the same ranges often).
    """
    intervals = []
    current, offset = lo, offset_minutes(lo, tz)
    while current < hi:
        step = min(current + _STEP, hi)
        if offset_minutes(step, tz) != offset:
            change = _transition(current, step, tz)
            intervals.append((change, offset))
            offset = offset_minutes(change, tz)
            current = change
        else:
            current = step
    intervals.append((None, offset))
    return tuple(intervals)


def offset_expr(column, intervals, unit: int = 1, shift: int = 0):
    """SQL: the zone's offset at the instant in ``column`` in ``unit`` minutes, plus ``shift``."""
    if len(intervals) == 1:
        return literal(intervals[0][1] // unit + shift, Integer)
    whens = [(column < until, literal(m // unit + shift, Integer)) for until, m in intervals[:-1]]
    return case(*whens, else_=literal(intervals[-1][1] // unit + shift, Integer))


def night_expr(column, intervals):
    """SQL: whether the instant in ``column`` is at night (local 18:00 to 06:00).

    Shifted six hours later, night is the first half of the day, so one comparison does
    (``(local + 6) % 24 < 12``) and the local hour is computed once per row, not twice.
    """
    hour = cast(extract("hour", column), Integer)
    if all(minutes % 60 == 0 for _, minutes in intervals):
        # Whole-hour zones need the hour only: one date function less per row on SQLite.
        shift = 24 + (24 - NIGHT_STARTS // 60)  # + 24 keeps the sum positive
        return (hour + offset_expr(column, intervals, 60, shift)) % 24 < 12
    minute = cast(extract("minute", column), Integer)
    shift = 1440 + (1440 - NIGHT_STARTS)
    return (hour * 60 + minute + offset_expr(column, intervals, 1, shift)) % 1440 < 720


class local_weekday(FunctionElement):  # noqa: N801 - named like the SQL functions it stands for
    """SQL: the weekday (0 = Sunday .. 6 = Saturday) of ``column`` + ``minutes`` minutes.

    Neither database can shift an instant by a computed number of minutes in a way the other
    understands, so each gets its own spelling of the same meaning (both count 0 = Sunday).
    """

    type = Integer()
    inherit_cache = True
    name = "local_weekday"


@compiles(local_weekday)
def _weekday_postgresql(element, compiler, **kw):
    column, minutes = element.clauses
    shifted = column + minutes * literal_column("INTERVAL '1 minute'")
    return compiler.process(cast(extract("dow", shifted), Integer), **kw)


@compiles(local_weekday, "sqlite")
def _weekday_sqlite(element, compiler, **kw):
    column, minutes = element.clauses
    modifier = cast(minutes, String).concat(" minutes")  # e.g. '-360 minutes'
    return compiler.process(cast(func.strftime("%w", column, modifier), Integer), **kw)


def weekend_expr(column, intervals):
    """SQL: whether the instant in ``column`` falls on a Saturday or Sunday, local time.

    The weekday is taken after adding the zone's offset, so 23:30 on a local Sunday is weekend
    although it is Monday in UTC. ``(dow + 1) % 7 < 2`` holds for 6 and 0: one comparison.
    """
    weekday = local_weekday(column, offset_expr(column, intervals))
    return (weekday + 1) % 7 < 2


def bucket_expr(column, boundaries: list[datetime]):
    """SQL: the index of the bucket the instant falls in; ``boundaries`` are the inner edges."""
    if not boundaries:
        return literal(0, Integer)
    whens = [(column < edge, literal(n, Integer)) for n, edge in enumerate(boundaries)]
    return case(*whens, else_=literal(len(boundaries), Integer))


def local_iso(instant: datetime | None, tz: ZoneInfo) -> str | None:
    """A naive UTC instant as local ISO 8601 with its offset, e.g. ``2026-11-20T16:41:00-06:00``."""
    if instant is None:
        return None
    return instant.replace(tzinfo=UTC).astimezone(tz).isoformat()


def today(tz: ZoneInfo) -> date:
    """Today's local date."""
    return datetime.now(tz).date()


def monday_of(day: date) -> date:
    """The Monday that starts ``day``'s week."""
    return day - timedelta(days=day.weekday())
