"""ONE contract suite for ``sync.storage.Store``: the engine's behaviour on every store.

Each test runs on the memory store, on SQLite and (with ``FIELDBOOK_TEST_POSTGRES_URL``) on
PostgreSQL, through ``sync.engine.push``, ``sync.pull.pull`` and ``sync.review`` directly.
"""

from datetime import date, datetime

import pytest

from server import create_app, permissions
from server.extensions import db
from sync import engine, review
from sync.cursor import BadCursor
from sync.memory import MemoryStore
from sync.pull import pull
from sync.scope import Principal

from .conftest import DATABASES, _empty_database
from .factories import Factory
from .sync_helpers import mutation, new_id

NOW = datetime(2026, 11, 21, 12, 0)
TZ = "America/Chicago"


class World:
    """Two organizations; org 1 has team A (workers ana, ben; lead lea) and an admin."""

    def __init__(self, store, add_user, add_hood, commit, assign):
        self.store, self.commit = store, commit
        org1, org2 = new_id(), new_id()
        team_a, team_b, team_c = new_id(), new_id(), new_id()
        self.teams = {"a": (team_a, org1), "b": (team_b, org1), "c": (team_c, org2)}
        self.ana = add_user("ana", "worker", *self.teams["a"])
        self.ben = add_user("ben", "worker", *self.teams["a"])
        self.lea = add_user("lea", "lead", *self.teams["a"])
        self.adam = add_user("adam", "admin", *self.teams["b"])
        self.bob = add_user("bob", "worker", *self.teams["b"])
        self.cal = add_user("cal", "lead", *self.teams["c"])
        self.hood_a = add_hood("Northside", *self.teams["a"])
        self.hood_b = add_hood("Eastside", *self.teams["b"])
        self.hood_c = add_hood("Far away", *self.teams["c"])
        assign(self.ana, self.hood_a, date(2026, 11, 1))
        commit()

    def push(self, who, *mutations, now=NOW, device="dev-1"):
        context = engine.PushContext(who, device, now, TZ, permissions)
        results = engine.push(self.store, context, list(mutations))
        self.commit()
        return results

    def pull(self, who, cursor=None, limit=500):
        answer = pull(self.store, who, cursor, limit, permissions)
        self.commit()
        return answer

    def pull_all(self, who, cursor=None, limit=500):
        changes = []
        while True:
            answer = self.pull(who, cursor, limit)
            changes += answer["changes"]
            cursor = answer["cursor"]
            if not answer["has_more"]:
                return changes, cursor

    def visit(self, who, hood=None, **fields):
        data = {"neighborhood_id": (hood or self.hood_a), "started_at": "2026-11-20T22:00-06:00"}
        return mutation(data={**data, **fields})


def _memory_world():
    store = MemoryStore()

    def add_user(name, role, team_id, org_id):
        uid = new_id()
        store.add(
            "users",
            {
                "id": uid,
                "username": name,
                "display_name": name.title(),
                "role": role,
                "team_id": team_id,
                "organization_id": org_id,
            },
        )
        return Principal(uid, role, team_id, org_id)

    def add_hood(name, team_id, org_id):
        hid = new_id()
        store.add(
            "neighborhoods",
            {
                "id": hid,
                "name": name,
                "code": name[:3].upper(),
                "geometry": None,
                "target_visits_per_week": 3,
                "priority": 2,
                "team_id": team_id,
                "organization_id": org_id,
            },
        )
        return hid

    def assign(who, hood, starts_on):
        store.add_assignment(who.id, hood, starts_on)

    return World(store, add_user, add_hood, lambda: None, assign)


def _sql_world(make):
    from server.models import Organization, Team
    from server.sync_store import SqlStore

    made_orgs, made_teams = {}, {}

    def team_of(team_id, org_id):
        if org_id not in made_orgs:
            made_orgs[org_id] = make._save(Organization(id=org_id, name=f"Org {org_id[:8]}"))
        if team_id not in made_teams:
            made_teams[team_id] = make._save(
                Team(id=team_id, name=f"Team {team_id[:8]}", organization_id=org_id)
            )
        return made_teams[team_id]

    def add_user(name, role, team_id, org_id):
        user = make.user(role=role, team=team_of(team_id, org_id), username=name)
        return Principal(user.id, role, team_id, org_id)

    def add_hood(name, team_id, org_id):
        return make.neighborhood(team=team_of(team_id, org_id), name=name).id

    def assign(who, hood, starts_on):
        from server.models import Neighborhood, User

        make.assignment(db.session.get(User, who.id), db.session.get(Neighborhood, hood), starts_on)

    return World(SqlStore(db.session), add_user, add_hood, db.session.commit, assign)


