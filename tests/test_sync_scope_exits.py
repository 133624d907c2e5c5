"""A row that leaves a team's scope reaches that team's devices as a tombstone on their next
pull; the new team pulls it live, and a row moved back is live again, not deleted."""

import pytest

from sync.memory import MemoryStore
from sync.pull import pull as pull_store
from sync.scope import Principal

from .sync_helpers import by_id, pull_all, signed_in


@pytest.fixture
def org(app, make):
    """Two teams of one organization, a lead on each, an admin, each signed in on a client."""
    first = make.team()
    organization = first.organization_id
    second = make.team(org=type("Org", (), {"id": organization}))
    hood = make.neighborhood(team=first, name="Northside", code="NS")
    worker = make.user(team=first, username="ana")
    clients = {
        "a": signed_in(app, make.user(role="lead", team=first)),
        "b": signed_in(app, make.user(role="lead", team=second)),
        "admin": signed_in(app, make.user(role="admin", team=first)),
    }
    return type(
        "Org", (), {"a": first, "b": second, "hood": hood, "worker": worker, "clients": clients}
    )


def _move(org, url: str, team) -> None:
    response = org.clients["admin"].patch(url, json={"team_id": team.id})
    assert response.status_code == 200, response.json


def _pulled(org, lead: str, cursor, record_id):
    """The one change of ``record_id`` in a lead's next pull, and the new cursor."""
    changes, cursor = pull_all(org.clients[lead], cursor)
    found = [c for c in changes if c["record_id"] == record_id]
    assert len(found) == 1, changes
    return found[0], cursor


@pytest.mark.parametrize("kind", ["neighborhoods", "users"])
def test_a_row_moved_to_another_team_is_a_tombstone_for_the_old_team(org, kind):
    row = org.hood if kind == "neighborhoods" else org.worker
    url = f"/api/v1/{kind}/{row.id}"
    first_a, cursor_a = pull_all(org.clients["a"])
    first_b, cursor_b = pull_all(org.clients["b"])
    assert row.id in by_id(first_a, kind) and row.id not in by_id(first_b, kind)

    _move(org, url, org.b)
    gone, cursor_a = _pulled(org, "a", cursor_a, row.id)
    assert gone["collection"] == kind
    assert gone["deleted"] is True and gone["data"] is None and gone["rev"] == 2
    arrived, cursor_b = _pulled(org, "b", cursor_b, row.id)
    assert (
        arrived["deleted"] is False
        and arrived["data"]["name" if kind == "neighborhoods" else "team_id"] is not None
    )
    assert pull_all(org.clients["a"], cursor_a)[0] == []

    _move(org, url, org.a)
    back, _ = _pulled(org, "a", cursor_a, row.id)
    assert back["deleted"] is False and back["rev"] == 3 and back["data"] is not None
    left, _ = _pulled(org, "b", cursor_b, row.id)
    assert left["deleted"] is True and left["rev"] == 3


def test_moved_away_and_back_between_pulls_is_live_for_the_old_team(org):
    url = f"/api/v1/neighborhoods/{org.hood.id}"
    _, cursor_a = pull_all(org.clients["a"])
    _move(org, url, org.b)
    _move(org, url, org.a)
    change, _ = _pulled(org, "a", cursor_a, org.hood.id)
    assert change["deleted"] is False and change["rev"] == 3
    assert change["data"]["name"] == "Northside"


def test_a_first_pull_sends_no_tombstone_for_a_row_that_left(org):
    _move(org, f"/api/v1/neighborhoods/{org.hood.id}", org.b)
    changes, _ = pull_all(org.clients["a"])
    assert org.hood.id not in by_id(changes)
    assert all(not c["deleted"] for c in changes)


def test_the_memory_store_sends_the_same_tombstone():
    store = MemoryStore()
    lead = {"id": "lead", "username": "lea", "display_name": "Lea", "role": "lead"}
    store.add("users", {**lead, "team_id": "A", "organization_id": "O"})
    hood = {"id": "h1", "name": "N", "code": "N", "geometry": None, "priority": 1}
    hood.update(target_visits_per_week=3, team_id="A", organization_id="O")
    store.add("neighborhoods", hood)

    class Policy:
        @staticmethod
        def pull_scope(_p):
            return dict.fromkeys(
                ["users", "neighborhoods", "visits", "mediations"], ("team_id", "A")
            )

    principal = Principal("lead", "lead", "A", "O")
    cursor = pull_store(store, principal, None, 100, Policy)["cursor"]
    store.add("neighborhoods", {**hood, "team_id": "B", "rev": 2})
    body = pull_store(store, principal, cursor, 100, Policy)
    assert body["changes"] == [
        {"collection": "neighborhoods", "record_id": "h1", "rev": 2, "deleted": True, "data": None}
    ]
    store.add("neighborhoods", {**hood, "rev": 3})
    changes = pull_store(store, principal, body["cursor"], 100, Policy)["changes"]
    assert [(c["record_id"], c["deleted"], c["rev"]) for c in changes] == [("h1", False, 3)]
