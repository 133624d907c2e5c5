"""Pull over HTTP: pages by seq, cursors, tombstones, resets, limits and device bookkeeping."""

import pytest

from server.extensions import db
from server.models import Device, User

from .sync_helpers import DEVICE, by_id, mutation, new_visit, pull, pull_all, push_ok, sign_in


@pytest.fixture
def field(make, auth):
    team = make.team()
    worker = make.user(team=team, username="ana")
    hood = make.neighborhood(team=team, name="Northside", code="NS")
    make.assignment(worker, hood)
    sign_in(auth, worker)
    return type("Field", (), {"team": team, "worker": worker, "hood": hood})


def test_first_pull_sends_roster_neighborhoods_and_own_records(auth, field):
    m = new_visit(field.hood)
    push_ok(auth, m)
    response = pull(auth)
    assert response.status_code == 200
    body = response.json
    assert set(body) == {"changes", "cursor", "has_more"} and body["has_more"] is False
    kinds = [c["collection"] for c in body["changes"]]
    assert sorted(kinds) == ["neighborhoods", "users", "visits"]
    changes = by_id(body["changes"])
    assert changes[field.worker.id]["data"] == {
        "username": "ana",
        "display_name": field.worker.display_name,
        "role": "worker",
        "team_id": field.team.id,
    }
    hood = changes[field.hood.id]["data"]
    assert hood["name"] == "Northside" and hood["code"] == "NS"
    assert hood["assignments"][0]["worker_id"] == field.worker.id
    assert changes[m["record_id"]]["data"]["worker_id"] == field.worker.id


def test_pages_come_in_seq_order_and_each_record_once(auth, field):
    push_ok(auth, *[new_visit(field.hood) for _ in range(7)])
    pages = []
    cursor = None
    while True:
        body = pull(auth, cursor, limit=3).json
        pages.append(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            break
    assert [len(p) for p in pages] == [3, 3, 3]
    ids = [c["record_id"] for p in pages for c in p]
    assert len(ids) == len(set(ids)) == 9


def test_a_cursor_sends_each_changed_record_once_in_its_latest_state(auth, field):
    m = new_visit(field.hood)
    push_ok(auth, m)
    _, cursor = pull_all(auth)
    rid = m["record_id"]
    push_ok(auth, mutation(rid, base_rev=1, data={"notes": "one"}))
    push_ok(auth, mutation(rid, base_rev=2, data={"notes": "two"}))
    changes, cursor = pull_all(auth, cursor)
    assert [(c["record_id"], c["rev"], c["data"]["notes"]) for c in changes] == [(rid, 3, "two")]
    assert pull_all(auth, cursor)[0] == []


def test_admin_change_to_a_neighborhood_reaches_the_device(auth, field):
    from server.changes import stamp

    _, cursor = pull_all(auth)
    field.hood.target_visits_per_week = 9
    stamp(field.hood, new=False)
    db.session.commit()
    changes, _ = pull_all(auth, cursor)
    assert [(c["record_id"], c["data"]["target_visits_per_week"]) for c in changes] == [
        (field.hood.id, 9)
    ]


@pytest.mark.parametrize(
    "change",
    [{"team": True}, {"role": "lead"}],
    ids=["moved-to-another-team", "role-changed"],
)
def test_scope_change_answers_reset(auth, field, make, change):
    _, cursor = pull_all(auth)
    user = db.session.get(User, field.worker.id)
    if change.get("team"):
        user.team_id = make.team(org=None).id
    else:
        user.role = change["role"]
    db.session.commit()
    response = pull(auth, cursor)
    assert response.status_code == 200 and response.json == {"reset": True}
    assert pull(auth).status_code == 200


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"limit": "1001"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"cursor": "%%%"}, "cursor"),
        ({"cursor": "eyJ2Ijo5fQ"}, "cursor"),
    ],
)
def test_bad_query_is_400_naming_the_parameter(auth, field, params, bad):
    response = auth.get("/api/v1/sync/pull", query_string={"device_id": DEVICE, **params})
    assert response.status_code == 400
    assert bad in response.json["errors"]


def test_device_id_is_required_and_a_pull_that_caught_up_is_recorded(auth, field):
    response = auth.get("/api/v1/sync/pull")
    assert response.status_code == 400 and "device_id" in response.json["errors"]
    push_ok(auth, new_visit(field.hood), device_id="other-device")
    first = pull(auth, limit=1)
    assert first.json["has_more"] is True
    assert db.session.get(Device, (DEVICE, field.worker.id)) is None
    pull_all(auth, first.json["cursor"], limit=1)
    device = db.session.get(Device, (DEVICE, field.worker.id))
    assert device.last_pull_at is not None and device.last_sync_at == device.last_pull_at


def test_protocol_on_pull_is_checked_when_sent(auth, field):
    query = {"device_id": DEVICE, "protocol": "0"}
    old = auth.get("/api/v1/sync/pull", query_string=query)
    assert old.status_code == 409 and old.json["error"] == "upgrade_required"
    newer = auth.get("/api/v1/sync/pull", query_string={**query, "protocol": "2"})
    assert newer.status_code == 400 and "protocol" in newer.json["errors"]
    assert auth.get("/api/v1/sync/pull", query_string={**query, "protocol": "1"}).status_code == 200


def test_pull_limit_1000_is_allowed(auth, field):
    assert pull(auth, limit=1000).status_code == 200


def test_pull_without_session_is_401(client):
    response = client.get("/api/v1/sync/pull", query_string={"device_id": DEVICE})
    assert response.status_code == 401 and response.json["error"] == "unauthorized"
