"""``fieldbook seed-demo``: fill an empty database with the fictional Carver Falls region.

Two agencies, three teams, 18 neighborhoods, their staff, six weeks of visits and mediations
ending today, and the devices they synced from; one worker's phone went silent nine days ago.
Everything comes from one seeded :class:`~server.demo.region.DemoRandom` (ids included), so a
seed replays the same region relative to the same day. Rows go in with Core multi-row inserts
and one ``take_seqs`` call, like a big first sync would, to stay well under a few seconds.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select

from ..auth import hash_password
from ..changes import take_seqs
from ..extensions import db
from ..models import (
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
from . import region
from .activity import Generator, Worker

#: Length of the demo period, ending today.
DAYS = 42


class DemoError(ValueError):
    """The demo cannot be seeded here (the database is not empty)."""


@dataclass(frozen=True)
class DemoUser:
    """A demo account, printed for whoever runs the demo."""

    username: str
    display_name: str
    role: str
    team: str
    password: str


@dataclass
class DemoRegion:
    """What was seeded: the accounts, and how many of each thing."""

    users: list[DemoUser]
    counts: dict = field(default_factory=dict)


def _iso(instant: datetime) -> str:
    return instant.replace(tzinfo=UTC).isoformat()


def _people():
    """(team index, username, display name, role, holdings) for every demo account."""
    people = []
    for org, (username, name) in enumerate(region.ADMINS):
        team = next(i for i, spec in enumerate(region.TEAMS) if spec[1] == org)
        people.append((team, username, name, "admin", ()))
    for team, (username, name) in enumerate(region.LEADS):
        people.append((team, username, name, "lead", ()))
    for team, workers in enumerate(region.WORKERS):
        for number, (username, name) in enumerate(workers):
            holds = tuple(team * 6 + slot for slot in region.HOLDINGS[team][number])
            people.append((team, username, name, "worker", holds))
    return people


def _record_data(collection: str, row: dict) -> dict:
    """The record's fields as the protocol shows them (DESIGN, "Synced collections")."""
    located = row["location_lat"] is not None
    data = {"neighborhood_id": row["neighborhood_id"], "worker_id": row["worker_id"]}
    if collection == "visits":
        data["started_at"] = _iso(row["started_at"])
        data.update({k: row[k] for k in ("duration_minutes", "kind", "people_engaged")})
    else:
        data["occurred_at"] = _iso(row["occurred_at"])
        keys = ("conflict_type", "parties_count", "weapons_present", "risk_level", "outcome")
        data.update({k: row[k] for k in keys})
        data["follow_up_due"] = row["follow_up_due"].isoformat()
    data["location"] = (
        {
            "lat": row["location_lat"],
            "lon": row["location_lon"],
            "accuracy_m": row["location_accuracy_m"],
        }
        if located
        else None
    )
    data["notes"] = row["notes"]
    if row["needs_review"]:
        data["needs_review"] = True
    return data


def seed_demo(seed: int, today: date, now: datetime, timezone: str, hasher=None) -> DemoRegion:
    """Seed the demo region into an empty database; ``now`` is naive UTC, ``today`` local.

    ``hasher`` (default: argon2 ``hash_password``) lets tests skip the deliberately slow hash.
    """
    if db.session.scalar(select(Organization.id).limit(1)) is not None:
        raise DemoError("the database already has organizations; seed-demo needs an empty one")
    rng = region.DemoRandom(seed)
    first_day = today - timedelta(days=DAYS - 1)
    set_up = datetime.combine(first_day - timedelta(days=60), time(15))

    orgs = [{"id": rng.uuid(), "name": n, "created_at": set_up} for n in region.ORGANIZATIONS]
    teams = [
        {"id": rng.uuid(), "name": name, "organization_id": orgs[org]["id"], "created_at": set_up}
        for name, org, _ in region.TEAMS
    ]
    places = region.places(rng, today)
    for place in places:
        place.team_id = teams[place.team]["id"]
        place.organization_id = teams[place.team]["organization_id"]

    users, workers, accounts = _accounts(rng, teams, now, hasher or hash_password)

    generator = Generator(rng, places, workers, timezone)
    generator.run(first_day, today, now)
    devices = _devices(rng, users, workers, now, set_up)

    records = [("visits", r) for r in generator.visits]
    records += [("mediations", r) for r in generator.mediations]
    records.sort(key=lambda item: (item[1]["created_at"], item[1]["id"]))
    db.session.execute(insert(Organization.__table__), orgs)
    db.session.execute(insert(Team.__table__), teams)
    # Taken last and once: the counter stays locked only for the inserts below.
    seq = take_seqs(len(users) + len(places) + len(records))
    for row in users:
        row.update(rev=1, seq=seq)
        seq += 1
    db.session.execute(insert(User.__table__), users)
    db.session.execute(insert(Neighborhood.__table__), _neighborhood_rows(places, seq, set_up))
    seq += len(places)
    db.session.execute(insert(Assignment.__table__), _assignments(rng, workers, places, first_day))
    for offset, (_, row) in enumerate(records):
        row.update(rev=1, seq=seq + offset, field_edited_at={})
    history = _history(records, devices)
    if generator.visits:
        db.session.execute(insert(Visit.__table__), generator.visits)
    if generator.mediations:
        db.session.execute(insert(Mediation.__table__), generator.mediations)
    if history:
        db.session.execute(insert(RecordHistory.__table__), history)
    db.session.execute(insert(Device.__table__), devices)
    db.session.commit()
    counts = {
        "organizations": len(orgs),
        "teams": len(teams),
        "neighborhoods": len(places),
        "users": len(users),
        "visits": len(generator.visits),
        "mediations": len(generator.mediations),
    }
    return DemoRegion(accounts, counts)