@pytest.fixture(params=["memory", *DATABASES])
def world(request, tmp_path):
    """A world on one store: memory, SQLite, or PostgreSQL when configured."""
    if request.param == "memory":
        yield _memory_world()
        return
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'contract.sqlite'}"
    else:
        url = request.getfixturevalue("postgres_url")
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x"})
    with app.app_context():
        _empty_database()
        yield _sql_world(Factory())
        db.session.remove()
        db.engine.dispose()


def _status(results):
    return [r["status"] for r in results]


def test_created_record_pulls_with_every_field(world):
    m = world.visit(world.ana, notes="quiet night", location={"lat": 41.8, "lon": -87.6})
    assert world.push(world.ana, m)[0]["rev"] == 1
    changes, _ = world.pull_all(world.ana)
    (visit,) = [c for c in changes if c["collection"] == "visits"]
    assert visit == {
        "collection": "visits",
        "record_id": m["record_id"],
        "rev": 1,
        "deleted": False,
        "data": {
            "neighborhood_id": world.hood_a,
            "started_at": "2026-11-21T04:00:00+00:00",
            "duration_minutes": 30,
            "kind": "street_presence",
            "people_engaged": 0,
            "location": {"lat": 41.8, "lon": -87.6, "accuracy_m": None},
            "notes": "quiet night",
            "worker_id": world.ana.id,
            "needs_review": False,
        },
    }


def test_users_and_neighborhoods_pull_without_private_fields(world):
    changes, _ = world.pull_all(world.ana)
    users = [c["data"] for c in changes if c["collection"] == "users"]
    assert {u["username"] for u in users} == {"ana", "ben", "lea"}
    assert all(set(u) == {"username", "display_name", "role", "team_id"} for u in users)
    (hood,) = [c["data"] for c in changes if c["collection"] == "neighborhoods"]
    assert hood["name"] == "Northside" and hood["target_visits_per_week"] == 3
    assert hood["assignments"] == [
        {"worker_id": world.ana.id, "starts_on": "2026-11-01", "ends_on": None}
    ]


def test_exactly_once_replays_answer_the_stored_result(world):
    good, bad = world.visit(world.ana), world.visit(world.ana, kind="party")
    first = world.push(world.ana, good, bad, good)
    assert _status(first) == ["applied", "rejected", "duplicate"]
    again = world.push(world.ana, good, bad)
    assert _status(again) == ["duplicate", "rejected"]
    assert again[1]["errors"] == first[1]["errors"]
    assert world.push(world.ben, good)[0]["status"] == "rejected"


def test_merged_and_conflict_keep_every_value_in_history(world):
    m = world.visit(world.ana)
    rid = m["record_id"]
    world.push(world.ana, m)
    world.push(
        world.ana, mutation(rid, base_rev=1, data={"notes": "A"}, edited_at="2026-11-21T01:00Z")
    )
    merged = world.push(world.ana, mutation(rid, base_rev=1, data={"people_engaged": 2}))
    assert (merged[0]["status"], merged[0]["rev"]) == ("merged", 3)
    loser = mutation(rid, base_rev=1, data={"notes": "B"}, edited_at="2026-11-21T00:30Z")
    (conflict,) = world.push(world.ana, loser)
    assert (conflict["status"], conflict["rev"]) == ("conflict", 4)
    assert conflict["record"]["data"]["notes"] == "A"
    assert conflict["record"]["data"]["people_engaged"] == 2
    assert conflict["record"]["data"]["needs_review"] is True
    history = world.store.history("visits", rid)
    assert [h["rev"] for h in history] == [1, 2, 3, 4]
    assert [h["status"] for h in history] == ["applied", "applied", "merged", "conflict"]
    assert history[3]["lost"]["notes"]["value"] == "B"
    assert history[3]["incoming"] == {"notes": "B"}


def test_later_edit_wins_and_the_stored_loser_is_kept(world):
    m = world.visit(world.ana, notes="orig")
    rid = m["record_id"]
    world.push(world.ana, m)
    world.push(
        world.ana, mutation(rid, base_rev=1, data={"notes": "A"}, edited_at="2026-11-21T01:00Z")
    )
    (result,) = world.push(
        world.ana, mutation(rid, base_rev=1, data={"notes": "B"}, edited_at="2026-11-21T02:00Z")
    )
    assert result["record"]["data"]["notes"] == "B"
    last = world.store.history("visits", rid)[-1]
    assert last["lost"]["notes"]["value"] == "A" and last["lost"]["notes"]["from"] == "server"


