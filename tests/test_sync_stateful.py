"""Protocol 1 under a random life of five devices: a Hypothesis state machine.

Two workers and their lead (one team) use five devices; ana and ben each have two. Devices
create, edit and delete visits and mediations, go offline and online, push and pull in any
order, and the network loses answers after the server committed, sends requests twice and
replays old requests late. After each step no mutation is applied twice; after a final sync of every
device, every accepted mutation was applied exactly once, every accepted value is in its
record's history, and every device shows exactly what the server holds within its scope.

SQLite only: the PostgreSQL-specific race (late commits) has its own test, and this one must
stay fast enough for CI at 200 examples (``FIELDBOOK_HYPOTHESIS_EXAMPLES``; ``make
hypothesis-long`` runs 1,000).
"""

import itertools
import os
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import delete, func, select

from server import create_app
from server.extensions import db
from server.models import Device as DeviceRow
from server.models import Mediation, MutationLog, RecordHistory, Review, Visit
from sync.client import Device, SyncError

from .factories import PASSWORD, Factory
from .sync_transports import FaultyTransport, FlaskTransport

EXAMPLES = int(os.environ.get("FIELDBOOK_HYPOTHESIS_EXAMPLES", "200"))
ACCEPTED = {"applied", "duplicate", "merged", "conflict"}
NOTES = st.sampled_from(["", "quiet night", "talked to the group", "n" * 50])
#: Per collection, the fields devices edit after creating; times are left alone so that
#: values compare as sent.
EDITS = {
    "visits": {
        "notes": NOTES,
        "people_engaged": st.integers(0, 30),
        "duration_minutes": st.integers(0, 1440),
        "kind": st.sampled_from(["street_presence", "home_visit", "follow_up", "school"]),
    },
    "mediations": {
        "notes": NOTES,
        "parties_count": st.integers(2, 9),
        "risk_level": st.sampled_from(["low", "medium", "high", "imminent"]),
        "outcome": st.sampled_from(["resolved", "ongoing", "escalated", "referred"]),
    },
}
COLLECTIONS = st.sampled_from(sorted(EDITS))
MODELS = {"visits": Visit, "mediations": Mediation}
DEVICES = ("ana-phone", "ana-laptop", "ben-phone", "ben-tablet", "lee-laptop")