def _accounts(rng, teams, now: datetime, hasher):
    """The users' rows, the workers for the generator, and the accounts to print."""
    people = _people()
    passwords = [region.password(rng) for _ in people]
    with ThreadPoolExecutor(max_workers=4) as pool:  # argon2 releases the GIL
        hashes = list(pool.map(hasher, passwords))
    set_up = teams[0]["created_at"]
    users, workers, accounts = [], [], []
    for (team, username, name, role, holds), password, hashed in zip(
        people, passwords, hashes, strict=True
    ):
        user_id = rng.uuid()
        users.append(
            {
                "id": user_id,
                "username": username,
                "display_name": name,
                "role": role,
                "team_id": teams[team]["id"],
                "organization_id": teams[team]["organization_id"],
                "password_hash": hashed,
                "created_at": set_up,
                "updated_at": set_up,
            }
        )
        accounts.append(DemoUser(username, name, role, teams[team]["name"], password))
        if role == "worker":
            silent = (team, len([w for w in workers if w.team == team])) == region.SILENT_WORKER
            since = now - timedelta(days=region.SILENT_DAYS, hours=rng.uniform(1, 8))
            workers.append(Worker(user_id, team, list(holds), since if silent else None))
    return users, workers, accounts


def _history(records, devices) -> list[dict]:
    """One "create" entry per record, as if each had arrived in a push from its device."""
    device_of = {d["user_id"]: d["device_id"] for d in devices}
    return [
        {
            "collection": collection,
            "record_id": row["id"],
            "rev": 1,
            "op": "create",
            "status": "applied",
            "data": _record_data(collection, row),
            "user_id": row["worker_id"],
            "device_id": device_of[row["worker_id"]],
            "edited_at": row["created_at"],
            "received_at": row["created_at"],
        }
        for collection, row in records
    ]


def _neighborhood_rows(places, seq: int, set_up: datetime) -> list[dict]:
    return [
        {
            "id": p.id,
            "team_id": p.team_id,
            "organization_id": p.organization_id,
            "name": p.name,
            "code": p.code,
            "geometry": p.geometry,
            "target_visits_per_week": p.target,
            "priority": p.priority,
            "program_started_on": p.program_started_on,
            "rev": 1,
            "seq": seq + offset,
            "created_at": set_up,
            "updated_at": set_up,
        }
        for offset, p in enumerate(places)
    ]


def _assignments(rng, workers, places, first_day: date) -> list[dict]:
    rows = []
    for worker in workers:
        for index in worker.holds:
            start = first_day - timedelta(days=rng.randint(14, 90))
            started = places[index].program_started_on
            rows.append(
                {
                    "id": rng.uuid(),
                    "user_id": worker.id,
                    "neighborhood_id": places[index].id,
                    "starts_on": max(start, started) if started else start,
                    "created_at": datetime.combine(start, time(16)),
                }
            )
    return rows


def _devices(rng, users, workers, now: datetime, set_up: datetime) -> list[dict]:
    """One device per account; workers' phones synced lately, except the silent one."""
    by_id = {w.id: w for w in workers}
    rows = []
    for user in users:
        worker = by_id.get(user["id"])
        if worker and worker.silent_since:
            last = worker.silent_since
        else:
            hours = rng.uniform(0.2, 6) if worker else rng.uniform(1, 30)
            last = now - timedelta(hours=hours)
            if worker and worker.last_received:
                last = max(last, worker.last_received)
        rows.append(
            {
                "device_id": rng.uuid(),
                "user_id": user["id"],
                "last_push_at": last if worker else None,
                "last_pull_at": last,
                "last_sync_at": last,
                "first_seen_at": set_up + timedelta(days=rng.randint(1, 20)),
            }
        )
    return rows
