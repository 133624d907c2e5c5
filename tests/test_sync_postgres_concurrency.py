"""PostgreSQL: a puller never skips a change, even when a writer's transaction commits late.

DESIGN: "a sequence or timestamp read naively skips rows whose transactions commit late".
Here several writers push at once, one of them holding its transaction open with
``pg_sleep`` just before each commit (a ``before_commit`` hook on that thread's session only),
while a lead's device pulls again and again with its cursor. When the writers are done, one
last pull must leave the lead's device with every record: a cursor that had moved past a late
row would never bring it back.
"""

import threading
import time
import uuid

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from server import create_app
from server.changes import stamp
from server.extensions import db
from server.models import Visit
from sync.client import Device

from .conftest import _empty_database
from .factories import PASSWORD, Factory
from .sync_transports import FlaskTransport

pytestmark = pytest.mark.postgres

WRITERS = 3
PUSHES = 5
PER_PUSH = 30
SLOW_PUSHES = 3
HOLD_SECONDS = 0.6


@pytest.fixture
def pg_app(postgres_url):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": postgres_url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
        }
    )
    with app.app_context():
        _empty_database()
        yield app
        db.session.remove()
        db.engine.dispose()


_held = threading.local()


def _hold_transaction_open(session):
    # Only the slow writer's thread sets the flag: its push has taken its seqs and written its
    # rows, and now waits with the transaction open while the others try to commit theirs.
    if getattr(_held, "seconds", 0):
        session.execute(text("SELECT pg_sleep(:s)"), {"s": _held.seconds})


def _visit(hood_id, n):
    return {
        "neighborhood_id": hood_id,
        "started_at": "2026-11-20T22:41:00-06:00",
        "people_engaged": n,
    }


def test_puller_with_a_cursor_skips_nothing_while_a_writer_commits_late(pg_app, tmp_path):
    make = Factory()
    team = make.team()
    hood = make.neighborhood(team=team)
    workers = [make.user(team=team, username=f"w{i}") for i in range(WRITERS + 1)]
    lead = make.user(role="lead", team=team, username="lee")
    for row in (hood, lead, *workers):
        stamp(row, new=True)
    db.session.commit()
    hood_id = hood.id
    errors, pushed, done = [], [], threading.Event()

    def device(username):
        made = Device(
            tmp_path / f"{username}-{uuid.uuid4().hex[:6]}.sqlite",
            FlaskTransport(pg_app.test_client()),
            sleep=lambda s: None,
        )
        made.login(username, PASSWORD)
        return made

    def writer(username, pushes, hold):
        try:
            phone = device(username)
            for p in range(pushes):
                for n in range(PER_PUSH):
                    pushed.append(phone.create("visits", _visit(hood_id, p * PER_PUSH + n)))
                _held.seconds = hold
                try:
                    phone.push()
                finally:
                    _held.seconds = 0
                assert phone.pending_count() == 0
        except Exception as exc:  # reported by the main thread
            errors.append(exc)

    event.listen(Session, "before_commit", _hold_transaction_open)
    try:
        threads = [
            threading.Thread(target=writer, args=(f"w{i}", PUSHES, 0)) for i in range(WRITERS)
        ]
        threads.append(
            threading.Thread(target=writer, args=(f"w{WRITERS}", SLOW_PUSHES, HOLD_SECONDS))
        )
        counts, final, ready = [], set(), threading.Event()

        def puller():
            try:
                laptop = device("lee")
                laptop.page_size = 25
                ready.set()
                while not done.is_set():
                    laptop.pull()
                    counts.append(len(laptop.records("visits")))
                    time.sleep(0.02)
                laptop.pull()
                final.update(laptop.records("visits"))
            except Exception as exc:
                errors.append(exc)
                ready.set()

        reader = threading.Thread(target=puller)
        reader.start()
        ready.wait(60)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        done.set()
        reader.join(120)
    finally:
        event.remove(Session, "before_commit", _hold_transaction_open)

    assert errors == []
    expected = WRITERS * PUSHES * PER_PUSH + SLOW_PUSHES * PER_PUSH
    assert len(pushed) == expected
    db.session.expire_all()
    stored = set(db.session.execute(select(Visit.id)).scalars())
    assert stored == set(pushed)
    assert any(0 < n < expected for n in counts), "the puller never saw a write in progress"
    assert final == stored, f"skipped {len(stored - final)} records"