@pytest.fixture
def sqlite_app(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'stateful.sqlite'}",
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def _sign_in(app, username) -> FlaskTransport:
    transport = FlaskTransport(app.test_client())
    answer = transport.request(
        "POST", "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert answer.status == 200, answer.body
    transport.csrf_token = answer.body["csrf_token"]
    return transport


def history(transport, collection, record_id) -> list[dict]:
    answer = transport.request("GET", f"/api/v1/{collection}/{record_id}/history")
    assert answer.status == 200, answer.body
    body = answer.body
    return body["history"] if isinstance(body, dict) else body


class Life(RuleBasedStateMachine):
    """One example: fresh records on the server and five fresh replicas."""

    world: dict  # set by the test: users, neighborhood, signed-in transports

    def __init__(self):
        super().__init__()
        for model in (Review, RecordHistory, MutationLog, DeviceRow, Visit, Mediation):
            db.session.execute(delete(model))
        db.session.commit()
        ticks = itertools.count()
        start = datetime(2026, 1, 5, 12, tzinfo=UTC)

        def clock():
            return start + timedelta(seconds=next(ticks))

        self.devices = {}
        for name in DEVICES:
            transport = FaultyTransport(self.world["transports"][name])
            self.devices[name] = Device(
                ":memory:", transport, clock=clock, sleep=lambda s: None, attempts=2
            )
        # Ids in creation order, the same in every run of an example: Hypothesis replays
        # and shrinks by drawing the same choices, so sampling must not depend on uuid4.
        self.ids = (str(uuid.UUID(int=n)) for n in itertools.count(1))

    @initialize()
    def one_shared_visit_each(self):
        """Start with records on several devices, so that edits meet soon."""
        for device in self.devices.values():
            for collection in sorted(EDITS):
                device.create(collection, self._record(collection, 1), record_id=next(self.ids))
        for device in self.devices.values():
            device.push()
        for device in self.devices.values():
            device.pull()

    def _record(self, collection, n):
        if collection == "visits":
            return {
                "neighborhood_id": self.world["hood"],
                "started_at": "2026-01-04T22:41:00-06:00",
                "people_engaged": n,
            }
        return {
            "neighborhood_id": self.world["hood"],
            "occurred_at": "2026-01-04T23:10:00-06:00",
            "conflict_type": "group",
            "parties_count": 2 + n % 5,
            "risk_level": "high",
            "outcome": "ongoing",
        }

    @rule(
        device=st.sampled_from(DEVICES),
        collection=COLLECTIONS,
        n=st.integers(0, 20),
        valid=st.booleans(),
    )
    def create(self, device, collection, n, valid):
        data = self._record(collection, n)
        if not valid and n % 4 == 0:
            # Rejected: the worker must be able to see and fix it.
            data["duration_minutes" if collection == "visits" else "parties_count"] = -1
        self.devices[device].create(collection, data, record_id=next(self.ids))

    @rule(device=st.sampled_from(DEVICES), collection=COLLECTIONS, data=st.data())
    def update(self, device, collection, data):
        mine = self.devices[device].records(collection)
        if not mine:
            return
        record_id = data.draw(st.sampled_from(sorted(mine)))
        field = data.draw(st.sampled_from(sorted(EDITS[collection])))
        value = data.draw(EDITS[collection][field])
        self.devices[device].update(collection, record_id, {field: value})

    @rule(device=st.sampled_from(DEVICES), collection=COLLECTIONS, data=st.data())
    def delete(self, device, collection, data):
        mine = self.devices[device].records(collection)
        if mine:
            self.devices[device].delete(collection, data.draw(st.sampled_from(sorted(mine))))

    @rule(device=st.sampled_from(DEVICES), offline=st.booleans())
    def go(self, device, offline):
        self.devices[device].transport.offline = offline

    @rule(
        device=st.sampled_from(DEVICES),
        faults=st.lists(st.sampled_from(["lose", "twice", "drop", "503", None]), max_size=3),
    )
    def trouble_ahead(self, device, faults):
        self.devices[device].transport.plan.extend(faults)

    @rule(device=st.sampled_from(DEVICES), action=st.sampled_from(["push", "pull", "sync"]))
    def talk(self, device, action):
        try:
            getattr(self.devices[device], action)()
        except SyncError:
            pass  # offline or unlucky: the outbox waits

    @rule(device=st.sampled_from(DEVICES), data=st.data())
    def replay_an_old_request(self, device, data):
        transport = self.devices[device].transport
        pushes = [i for i, sent in enumerate(transport.sent) if sent[1].endswith("/push")]
        if pushes:
            answer = transport.replay(data.draw(st.sampled_from(pushes)))
            assert answer.status == 200
            assert all(r["status"] in ("duplicate", "rejected") for r in answer.body["results"])

    @invariant()
    def nothing_applied_twice(self):
        twice = db.session.execute(
            select(RecordHistory.mutation_id)
            .where(RecordHistory.mutation_id.is_not(None))
            .group_by(RecordHistory.mutation_id)
            .having(func.count() > 1)
        ).all()
        assert twice == []

    def teardown(self):
        for device in self.devices.values():
            device.transport.offline = False
            device.transport.plan.clear()
        for device in self.devices.values():
            device.push()  # until its outbox is empty
        for device in self.devices.values():
            device.pull()
        self.check_exactly_once()
        self.check_history_keeps_accepted_values()
        self.check_devices_equal_the_server()

    def _sent_mutations(self) -> dict[str, dict]:
        sent = {}
        for name, device in self.devices.items():
            for _method, path, body, _params in device.transport.sent:
                if path.endswith("/push"):
                    for mutation in body["mutations"]:
                        sent[mutation["mutation_id"]] = {**mutation, "device": name}
        return sent

    def check_exactly_once(self):
        sent = self._sent_mutations()
        db.session.expire_all()
        log = {m.mutation_id: m for m in db.session.execute(select(MutationLog)).scalars()}
        assert set(log) == set(sent)
        for device in self.devices.values():
            assert device.pending_count() == 0
        history = db.session.execute(select(RecordHistory)).scalars().all()
        by_mutation = {}
        for row in history:
            by_mutation.setdefault(row.mutation_id, []).append(row)
        created = {"visits": set(), "mediations": set()}
        for mutation_id, entry in log.items():
            if entry.status == "rejected":
                assert mutation_id not in by_mutation
                continue
            assert entry.status in ACCEPTED
            rows = by_mutation.get(mutation_id, [])
            no_op_delete = sent[mutation_id]["op"] == "delete" and not rows
            assert len(rows) == 1 or no_op_delete, (mutation_id, entry.result)
            if sent[mutation_id]["base_rev"] is None:
                created[sent[mutation_id]["collection"]].add(sent[mutation_id]["record_id"])
        for collection, model in MODELS.items():
            assert set(db.session.execute(select(model.id)).scalars()) == created[collection]
        for name, device in self.devices.items():
            rejected = {r["mutation_id"] for r in device.rejected()}
            expected = {
                m for m, e in log.items() if e.status == "rejected" and sent[m]["device"] == name
            }
            assert rejected == expected

    def check_history_keeps_accepted_values(self):
        sent = self._sent_mutations()
        lead = self.world["transports"]["lee-laptop"]
        accepted = {
            m.mutation_id
            for m in db.session.execute(select(MutationLog)).scalars()
            if m.status != "rejected"
        }
        by_record = {}
        for mutation_id in accepted:
            mutation = sent[mutation_id]
            if mutation["op"] == "upsert":
                key = (mutation["collection"], mutation["record_id"])
                by_record.setdefault(key, []).append(mutation)
        for (collection, record_id), mutations in by_record.items():
            entries = {e.get("mutation_id"): e for e in history(lead, collection, record_id)}
            for mutation in mutations:
                entry = entries[mutation["mutation_id"]]
                kept = {**(entry.get("data") or {}), **(entry.get("incoming") or {})}
                for field, value in mutation["data"].items():
                    if field in EDITS[collection] or field == "neighborhood_id":
                        assert kept.get(field) == value, (field, entry)

    def check_devices_equal_the_server(self):
        for collection, model in MODELS.items():
            self._check_collection(collection, model)

    def _check_collection(self, collection, model):
        rows = db.session.execute(select(model).where(model.deleted.is_(False))).scalars()
        server = {row.id: row for row in rows}
        fields = sorted(EDITS[collection])
        for name, device in self.devices.items():
            user = self.world["users"][name.split("-")[0]]
            in_scope = {
                i: v for i, v in server.items() if user.role == "lead" or v.worker_id == user.id
            }
            shown = {
                row["record_id"]: row
                for row in device.replica.rows(
                    "SELECT * FROM records WHERE collection = ? AND deleted = 0"
                    " AND rev IS NOT NULL",
                    (collection,),
                )
            }
            assert set(shown) == set(in_scope), (name, collection)
            for record_id, stored in in_scope.items():
                row = device.get(collection, record_id)
                assert shown[record_id]["rev"] == stored.rev
                assert shown[record_id]["status"] != "pending"
                got = {k: row[k] for k in fields}
                want = {k: getattr(stored, k) for k in fields}
                assert got == want, (name, collection, record_id)
                assert row["needs_review"] == stored.needs_review


def test_five_devices_converge_and_nothing_is_lost_or_doubled(sqlite_app):
    make = Factory()
    team = make.team()
    users = {
        "ana": make.user(team=team, username="ana"),
        "ben": make.user(team=team, username="ben"),
        "lee": make.user(role="lead", team=team, username="lee"),
    }
    hood = make.neighborhood(team=team)
    transports = {name: _sign_in(sqlite_app, name.split("-")[0]) for name in DEVICES}
    Life.world = {"users": users, "hood": hood.id, "transports": transports}
    run_state_machine_as_test(
        Life,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=25,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
