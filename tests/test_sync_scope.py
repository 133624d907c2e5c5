"""Scope over HTTP: who pulls what and who may push what (DESIGN, "Scope")."""

import pytest

from server import permissions
from server.extensions import db
from server.models import User, Visit

from .sync_helpers import mutation, new_visit, pull_all, push_ok, signed_in


@pytest.fixture
def region(app, make):
    """Org 1: team A (ana, ben, lead lea), team B (bob), admin adam. Org 2: team C (cal, admin)."""
    org1, org2 = make.org(), make.org()
    team_a, team_b, team_c = make.team(org=org1), make.team(org=org1), make.team(org=org2)
    people = {
        "ana": make.user(team=team_a, username="ana"),
        "ben": make.user(team=team_a, username="ben"),
        "lea": make.user(role="lead", team=team_a, username="lea"),
        "bob": make.user(team=team_b, username="bob"),
        "adam": make.user(role="admin", team=team_b, username="adam"),
        "cal": make.user(team=team_c, username="cal"),
        "cara": make.user(role="admin", team=team_c, username="cara"),
    }
    hoods = {
        "a": make.neighborhood(team=team_a),
        "b": make.neighborhood(team=team_b),
        "c": make.neighborhood(team=team_c),
    }
    clients = {name: signed_in(app, user) for name, user in people.items()}
    for name, hood in (("ana", "a"), ("ben", "a"), ("bob", "b"), ("cal", "c")):
        push_ok(clients[name], new_visit(hoods[hood], notes=f"by {name}"))
    return type("Region", (), {"people": people, "hoods": hoods, "clients": clients})


def _pulled(region, name):
    changes, _ = pull_all(region.clients[name])
    return changes


def _authors(changes):
    return sorted(c["data"]["notes"][3:] for c in changes if c["collection"] == "visits")


@pytest.mark.parametrize(
    ("name", "authors"),
    [
        ("ana", ["ana"]),
        ("lea", ["ana", "ben"]),
        ("bob", ["bob"]),
        ("adam", ["ana", "ben", "bob"]),
        ("cara", ["cal"]),
    ],
)
def test_each_role_pulls_exactly_its_scope(region, name, authors):
    changes = _pulled(region, name)
    assert _authors(changes) == authors
    user = db.session.get(User, region.people[name].id)
    for change in changes:
        if change["collection"] == "visits":
            assert permissions.can_read_record(user, db.session.get(Visit, change["record_id"]))
    roster = {c["data"]["username"] for c in changes if c["collection"] == "users"}
    expected = {
        "ana": {"ana", "ben", "lea"},
        "lea": {"ana", "ben", "lea"},
        "bob": {"bob", "adam"},
        "adam": {"ana", "ben", "lea", "bob", "adam"},
        "cara": {"cal", "cara"},
    }[name]
    assert roster == expected
    assert not any("password_hash" in (c["data"] or {}) for c in changes)


def test_worker_records_in_any_team_neighborhood_but_not_another_teams(region):
    results = push_ok(
        region.clients["ana"],
        new_visit(region.hoods["a"]),
        new_visit(region.hoods["b"]),
        new_visit(region.hoods["c"]),
    )
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    assert all("neighborhood_id" in r["errors"] for r in results[1:])


def test_only_the_author_edits_a_record(region):
    (visit,) = [c for c in _pulled(region, "ana") if c["collection"] == "visits"]
    edit = mutation(visit["record_id"], base_rev=1, data={"notes": "changed"})
    for name in ("ben", "lea", "adam", "cara"):
        (result,) = push_ok(
            region.clients[name], {**edit, "mutation_id": mutation()["mutation_id"]}
        )
        assert result["status"] == "rejected" and "record_id" in result["errors"], name
    (own,) = push_ok(region.clients["ana"], edit)
    assert own["status"] == "applied"


def test_admins_do_not_push_records(region):
    (result,) = push_ok(region.clients["adam"], new_visit(region.hoods["a"]))
    assert result["status"] == "rejected"