def test_changes_within_one_batch_are_decided_in_order(world):
    m = world.visit(world.ana)
    rid = m["record_id"]
    results = world.push(
        world.ana,
        m,
        mutation(rid, base_rev=1, data={"notes": "one"}),
        mutation(rid, base_rev=2, data={"notes": "two"}),
        mutation(rid, base_rev=2, data={"duration_minutes": 45}),
        mutation(rid, op="delete", base_rev=4),
    )
    assert _status(results) == ["applied", "applied", "applied", "merged", "applied"]
    assert [r["rev"] for r in results] == [1, 2, 3, 4, 5]
    changes, _ = world.pull_all(world.ana)
    assert [c for c in changes if c["collection"] == "visits"] == []


def test_tombstones_pull_after_a_cursor_and_deleted_records_stay_out_of_a_first_pull(world):
    keep, gone = world.visit(world.ana), world.visit(world.ana)
    world.push(world.ana, keep, gone)
    _, cursor = world.pull_all(world.ana)
    world.push(world.ana, mutation(gone["record_id"], op="delete", base_rev=1))
    delta, _ = world.pull_all(world.ana, cursor)
    assert delta == [
        {
            "collection": "visits",
            "record_id": gone["record_id"],
            "rev": 2,
            "deleted": True,
            "data": None,
        }
    ]
    fresh, _ = world.pull_all(world.ana)
    assert [c["record_id"] for c in fresh if c["collection"] == "visits"] == [keep["record_id"]]


def test_a_record_deleted_while_a_first_pull_pages_is_sent_as_a_tombstone(world):
    ms = [world.visit(world.ana) for _ in range(6)]
    world.push(world.ana, *ms)
    page = world.pull(world.ana, limit=6)
    assert page["has_more"]
    sent = [c["record_id"] for c in page["changes"] if c["collection"] == "visits"]
    world.push(world.ana, mutation(sent[0], op="delete", base_rev=1))
    rest, _ = world.pull_all(world.ana, page["cursor"], limit=6)
    assert {
        "collection": "visits",
        "record_id": sent[0],
        "rev": 2,
        "deleted": True,
        "data": None,
    } in rest


def test_paging_with_concurrent_changes_never_skips(world):
    ms = [world.visit(world.ana, notes=str(n)) for n in range(10)]
    world.push(world.ana, *ms)
    replica, cursor = {}, None
    for step in range(30):
        answer = world.pull(world.ana, cursor, limit=3)
        for c in answer["changes"]:
            replica[(c["collection"], c["record_id"])] = c
        cursor = answer["cursor"]
        if step < 4:  # keep writing while the device pages
            rid = ms[step]["record_id"]
            rev = replica.get(("visits", rid), {}).get("rev", 1)
            world.push(world.ana, mutation(rid, base_rev=rev, data={"notes": f"edit {step}"}))
            world.push(world.ana, world.visit(world.ana, notes=f"new {step}"))
        elif not answer["has_more"]:
            break
    truth, _ = world.pull_all(world.ana)
    assert {(c["collection"], c["record_id"]): c for c in truth} == {
        key: c for key, c in replica.items() if not c["deleted"]
    }


def test_scope_change_answers_reset_and_a_bad_cursor_raises(world):
    _, cursor = world.pull_all(world.ana)
    moved = type(world.ana)(world.ana.id, "worker", *world.teams["b"])
    assert world.pull(moved, cursor) == {"reset": True}
    promoted = type(world.ana)(world.ana.id, "lead", *world.teams["a"])
    assert world.pull(promoted, cursor) == {"reset": True}
    assert world.pull(world.ben, cursor) == {"reset": True}
    with pytest.raises(BadCursor):
        world.pull(world.ana, "not a cursor")


def test_a_cursor_beyond_the_servers_sequence_answers_reset(world):
    from sync.cursor import Cursor, decode, encode

    _, cursor = world.pull_all(world.ana)
    position = decode(cursor)
    ahead = encode(Cursor(position.after + 1000, position.high_water, position.scope))
    assert world.pull(world.ana, ahead) == {"reset": True}
    assert "changes" in world.pull(world.ana, cursor)


def test_pull_scope_worker_lead_admin(world):
    world.push(world.ana, world.visit(world.ana))
    world.push(world.ben, world.visit(world.ben))
    world.push(world.bob, world.visit(world.bob, hood=world.hood_b))

    def visits_of(who):
        changes, _ = world.pull_all(who)
        return {c["data"]["worker_id"] for c in changes if c["collection"] == "visits"}

    assert visits_of(world.ana) == {world.ana.id}
    assert visits_of(world.lea) == {world.ana.id, world.ben.id}
    assert visits_of(world.adam) == {world.ana.id, world.ben.id, world.bob.id}
    assert visits_of(world.cal) == set()


