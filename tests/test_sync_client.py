"""The reference client (``sync.client.Device``) against the real app, through the test client."""

import io
import uuid
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from server.changes import stamp
from server.extensions import db
from server.models import MutationLog, User, Visit
from sync.__main__ import main as cli
from sync.client import AuthRequired, Device, ServerUnavailable, SyncError, UpgradeRequired

from .sync_transports import FaultyTransport, FlaskTransport, Recorder

STARTED = "2026-11-20T22:41:00-06:00"


def stamped(*rows):
    """Factories write rows outside the change sequence; give them seqs as real writers do."""
    for row in rows:
        stamp(row, new=True)
    db.session.commit()
    return rows[0]


@pytest.fixture
def world(make):
    team = make.team()
    found = SimpleNamespace(
        team=team,
        hood=make.neighborhood(team=team),
        ana=make.user(team=team, username="ana"),
        ben=make.user(team=team, username="ben"),
        lead=make.user(role="lead", team=team, username="lee"),
    )
    stamped(found.hood, found.ana, found.ben, found.lead)
    return found


class Sleeps(list):
    def __call__(self, seconds):
        self.append(seconds)


@pytest.fixture
def device(app, tmp_path):
    """``device(username)``: a signed-in device with its own replica file and cookie jar."""

    def build(username="ana", name=None, wrap=None, **options):
        transport = FlaskTransport(app.test_client())
        if wrap:
            transport = wrap(transport)
        options.setdefault("sleep", Sleeps())
        path = tmp_path / f"{name or username}-{uuid.uuid4().hex[:6]}.sqlite"
        made = Device(path, transport, **options)
        made.login(username, "correct horse battery")
        return made

    return build


def visit(world, **fields):
    return {"neighborhood_id": world.hood.id, "started_at": STARTED, **fields}


def server_visits():
    db.session.expire_all()
    return {v.id: v for v in db.session.execute(db.select(Visit)).scalars()}


def test_create_push_pull_round_trip(world, device):
    phone = device()
    record_id = phone.create("visits", visit(world, people_engaged=3))
    assert phone.status()["pending"] == 1
    assert phone.push() == {"applied": 1}
    assert phone.status()["pending"] == 0
    stored = server_visits()[record_id]
    assert (stored.people_engaged, stored.worker_id, stored.rev) == (3, world.ana.id, 1)
    phone.pull()
    mine = phone.get("visits", record_id)
    assert mine["worker_id"] == world.ana.id
    assert phone.replica.record("visits", record_id)["rev"] == 1
    assert world.hood.id in phone.records("neighborhoods")
    assert {world.ana.id, world.ben.id, world.lead.id} <= set(phone.records("users"))


def test_update_sends_only_changed_fields_and_delete_sends_base_rev(world, device):
    phone = device(wrap=Recorder)
    record_id = phone.create("visits", visit(world, notes="first"))
    phone.sync()
    assert phone.update("visits", record_id, {"notes": "second", "people_engaged": 0}) is not None
    phone.delete("visits", record_id)
    phone.push()
    # The delete builds on the update's rev, so it goes in the next request, once that is known.
    (update,), (delete,) = (body["mutations"] for body in phone.transport.pushes()[-2:])
    assert update["data"] == {"notes": "second"}
    assert update["base_rev"] == 1 and update["op"] == "upsert"
    assert delete["op"] == "delete" and delete["base_rev"] == 2 and "data" not in delete
    assert server_visits()[record_id].deleted
    assert phone.get("visits", record_id) is None


def test_edits_made_before_the_first_push_chain_their_base_revs(world, device):
    phone = device(wrap=Recorder)
    record_id = phone.create("visits", visit(world))
    phone.update("visits", record_id, {"notes": "a"})
    phone.update("visits", record_id, {"duration_minutes": 50})
    counts = phone.push()
    assert counts == {"applied": 3}
    sent = [m["base_rev"] for body in phone.transport.pushes() for m in body["mutations"]]
    assert sent == [None, 1, 2]
    stored = server_visits()[record_id]
    assert (stored.rev, stored.notes, stored.duration_minutes) == (3, "a", 50)


def test_lost_answer_is_retried_whole_and_applied_once(world, device):
    phone = device(wrap=FaultyTransport)
    ids = [phone.create("visits", visit(world, people_engaged=n)) for n in range(3)]
    phone.transport.plan = ["lose", "drop", "503"]
    assert phone.push() == {"duplicate": 3}
    assert len(phone.sleep) == 3 and all(s > 0 for s in phone.sleep)
    assert set(server_visits()) == set(ids)
    assert db.session.query(MutationLog).count() == 3
    assert phone.status()["pending"] == 0


def test_backoff_grows_with_jitter_and_gives_up_keeping_the_outbox(world, device):
    phone = device(wrap=FaultyTransport, attempts=5, backoff=1.0, max_backoff=4.0)
    phone.create("visits", visit(world))
    phone.transport.offline = True
    with pytest.raises(ServerUnavailable):
        phone.push()
    assert len(phone.sleep) == 4
    caps = [1.0, 2.0, 4.0, 4.0]
    assert all(cap / 2 <= slept <= cap for slept, cap in zip(phone.sleep, caps, strict=True))
    assert phone.status()["pending"] == 1
    phone.transport.offline = False
    assert phone.push() == {"applied": 1}


