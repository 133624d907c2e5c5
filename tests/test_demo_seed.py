"""``fieldbook seed-demo``: a region that looks real, replayable from a seed."""

import re
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlalchemy import delete, func, select, text

from server.changes import current_seq
from server.extensions import db
from server.geojson import validate_geometry
from server.models import (
    Assignment,
    Device,
    Mediation,
    Neighborhood,
    Organization,
    RecordHistory,
    Team,
    User,
    Visit,
)

from .test_cli_setup import snapshot

TODAY = date(2026, 11, 20)  # a Friday
ZONE = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 20, 12, tzinfo=ZONE).astimezone(UTC).replace(tzinfo=None)


def local(instant: datetime) -> datetime:
    return instant.replace(tzinfo=UTC).astimezone(ZONE)


@pytest.fixture
def fast_hash(monkeypatch):
    """argon2 is slow on purpose; tests that do not sign in skip it."""
    monkeypatch.setattr("server.demo.hash_password", lambda password: "plain:" + password)


def wipe():
    """Back to a fresh database: every row gone, identity counters restarted."""
    if db.engine.dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(delete(table))
    db.session.commit()


def seed(runner, *extra):
    result = runner.invoke(args=["seed-demo", "--today", TODAY.isoformat(), *extra])
    assert result.exit_code == 0, result.output + (result.stderr or "")
    return result


@pytest.fixture
def seeded(runner, fast_hash):
    return seed(runner, "--seed", "7")


def all_of(model):
    return db.session.scalars(select(model)).all()