def test_push_scope_is_bounded_by_the_rules(world):
    mine = world.visit(world.ana)
    world.push(world.ana, mine)
    rid = mine["record_id"]
    results = world.push(
        world.ana,
        world.visit(world.ana, hood=world.hood_b),
        mutation(rid, base_rev=1, data={"neighborhood_id": world.hood_c}),
    )
    assert _status(results) == ["rejected", "rejected"]
    assert "neighborhood_id" in results[0]["errors"] and "neighborhood_id" in results[1]["errors"]
    others = [
        world.push(world.ben, mutation(rid, base_rev=1, data={"notes": "not mine"}))[0],
        world.push(world.lea, mutation(rid, op="delete", base_rev=1))[0],
        world.push(world.adam, world.visit(world.adam))[0],
    ]
    assert _status(others) == ["rejected"] * 3


def test_restore_and_resolve_are_accepted_server_changes(world):
    m = world.visit(world.ana, notes="keep me")
    rid = m["record_id"]
    world.push(world.ana, m)
    world.push(world.ana, mutation(rid, base_rev=1, data={"notes": "edited"}))
    world.push(world.ana, mutation(rid, op="delete", base_rev=1))  # stale: flagged conflict
    _, cursor = world.pull_all(world.ana)
    with pytest.raises(review.Forbidden):
        review.restore(world.store, permissions, world.ana, "visits", rid, None, NOW)
    with pytest.raises(review.Forbidden):
        review.restore(world.store, permissions, world.cal, "visits", rid, None, NOW)
    back = review.restore(world.store, permissions, world.lea, "visits", rid, 1, NOW)
    world.commit()
    assert (back["rev"], back["deleted"], back["data"]["notes"]) == (4, False, "keep me")
    with pytest.raises(review.Refused):
        review.restore(world.store, permissions, world.lea, "visits", rid, 1, NOW)
    cleared = review.resolve(world.store, permissions, world.lea, "visits", rid, NOW)
    world.commit()
    assert (cleared["rev"], cleared["data"]["needs_review"]) == (5, False)
    assert review.resolve(world.store, permissions, world.lea, "visits", rid, NOW) is None
    delta, _ = world.pull_all(world.ana, cursor)
    assert [(c["rev"], c["data"]["needs_review"]) for c in delta] == [(5, False)]
    ops = [h["op"] for h in world.store.history("visits", rid)]
    assert ops == ["create", "upsert", "delete", "restore", "review"]


def test_store_reads_and_seqs(world):
    a, b = world.visit(world.ana), world.visit(world.ana)
    world.push(world.ana, a, b)
    rows = world.store.records("visits", [a["record_id"], b["record_id"], new_id()])
    assert set(rows) == {a["record_id"], b["record_id"]}
    assert rows[a["record_id"]]["seq"] < rows[b["record_id"]]["seq"] <= world.store.max_seq()
    assert world.store.logged([a["mutation_id"]])[a["mutation_id"]]["user_id"] == world.ana.id
    first = world.store.take_seqs(3)
    assert world.store.take_seqs(1) == first + 3
    hoods = world.store.neighborhoods([world.hood_a, new_id()])
    assert list(hoods) == [world.hood_a] and hoods[world.hood_a].team_id == world.teams["a"][0]


def test_mediation_defaults_use_the_deployment_zone(world):
    judged = {"conflict_type": "retaliation", "risk_level": "high", "outcome": "ongoing"}
    m = mutation(
        collection="mediations",
        data={
            "neighborhood_id": world.hood_a,
            "occurred_at": "2026-11-20T20:00:00-06:00",
            **judged,
        },
    )
    world.push(world.ana, m)
    changes, _ = world.pull_all(world.ana)
    (med,) = [c["data"] for c in changes if c["collection"] == "mediations"]
    # 72 h after 02:00 UTC on the 21st is 02:00 UTC on the 24th: still the 23rd in Chicago.
    assert med["follow_up_due"] == "2026-11-23"
    assert (med["parties_count"], med["weapons_present"]) == (2, "unknown")


def test_a_new_mediation_needs_the_workers_judgement_of_type_risk_and_outcome(world):
    m = mutation(
        collection="mediations",
        data={"neighborhood_id": world.hood_a, "occurred_at": "2026-11-20T20:00:00-06:00"},
    )
    (result,) = world.push(world.ana, m)
    assert result["status"] == "rejected"
    assert set(result["errors"]) == {"conflict_type", "risk_level", "outcome"}
