"""A real server killed with ``kill -9`` in the middle of 500-mutation pushes, then restarted.

The reference client retries with the same mutation ids. Whatever the moment of the crash
(before the request was read, during the transaction, after the commit but before the
answer), the end state is the one of a single success: every mutation applied exactly once,
no record duplicated, nothing lost. Runs on an SQLite file, and on PostgreSQL when configured.
"""

import random
import threading
import time

import pytest
from sqlalchemy import func, select

from server.changes import stamp
from server.extensions import db
from server.models import MutationLog, RecordHistory, Visit
from sync.client import Device, SyncError
from sync.transport import HttpTransport

from .live_server import LiveServer

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("live-server")]

ROUNDS = 5
BATCH = 500


def _visit(hood_id: str, n: int) -> dict:
    return {
        "neighborhood_id": hood_id,
        "started_at": "2026-11-20T22:41:00-06:00",
        "people_engaged": n % 12,
        "notes": f"round trip {n}",
    }


def test_kill_9_mid_push_then_retry_applies_every_mutation_exactly_once(app, make, tmp_path):
    team = make.team()
    hood = make.neighborhood(team=team)
    worker = make.user(team=team, username="ana")
    stamp(hood, new=True)
    stamp(worker, new=True)
    db.session.commit()
    url, hood_id = app.config["SQLALCHEMY_DATABASE_URI"], hood.id
    db.session.close()
    rng = random.Random(20261120)

    server = LiveServer(url, workers=1).start()
    try:
        phone = Device(
            tmp_path / "phone.sqlite",
            HttpTransport(server.url, timeout=15),
            sleep=lambda s: time.sleep(min(s, 0.2)),
            attempts=1,
        )
        phone.login("ana", "correct horse battery")
        made = []
        crashed_mid_push = 0
        for round_ in range(ROUNDS):
            made += [
                phone.create("visits", _visit(hood_id, round_ * BATCH + n)) for n in range(BATCH)
            ]
            killer = threading.Timer(rng.uniform(0.01, 0.15), server.kill)
            killer.start()
            try:
                phone.push()
            except SyncError:
                crashed_mid_push += 1
            killer.join()
            server.stop()  # reaps the killed process and closes its pipe
            server = LiveServer(url, port=server.port, workers=1).start()
            # One push is one transaction: the crash left all of the batch or none of it.
            logged = db.session.execute(select(func.count()).select_from(MutationLog)).scalar()
            db.session.rollback()
            assert logged in (round_ * BATCH, (round_ + 1) * BATCH)
            phone.attempts = 5
            phone.push()  # the retry: same mutation ids, whole
            phone.attempts = 1
            assert phone.pending_count() == 0
        phone.pull()
    finally:
        server.stop()

    assert crashed_mid_push >= 1, "no kill landed during a push; the test proved nothing"
    db.session.expire_all()
    mutation_ids = set(db.session.execute(select(MutationLog.mutation_id)).scalars())
    assert len(mutation_ids) == len(made)
    assert set(db.session.execute(select(MutationLog.status)).scalars()) == {"applied"}
    visits = db.session.execute(select(Visit.id, Visit.rev, Visit.notes)).all()
    assert sorted(v.id for v in visits) == sorted(made)
    assert {v.rev for v in visits} == {1}
    assert len({v.notes for v in visits}) == len(made)
    per_mutation = db.session.execute(
        select(RecordHistory.mutation_id, func.count()).group_by(RecordHistory.mutation_id)
    ).all()
    assert len(per_mutation) == len(made) and {n for _m, n in per_mutation} == {1}
    assert set(phone.records("visits")) == set(made)
    assert phone.rejected() == []
