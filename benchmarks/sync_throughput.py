"""Sync throughput through the real server (``fieldbook serve``): push, pull-all, pull a delta.

    python benchmarks/sync_throughput.py [--sizes 10000,1000000] [--backends sqlite,postgres]

For each backend and each number of records stored: a fresh database; for the large size, the
visits of 100 other workers of the same team bulk-loaded straight through SQL (``executemany``
on SQLite, ``COPY`` on PostgreSQL) so that the tables and indexes have that many rows; then,
over HTTP on 127.0.0.1:

- push 10,000 visits in 20 requests of 500 (plain ``requests``, bodies built beforehand);
- pull them all with no cursor in pages of 1,000 (the worker's scope: their 10,000 visits);
- pull a delta: 100 of them updated, then one pull with the cursor (median of 15 rounds).

Rates are from the median request (500 records per push, 1,000 per page), timed until the
answer's body is received (decoding JSON is the client's cost); totals are printed beside them.

Beside them the floor: raw ``sqlite3`` ``executemany`` of the same 10,000 rows into a bare table.
Targets (DESIGN, benchmarks/README.md): push >= 10,000 records/s and pull-all >= 100,000
records/s on SQLite; a delta of 100 in <= 5 ms with 1,000,000 records stored.
"""

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from server import create_app  # noqa: E402
from server.changes import stamp  # noqa: E402
from server.extensions import db  # noqa: E402
from server.models import ChangeCounter, Neighborhood, Organization, Team, User, Visit  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402

PUSHED = 10_000
BATCH = 500
PAGE = 1000
DELTA = 100
ROUNDS = 15
PASSWORD = "bench-password-1"
STARTED = "2026-11-20T22:41:00-06:00"


def _postgres_url() -> str | None:
    base = os.environ.get("FIELDBOOK_BENCH_POSTGRES_URL") or os.environ.get(
        "FIELDBOOK_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
    )
    url = make_url(base).set(drivername="postgresql+psycopg")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = "fieldbook_bench_sync"
            if (
                conn.execute(
                    text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
                ).scalar()
                is None
            ):
                conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: say so and go on with SQLite
        print(f"PostgreSQL not reachable ({exc.__class__.__name__}); skipping it", file=sys.stderr)
        return None
    finally:
        admin.dispose()
    return url.set(database="fieldbook_bench_sync").render_as_string(hide_password=False)


