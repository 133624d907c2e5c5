"""Coverage report speed: 200 neighborhoods and 1,000,000 visits over two years.

Builds the data with bulk inserts (SQLite: ``executemany`` in one transaction; PostgreSQL:
``COPY``), indexes after loading, then times ``server.reports.coverage.coverage`` (the function
the endpoint calls) for a 4-week and a 1-year range: the median of several runs after a warm-up.

Two shapes of the same data: the region's 10 teams of 20 neighborhoods (a lead reads one team,
about 100,000 of the visits), then every neighborhood and worker moved into one team (a lead
reading all 1,000,000; the worst case).

    python benchmarks/coverage.py                       # SQLite (a file under a temp dir)
    python benchmarks/coverage.py --postgres URL        # and PostgreSQL (database fieldbook_bench)
    python benchmarks/coverage.py --keep DIR --reuse    # time again without rebuilding

``FIELDBOOK_TEST_POSTGRES_URL`` is used when ``--postgres`` is not given. Target: <= 200 ms.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from server import create_app  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import (  # noqa: E402
    Device,
    Mediation,
    Neighborhood,
    Organization,
    Team,
    User,
    Visit,
)
from server.reports.coverage import coverage  # noqa: E402

TZ = ZoneInfo("America/Chicago")
FIRST_DAY, LAST_DAY = date(2025, 1, 1), date(2026, 12, 31)
RANGES = {
    "4 weeks": (date(2026, 11, 3), date(2026, 11, 30)),
    "1 year": (date(2025, 12, 1), date(2026, 11, 30)),
}
TARGET_MS = 200
KINDS = ["street_presence", "home_visit", "community_event", "follow_up", "school"]
VISIT_COLUMNS = [
    "id", "rev", "seq", "deleted", "created_at", "updated_at", "team_id", "organization_id",
    "neighborhood_id", "worker_id", "notes", "needs_review", "field_edited_at",
    "started_at", "duration_minutes", "kind", "people_engaged",
]  # fmt: skip
MEDIATION_COLUMNS = [
    "id", "rev", "seq", "deleted", "created_at", "updated_at", "team_id", "organization_id",
    "neighborhood_id", "worker_id", "notes", "needs_review", "field_edited_at",
    "occurred_at", "conflict_type", "parties_count", "weapons_present", "risk_level", "outcome",
]  # fmt: skip


def _instants(rng, count):
    """``count`` random naive UTC instants spread evenly over the two years."""
    lo = datetime.combine(FIRST_DAY, datetime.min.time(), tzinfo=TZ).astimezone(UTC)
    span = (LAST_DAY - FIRST_DAY).days * 86400
    base = lo.replace(tzinfo=None)
    return [base + timedelta(seconds=rng.randrange(span)) for _ in range(count)]


def seed_roster(n_teams, hoods_per_team, workers_per_team):
    """The organization, its teams, their workers (each with a device) and neighborhoods.

    Answers ``{team_id: ([worker ids], [neighborhood ids])}``.
    """
    org = Organization(name="Bench org")
    db.session.add(org)
    db.session.flush()
    teams = [Team(name=f"Team {t}", organization_id=org.id) for t in range(n_teams)]
    db.session.add_all(teams)
    db.session.flush()
    roster, n = {}, 0
    now = datetime.now(UTC).replace(tzinfo=None)
    for team in teams:
        workers = [
            User(username=f"w{n + i}", display_name=f"Worker {n + i}", role="worker",
                 team_id=team.id, organization_id=org.id, password_hash="x", seq=n + i + 1)
            for i in range(workers_per_team)
        ]  # fmt: skip
        hoods = [
            Neighborhood(name=f"Neighborhood {n + i:03}", code=f"N{n + i:03}", team_id=team.id,
                         organization_id=org.id, target_visits_per_week=3 + i % 10, seq=n + i + 1)
            for i in range(hoods_per_team)
        ]  # fmt: skip
        n += max(workers_per_team, hoods_per_team)
        db.session.add_all(workers + hoods)
        db.session.flush()
        db.session.add_all(
            Device(device_id=str(uuid.uuid4()), user_id=w.id, last_sync_at=now) for w in workers
        )
        roster[team.id] = ([w.id for w in workers], [h.id for h in hoods])
    db.session.commit()
    return org.id, roster


def rows(kind, org_id, roster, count, rng):
    """Tuples in ``*_COLUMNS`` order: a random neighborhood, a worker of its team; 1% deleted."""
    now = datetime.now(UTC).replace(tzinfo=None)
    teams = list(roster.items())
    for seq, when in enumerate(_instants(rng, count), start=1):
        team_id, (workers, hoods) = rng.choice(teams)
        common = [
            str(uuid.uuid4()), 1, seq, rng.random() < 0.01, now, now, team_id, org_id,
            rng.choice(hoods), rng.choice(workers), "", False, "{}", when,
        ]  # fmt: skip
        if kind == "visits":
            yield common + [rng.choice((15, 30, 45, 60, 90)), rng.choice(KINDS), rng.randrange(6)]
        else:
            yield common + ["group", 2, "unknown", rng.choice(("low", "high")), "ongoing"]


def _sqlite_value(value):
    # SQLAlchemy's SQLite DateTime format: the report compares these strings.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return int(value) if isinstance(value, bool) else value


def bulk_load(table, columns, data):
    """Load tuples into ``table`` with its indexes dropped, then build them again."""
    indexes = list(table.indexes)
    with db.engine.begin() as conn:
        for index in indexes:
            index.drop(conn)
    raw = db.engine.raw_connection()
    try:
        cursor = raw.cursor()
        names = ", ".join(columns)
        if db.engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")  # the generated rows reference real ids
            marks = ", ".join("?" for _ in columns)
            cursor.executemany(
                f"INSERT INTO {table.name} ({names}) VALUES ({marks})",
                ([_sqlite_value(v) for v in row] for row in data),
            )
        raw.commit()
    finally:
        raw.close()
    with db.engine.begin() as conn:
        for index in indexes:
            index.create(conn)


def analyze():
    """Fresh planner statistics (and, on PostgreSQL, the visibility map index-only scans use)."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    else:
        with db.engine.begin() as conn:
            conn.execute(text("ANALYZE"))