def test_rejected_mutation_moves_to_rejected_and_the_rest_go_through(world, device):
    phone = device()
    good = phone.create("visits", visit(world))
    bad = phone.create("visits", visit(world, duration_minutes=5000))
    assert phone.push() == {"applied": 1, "rejected": 1}
    assert set(server_visits()) == {good}
    (rejected,) = phone.status()["rejected"]
    assert rejected["record_id"] == bad
    assert "duration_minutes" in rejected["errors"]
    assert phone.replica.record("visits", bad)["status"] == "rejected"
    assert phone.get("visits", bad)["duration_minutes"] == 5000  # shown to fix, not dropped
    phone.resubmit(rejected["mutation_id"], {"duration_minutes": 50})
    assert phone.push() == {"applied": 1}
    assert server_visits()[bad].duration_minutes == 50
    assert phone.status()["rejected"] == []


def test_a_rejected_update_falls_back_to_the_server_state(world, device):
    phone = device()
    record_id = phone.create("visits", visit(world, people_engaged=2))
    phone.sync()
    phone.update("visits", record_id, {"people_engaged": -1})
    assert phone.push() == {"rejected": 1}
    assert phone.get("visits", record_id)["people_engaged"] == 2


def test_expired_session_keeps_the_outbox_until_signed_in_again(world, device, app):
    phone = device()
    phone.create("visits", visit(world))
    phone.transport.client.delete_cookie(app.config["SESSION_COOKIE_NAME"])
    with pytest.raises(AuthRequired):
        phone.push()
    assert phone.status()["pending"] == 1
    phone.login("ana", "correct horse battery")
    assert phone.push() == {"applied": 1}


def test_an_old_client_is_told_to_upgrade_and_keeps_its_outbox(world, device):
    phone = device()
    phone.create("visits", visit(world))
    phone.protocol = 0
    with pytest.raises(UpgradeRequired):
        phone.push()
    assert phone.status()["pending"] == 1
    assert server_visits() == {}


def test_push_sends_batches_of_at_most_500_in_order(world, device):
    phone = device(wrap=Recorder)
    ids = [phone.create("visits", visit(world)) for _ in range(1001)]
    assert phone.push() == {"applied": 1001}
    sizes = [len(body["mutations"]) for body in phone.transport.pushes()]
    assert sizes == [500, 500, 1]
    sent = [m["record_id"] for body in phone.transport.pushes() for m in body["mutations"]]
    assert sent == ids
    assert len(server_visits()) == 1001


def test_a_request_over_1_mib_is_split(world, device):
    phone = device(wrap=Recorder)
    for _ in range(300):
        phone.create("visits", visit(world, notes="n" * 3900))
    assert phone.push() == {"applied": 300}
    statuses = [answer.status for *_rest, answer in phone.transport.calls[1:]]
    assert statuses[0] == 413 and set(statuses[1:]) == {200}
    assert len(server_visits()) == 300


def test_pull_follows_pages_until_has_more_is_false(world, device, make):
    for _ in range(7):
        stamped(make.visit(world.ana, world.hood))
    phone = device(wrap=Recorder, page_size=3)
    phone.pull()
    pulls = [c for c in phone.transport.calls if c[1].endswith("/pull")]
    assert len(pulls) >= 3
    assert pulls[-1][4].body["has_more"] is False
    assert len(phone.records("visits")) == 7


def test_a_change_pulled_under_a_pending_edit_keeps_the_edit(world, device):
    phone, laptop = device(name="phone"), device(name="laptop")
    record_id = phone.create("visits", visit(world))
    phone.sync()
    laptop.pull()
    laptop.update("visits", record_id, {"people_engaged": 9})
    laptop.push()
    phone.update("visits", record_id, {"notes": "offline note"})
    phone.pull()
    shown = phone.get("visits", record_id)
    assert (shown["people_engaged"], shown["notes"]) == (9, "offline note")
    # The note was written on rev 1, so the server merges it with the laptop's rev 2.
    assert phone.push() == {"merged": 1}
    phone.pull()
    shown = phone.get("visits", record_id)
    assert (shown["people_engaged"], shown["notes"], shown["needs_review"]) == (
        9,
        "offline note",
        False,
    )


def test_concurrent_edits_of_one_field_come_back_as_a_conflict(world, device):
    clock = iter(datetime(2026, 11, 21, h, tzinfo=UTC) for h in range(1, 20))
    phone = device(name="phone", clock=lambda: next(clock))
    laptop = device(name="laptop", clock=lambda: next(clock))
    record_id = phone.create("visits", visit(world))
    phone.sync()
    laptop.pull()
    laptop.update("visits", record_id, {"notes": "earlier"})
    phone.update("visits", record_id, {"notes": "later"})
    phone.push()
    assert laptop.push() == {"conflict": 1}
    shown = laptop.get("visits", record_id)
    assert shown["notes"] == "later" and shown["needs_review"] is True
    assert laptop.replica.record("visits", record_id)["rev"] == 3
    answer = laptop.transport.request("GET", f"/api/v1/visits/{record_id}/history")
    (entry,) = [e for e in answer.body["history"] if e["rev"] == 3]
    assert entry["status"] == "conflict"
    assert entry["incoming"]["notes"] == "earlier"  # the losing value is kept