def prepare(url: str, stored: int) -> dict:
    """A fresh schema, a team with one worker, and ``stored - PUSHED`` visits of others."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        from server.auth import hash_password

        org = Organization(name="Bench org")
        db.session.add(org)
        db.session.flush()
        team = Team(name="Bench team", organization_id=org.id)
        db.session.add(team)
        db.session.flush()
        hood = Neighborhood(team_id=team.id, organization_id=org.id, name="Hood", code="H1")
        worker = User(
            username="bench",
            display_name="Bench",
            role="worker",
            team_id=team.id,
            organization_id=org.id,
            password_hash=hash_password(PASSWORD),
        )
        others = [
            User(
                username=f"other{i}",
                display_name=f"Other {i}",
                role="worker",
                team_id=team.id,
                organization_id=org.id,
                password_hash="x",
            )
            for i in range(100)
        ]
        db.session.add_all([hood, worker, *others])
        db.session.flush()
        for row in (hood, worker, *others):
            stamp(row, new=True)
        db.session.commit()
        ids = {"team": team.id, "org": org.id, "hood": hood.id, "others": [o.id for o in others]}
        bulk = stored - PUSHED
        if bulk > 0:
            started = time.perf_counter()
            _bulk_load(db.engine, ids, bulk)
            print(f"  bulk-loaded {bulk:,} visits in {time.perf_counter() - started:.1f} s")
        db.engine.dispose()
    return ids


def _visit_rows(ids: dict, count: int, first_seq: int):
    base = datetime(2025, 1, 1)
    now = datetime(2026, 11, 1)
    for n in range(count):
        yield {
            "id": str(uuid.UUID(int=n + 1)),
            "rev": 1,
            "seq": first_seq + n,
            "deleted": False,
            "created_at": now,
            "updated_at": now,
            "team_id": ids["team"],
            "organization_id": ids["org"],
            "neighborhood_id": ids["hood"],
            "worker_id": ids["others"][n % len(ids["others"])],
            "location_lat": None,
            "location_lon": None,
            "location_accuracy_m": None,
            "notes": "",
            "needs_review": False,
            "field_edited_at": "{}",
            "started_at": base + timedelta(minutes=n),
            "duration_minutes": 30,
            "kind": "street_presence",
            "people_engaged": n % 7,
        }


def _bulk_load(engine, ids: dict, count: int) -> None:
    table = Visit.__table__
    with engine.begin() as conn:
        first = conn.execute(text("SELECT value FROM change_counter")).scalar() + 1
    columns = list(next(_visit_rows(ids, 1, 0)))
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if engine.dialect.name == "postgresql":
            with cursor.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in _visit_rows(ids, count, first):
                    copy.write_row([row[c] for c in columns])
        else:
            marks = ", ".join("?" * len(columns))
            sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
            cursor.executemany(
                sql,
                (
                    tuple(
                        v.isoformat(" ", "microseconds") if isinstance(v, datetime) else v
                        for v in (row[c] for c in columns)
                    )
                    for row in _visit_rows(ids, count, first)
                ),
            )
        cursor.execute(f"UPDATE {ChangeCounter.__table__.name} SET value = {first + count - 1}")
        raw.commit()
        if engine.dialect.name == "postgresql":
            cursor.execute("ANALYZE")
        else:
            cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


class Client:
    """Plain requests with the session cookie and CSRF header, as the reference client sends."""

    def __init__(self, base: str):
        self.base = base
        self.http = requests.Session()
        answer = self.http.post(
            base + "/api/v1/auth/login", json={"username": "bench", "password": PASSWORD}
        )
        answer.raise_for_status()
        self.http.headers["X-CSRF-Token"] = answer.json()["csrf_token"]
        self.device = str(uuid.uuid4())

    def push(self, body: bytes) -> dict:
        answer = self.http.post(
            self.base + "/api/v1/sync/push", data=body, headers={"Content-Type": "application/json"}
        )
        answer.raise_for_status()
        return answer.json()

    def pull(self, cursor=None) -> tuple[dict, float]:
        """A page and the milliseconds until its body was received (decoding is the client's)."""
        params = {"limit": PAGE, "device_id": self.device}
        if cursor:
            params["cursor"] = cursor
        started = time.perf_counter()
        answer = self.http.get(self.base + "/api/v1/sync/pull", params=params)
        answer.content  # noqa: B018 - read the whole body inside the timed window
        took = (time.perf_counter() - started) * 1000
        answer.raise_for_status()
        return answer.json(), took


def _push_bodies(device: str, hood: str, ids: list[str]) -> list[bytes]:
    bodies = []
    for start in range(0, len(ids), BATCH):
        mutations = [
            {
                "mutation_id": str(uuid.uuid4()),
                "collection": "visits",
                "record_id": record_id,
                "op": "upsert",
                "base_rev": None,
                "edited_at": STARTED,
                "data": {
                    "neighborhood_id": hood,
                    "started_at": STARTED,
                    "duration_minutes": 30,
                    "kind": "street_presence",
                    "people_engaged": n % 9,
                    "notes": "",
                },
            }
            for n, record_id in enumerate(ids[start : start + BATCH], start)
        ]
        bodies.append(
            json.dumps({"protocol": 1, "device_id": device, "mutations": mutations}).encode()
        )
    return bodies


def run(url: str, stored: int) -> dict:
    ids = prepare(url, stored)
    with LiveServer(url, workers=2) as server:
        client = Client(server.url)
        # Warm both gunicorn workers (imports, statement caches) before anything is timed.
        for _ in range(4):
            (body,) = _push_bodies(client.device, ids["hood"], [str(uuid.uuid4())])
            client.push(body)
            client.pull()
        record_ids = [str(uuid.uuid4()) for _ in range(PUSHED)]
        bodies = _push_bodies(client.device, ids["hood"], record_ids)
        push_ms = []
        for body in bodies:
            started = time.perf_counter()
            results = client.push(body)["results"]
            push_ms.append((time.perf_counter() - started) * 1000)
            assert all(r["status"] == "applied" for r in results), results[:1]

        cursor, pulled, pull_ms = None, 0, []
        while True:
            page, took = client.pull(cursor)
            if len(page["changes"]) == PAGE:
                pull_ms.append(took)
            pulled += len(page["changes"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
        assert pulled >= PUSHED, pulled

        delta_ms = []
        for round_ in range(ROUNDS):
            chosen = record_ids[round_ * DELTA : (round_ + 1) * DELTA]
            mutations = [
                {
                    "mutation_id": str(uuid.uuid4()),
                    "collection": "visits",
                    "record_id": record_id,
                    "op": "upsert",
                    "base_rev": 1,
                    "edited_at": STARTED,
                    "data": {"people_engaged": 40},
                }
                for record_id in chosen
            ]
            body = json.dumps({"protocol": 1, "device_id": client.device, "mutations": mutations})
            client.push(body.encode())
            page, took = client.pull(cursor)
            delta_ms.append(took)
            assert len(page["changes"]) == DELTA and not page["has_more"], len(page["changes"])
            cursor = page["cursor"]
    # Medians per request: this machine is shared, and one stalled request says nothing
    # about the server (the totals are printed too).
    push_median, pull_median = statistics.median(push_ms), statistics.median(pull_ms)
    print(
        f"  totals: push {PUSHED / sum(push_ms) * 1000:,.0f} records/s, "
        f"pull-all {PAGE * len(pull_ms) / sum(pull_ms) * 1000:,.0f} records/s"
    )
    return {
        "push_rps": BATCH / push_median * 1000,
        "push_ms_per_batch": push_median,
        "pull_rps": PAGE / pull_median * 1000,
        "pull_ms_per_page": pull_median,
        "delta_ms": statistics.median(delta_ms),
    }


def floor() -> float:
    """Raw sqlite3 executemany of the same 10,000 rows into a bare table: no server at all."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(Path(tmp) / "floor.sqlite")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        ids = {"team": "t", "org": "o", "hood": "h", "others": ["w"]}
        rows = list(_visit_rows(ids, PUSHED, 1))
        columns = list(rows[0])
        conn.execute(f"CREATE TABLE visits ({', '.join(columns)}, PRIMARY KEY (id))")
        values = [tuple(str(v) if isinstance(v, datetime) else v for v in r.values()) for r in rows]
        started = time.perf_counter()
        with conn:
            conn.executemany(f"INSERT INTO visits VALUES ({', '.join('?' * len(columns))})", values)
        seconds = time.perf_counter() - started
        conn.close()
    return PUSHED / seconds


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        ram = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    except OSError:
        ram = 0
    return f"{os.cpu_count()} cores, {cpu}, {ram:.0f} GiB RAM, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,1000000", help="records stored, comma-separated")
    parser.add_argument("--backends", default="sqlite,postgres")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    print(machine())
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for backend in args.backends.split(","):
            url = (
                f"sqlite:///{Path(tmp) / 'bench.sqlite'}"
                if backend == "sqlite"
                else _postgres_url()
            )
            if url is None:
                continue
            for stored in sizes:
                print(f"{backend}, {stored:,} records stored ...", flush=True)
                if backend == "sqlite":
                    for suffix in ("", "-wal", "-shm"):
                        Path(tmp, "bench.sqlite" + suffix).unlink(missing_ok=True)
                rows.append((backend, stored, run(url, stored)))
    print()
    print(
        "| backend | records stored | push (records/s) | push ms/500 | pull-all (records/s) "
        "| pull ms/1,000 | delta of 100 (ms) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for backend, stored, r in rows:
        print(
            f"| {backend} | {stored:,} | {r['push_rps']:,.0f} | {r['push_ms_per_batch']:.0f} "
            f"| {r['pull_rps']:,.0f} | {r['pull_ms_per_page']:.1f} | {r['delta_ms']:.1f} |"
        )
    print(f"| raw sqlite3 executemany (floor) | {PUSHED:,} | {floor():,.0f} | | | | |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