def build(url, visits, mediations, seed):
    """A fresh app on ``url`` with the benchmark data; answers (app, one team's id, seconds)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    began = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        rng = random.Random(seed)
        org_id, roster = seed_roster(10, 20, 6)
        bulk_load(Visit.__table__, VISIT_COLUMNS, rows("visits", org_id, roster, visits, rng))
        data = rows("mediations", org_id, roster, mediations, rng)
        bulk_load(Mediation.__table__, MEDIATION_COLUMNS, data)
        analyze()
    return app, next(iter(roster)), time.perf_counter() - began


def reshape(app, one_team):
    """Every neighborhood and worker in one team (the worst case), or back in their own teams.

    The records keep the ``team_id`` they were made with, which says where everyone belongs; the
    report counts by neighborhood, so moving 200 neighborhoods is all a reshape needs.
    """
    with app.app_context():
        if one_team:
            db.session.execute(update(Neighborhood).values(team_id=one_team))
            db.session.execute(update(User).values(team_id=one_team))
        else:
            db.session.execute(text(
                "UPDATE neighborhoods SET team_id = (SELECT team_id FROM visits"
                " WHERE visits.neighborhood_id = neighborhoods.id LIMIT 1)"
            ))  # fmt: skip
            db.session.execute(text(
                "UPDATE users SET team_id = (SELECT team_id FROM visits"
                " WHERE visits.worker_id = users.id LIMIT 1)"
            ))  # fmt: skip
        db.session.commit()
        analyze()


def existing(url):
    """(app, a team id) when ``url`` already holds the benchmark's visits, else None."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        try:
            count = db.session.execute(text("SELECT count(*) FROM visits")).scalar()
            team_id = db.session.execute(text(  # the team built first, as ``build`` answers
                "SELECT team_id FROM visits WHERE neighborhood_id ="
                " (SELECT id FROM neighborhoods WHERE code = 'N000') LIMIT 1"
            )).scalar()  # fmt: skip
        except Exception:  # no tables yet
            return None
    return (app, team_id) if count and team_id else None