def test_prints_every_demo_user_with_a_password_that_signs_in(runner, client, monkeypatch):
    # Real argon2 hashes, with cheap parameters (a verify reads them from the hash).
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr("server.demo.hash_password", cheap.hash)
    output = seed(runner, "--seed", "7").output
    users = all_of(User)
    lines = [line.split() for line in output.splitlines() if line.startswith("  ")][1:]
    assert sorted(line[0] for line in lines) == sorted(u.username for u in users)
    by_name = {u.username: u for u in users}
    for username, role, *_team, password in lines:
        assert by_name[username].role == role
        assert " ".join(_team) == by_name[username].team.name
        assert len(password) >= 10
    username, password = lines[-1][0], lines[-1][-1]
    response = client.post("/api/v1/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200


def test_same_seed_twice_gives_the_same_region_ids_included(runner, fast_hash):
    seed(runner, "--seed", "7")
    first = snapshot()
    assert len(first["visits"]) > 200
    wipe()
    seed(runner, "--seed", "7")
    assert snapshot() == first
    wipe()
    seed(runner, "--seed", "8")
    assert snapshot()["visits"] != first["visits"]


def test_region_has_organizations_teams_staff_and_assignments(seeded):
    assert len(all_of(Organization)) == 2
    assert len(all_of(Team)) == 3
    roles = Counter(u.role for u in all_of(User))
    assert roles["admin"] >= 1 and roles["lead"] == 3 and roles["worker"] == 9
    assigned = {a.user_id for a in all_of(Assignment)}
    assert assigned == {u.id for u in all_of(User) if u.role == "worker"}


def test_neighborhoods_have_irregular_outlines_targets_and_priorities(seeded):
    places = all_of(Neighborhood)
    assert 15 <= len(places) <= 20
    for place in places:
        assert validate_geometry(place.geometry) == place.geometry
        assert 2 <= place.target_visits_per_week <= 8 and place.priority in (1, 2, 3)
    assert len({len(p.geometry["coordinates"][0]) for p in places}) > 2  # not a grid
    assert len({p.priority for p in places}) == 3
    assert 0 < sum(p.program_started_on is not None for p in places) < len(places)


def test_visits_follow_evening_and_weekend_rhythms_and_end_today(seeded):
    visits = all_of(Visit)
    starts = [local(v.started_at) for v in visits]
    evening = sum(s.hour >= 17 or s.hour < 2 for s in starts)
    assert evening / len(starts) > 0.7
    # By the evening they belong to: after midnight counts for the day before.
    days = Counter((s - timedelta(hours=6)).weekday() for s in starts)
    assert (days[4] + days[5]) / 2 > 1.2 * sum(days[d] for d in range(4)) / 4
    assert max(v.started_at for v in visits) <= NOW
    assert min(starts).date() >= TODAY - timedelta(days=42)
    assert max(starts).date() >= TODAY - timedelta(days=1)
    assert {v.rev for v in visits} == {1}


def test_some_neighborhoods_are_clearly_under_covered(seeded):
    counts = Counter(v.neighborhood_id for v in all_of(Visit))
    ratios = [counts[p.id] / (p.target_visits_per_week * 6) for p in all_of(Neighborhood)]
    assert sum(r < 0.5 for r in ratios) >= 2
    assert sum(r >= 0.8 for r in ratios) >= 8


def test_mediations_have_plausible_mixes_and_some_overdue_follow_ups(seeded):
    mediations = all_of(Mediation)
    assert len(mediations) >= 20
    assert len({m.risk_level for m in mediations}) >= 3
    assert len({m.outcome for m in mediations}) >= 3
    assert all(m.follow_up_due > local(m.occurred_at).date() for m in mediations)
    assert any(m.follow_up_due < TODAY and m.outcome == "ongoing" for m in mediations)
    assert all(m.parties_count >= 2 for m in mediations)


def test_notes_use_program_codes_never_staff_names(seeded):
    notes = [r.notes for r in all_of(Visit) + all_of(Mediation) if r.notes]
    assert any(re.search(r"\bP-\d{4}\b", n) for n in notes)
    names = {part for u in all_of(User) for part in u.display_name.split()}
    assert not [n for n in notes if names & set(re.findall(r"[A-Z][a-z]+", n))]


def test_one_worker_phone_went_silent_nine_days_ago(seeded):
    workers = [u for u in all_of(User) if u.role == "worker"]
    last_sync = {d.user_id: d.last_sync_at for d in all_of(Device)}
    assert set(last_sync) == {u.id for u in all_of(User)}
    silent = [w for w in workers if last_sync[w.id] < NOW - timedelta(days=8)]
    assert len(silent) == 1
    assert NOW - last_sync[silent[0].id] < timedelta(days=10)
    records = all_of(Visit) + all_of(Mediation)
    assert (
        max(r.created_at for r in records if r.worker_id == silent[0].id) <= last_sync[silent[0].id]
    )
    assert all(NOW - last_sync[w.id] < timedelta(days=1) for w in workers if w not in silent)


def test_records_are_stamped_flagged_and_have_history(seeded):
    visits, mediations = all_of(Visit), all_of(Mediation)
    records = visits + mediations
    assert 0 < sum(r.needs_review for r in records) < len(records) * 0.05
    seqs = [r.seq for r in records + all_of(User) + all_of(Neighborhood)]
    assert len(set(seqs)) == len(seqs) and max(seqs) == current_seq()
    history = all_of(RecordHistory)
    assert len(history) == len(records)
    assert {(h.op, h.status, h.rev) for h in history} == {("create", "applied", 1)}
    visit = visits[0]
    data = next(h.data for h in history if h.record_id == visit.id)
    assert data["kind"] == visit.kind and data["worker_id"] == visit.worker_id
    assert datetime.fromisoformat(data["started_at"]).replace(tzinfo=None) == visit.started_at


def test_seeding_is_fast(runner, fast_hash):
    started = time.perf_counter()
    seed(runner, "--seed", "3")
    assert time.perf_counter() - started < 5
    assert db.session.scalar(select(func.count()).select_from(Visit)) > 200


def test_refuses_a_database_that_has_organizations(runner, make):
    make.org()
    before = snapshot()
    result = runner.invoke(args=["seed-demo", "--seed", "7"])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "Error: the database already has organizations; seed-demo needs an empty one"
    ]
    assert snapshot() == before


def test_bad_today_is_refused(runner):
    result = runner.invoke(args=["seed-demo", "--today", "tomorrow"])
    assert result.exit_code == 1
    assert "--today must be a date" in result.stderr
    assert not all_of(Organization)