def test_a_scope_change_resets_pulled_data_but_keeps_the_outbox(world, device, make):
    other = stamped(make.visit(world.ana, world.hood))
    phone = device()
    phone.pull()
    assert other.id in phone.records("visits")
    unsent = phone.create("visits", visit(world))
    user = db.session.get(User, world.ana.id)
    user.role = "lead"
    stamped(user)
    phone.pull()
    assert phone.status()["pending"] == 1
    assert unsent in phone.records("visits")
    assert other.id in phone.records("visits")
    assert phone.push() == {"applied": 1}


def test_a_replica_of_one_user_refuses_another_while_entries_are_unsent(world, device):
    phone = device()
    phone.create("visits", visit(world))
    with pytest.raises(SyncError):
        phone.login("ben", "correct horse battery")
    assert phone.user["username"] == "ana"


def test_read_only_collections_cannot_be_edited_on_the_device(world, device):
    phone = device()
    with pytest.raises(ValueError):
        phone.create("neighborhoods", {"name": "x"})


def test_command_line_login_sync_status_and_load(world, app, tmp_path, monkeypatch):
    # A new cookie jar on every run, as separate processes have: the session comes from the
    # replica's meta table.
    monkeypatch.setattr(
        "sync.__main__.HttpTransport", lambda url: FlaskTransport(app.test_client())
    )
    replica = str(tmp_path / "cli.sqlite")

    def run(*args, stdin=""):
        out = io.StringIO()
        code = cli(["--db", replica, *args], out=out, stdin=io.StringIO(stdin))
        return code, out.getvalue()

    assert run("login", "ana", stdin="correct horse battery\n") == (
        0,
        "signed in as ana (worker)\n",
    )
    code, out = run("load", "--visits", "120", "--batch", "50")
    assert code == 0 and '{"applied": 120}' in out
    assert len(server_visits()) == 120
    code, out = run("status")
    assert code == 0 and '"pending": 0' in out and '"user": "ana"' in out
    code, out = run("sync")
    assert code == 0
    assert run("login", "ana", stdin="wrong\n")[0] == 1


def test_an_offline_edit_of_a_record_deleted_meanwhile_brings_it_back_everywhere(world, device):
    phone, laptop = device(name="phone"), device(name="laptop")
    record_id = phone.create("visits", visit(world, notes="first"))
    phone.sync()
    laptop.pull()
    phone.delete("visits", record_id)
    phone.sync()
    laptop.update("visits", record_id, {"notes": "written offline"})
    assert laptop.push() == {"conflict": 1}
    for each in (phone, laptop):
        each.pull()
        shown = each.get("visits", record_id)
        assert shown is not None, "the field edit was dropped"
        assert (shown["notes"], shown["needs_review"]) == ("written offline", True)
    assert phone.replica.record("visits", record_id)["rev"] == 3


def test_a_stale_delete_still_deletes_and_every_device_drops_the_record(world, device):
    phone, laptop = device(name="phone"), device(name="laptop")
    record_id = phone.create("visits", visit(world))
    phone.sync()
    laptop.pull()
    phone.update("visits", record_id, {"people_engaged": 4})
    phone.sync()
    laptop.delete("visits", record_id)
    assert laptop.push() == {"conflict": 1}
    for each in (phone, laptop):
        each.pull()
        assert each.get("visits", record_id) is None
    assert server_visits()[record_id].deleted


def test_a_device_clock_in_the_future_cannot_win_every_conflict(world, device):
    from datetime import timedelta

    ahead = device(name="ahead", clock=lambda: datetime.now(UTC) + timedelta(days=30))
    honest = device(name="honest")
    record_id = ahead.create("visits", visit(world))
    ahead.sync()
    honest.pull()
    ahead.update("visits", record_id, {"notes": "from the future"})
    ahead.push()
    honest.update("visits", record_id, {"notes": "written later"})
    assert honest.push() == {"conflict": 1}
    assert server_visits()[record_id].notes == "written later"


def test_an_orphaned_chained_edit_still_goes_out_on_the_known_rev(world, device):
    phone = device(wrap=Recorder)
    record_id = phone.create("visits", visit(world))
    phone.sync()
    phone.update("visits", record_id, {"notes": "a"})
    phone.update("visits", record_id, {"notes": "b"})
    with phone.replica.tx:  # lose the first edit's row, as a damaged replica might
        phone.replica.db.execute("DELETE FROM outbox WHERE base_from IS NULL")
    assert phone.push() == {"applied": 1}
    assert phone.transport.pushes()[-1]["mutations"][0]["base_rev"] == 1
    assert server_visits()[record_id].notes == "b"