def time_report(app, team_id, start, end, runs):
    """Median and best wall, and median CPU, milliseconds of ``runs`` calls after a warm-up.

    CPU time is this process's: on SQLite that is all the work (the database runs in-process),
    so it stays honest on a busy machine where wall time does not.
    """
    with app.app_context():
        report = coverage(team_id, start, end, TZ)
        wall, cpu = [], []
        for _ in range(runs):
            began, began_cpu = time.perf_counter(), time.process_time()
            coverage(team_id, start, end, TZ)
            wall.append((time.perf_counter() - began) * 1000)
            cpu.append((time.process_time() - began_cpu) * 1000)
            db.session.rollback()
    median = statistics.median
    return median(wall), min(wall), median(cpu), report["totals"]["visits"]


def postgres_bench_url(url):
    """``url`` pointed at the ``fieldbook_bench`` database, made if missing."""
    base = make_url(url)
    if base.drivername == "postgresql":
        base = base.set(drivername="postgresql+psycopg")
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        found = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = 'fieldbook_bench'"))
        if found.scalar() is None:
            conn.execute(text("CREATE DATABASE fieldbook_bench"))
    admin.dispose()
    return base.set(database="fieldbook_bench").render_as_string(hide_password=False)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("FIELDBOOK_TEST_POSTGRES_URL"))
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--mediations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", metavar="DIR", help="keep the SQLite file in DIR")
    parser.add_argument("--reuse", action="store_true", help="time the data already built")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="fieldbook-bench-") as directory:
        sqlite_file = Path(args.keep or directory) / "bench.sqlite"
        targets = [("SQLite", f"sqlite:///{sqlite_file}")]
        if args.postgres:
            targets.append(("PostgreSQL", postgres_bench_url(args.postgres)))
        print(f"{args.visits:,} visits, {args.mediations:,} mediations, 200 neighborhoods; "
              f"median of {args.runs} runs; target <= {TARGET_MS} ms")  # fmt: skip
        columns = ["database", "team", "range", "visits counted", "median ms", "best ms", "CPU ms"]
        print("| " + " | ".join(columns) + f" | <= {TARGET_MS} ms |")
        print("|---|---|---|---:|---:|---:|---:|---|")
        for name, url in targets:
            found = existing(url) if args.reuse else None
            if found:
                app, team_id = found
                reshape(app, None)
            else:
                app, team_id, seconds = build(url, args.visits, args.mediations, args.seed)
                print(f"<!-- {name}: built in {seconds:.0f} s -->", flush=True)
            for team, one_team in (("20 of 200 neighborhoods", None), ("all 200", team_id)):
                if one_team:
                    reshape(app, one_team)
                for label, (start, end) in RANGES.items():
                    ms, best, cpu, counted = time_report(app, team_id, start, end, args.runs)
                    ok = "yes" if ms <= TARGET_MS else "no"
                    cpu = f"{cpu:.0f}" if name == "SQLite" else "-"  # PostgreSQL works elsewhere
                    cells = [name, team, label, f"{counted:,}", f"{ms:.0f}", f"{best:.0f}", cpu, ok]
                    print("| " + " | ".join(cells) + " |", flush=True)
            with app.app_context():
                db.engine.dispose()
        load = os.getloadavg()[0]
        print(f"<!-- load average at the end: {load:.1f} on {os.cpu_count()} CPUs -->")


if __name__ == "__main__":
    main()
