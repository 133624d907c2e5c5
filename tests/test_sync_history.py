"""A record's history over HTTP: every accepted value kept, read by those who may read the
record, and a lead's restore of a deleted record from it."""

import pytest

from server.changes import stamp
from server.extensions import db
from server.models import Neighborhood, Team, Visit

from .sync_helpers import mutation, new_visit, pull_all, push_ok, signed_in


@pytest.fixture
def team(app, make):
    team = make.team()
    ana = make.user(team=team, username="ana")
    lea = make.user(role="lead", team=team, username="lea")
    hood = make.neighborhood(team=team)
    other_lead = make.user(role="lead", username="olga")
    return type(
        "Team",
        (),
        {
            "hood": hood,
            "ana": signed_in(app, ana),
            "ben": signed_in(app, make.user(team=team, username="ben")),
            "lea": signed_in(app, lea),
            "lea_id": lea.id,
            "olga": signed_in(app, other_lead),
        },
    )


def _history(auth, rid, collection="visits"):
    return auth.get(f"/api/v1/{collection}/{rid}/history")


def test_history_keeps_every_accepted_value_including_conflict_losers(team):
    m = new_visit(team.hood, notes="v1")
    rid = m["record_id"]
    push_ok(team.ana, m)
    push_ok(
        team.ana, mutation(rid, base_rev=1, data={"notes": "v2"}, edited_at="2026-11-21T02:00Z")
    )
    push_ok(
        team.ana, mutation(rid, base_rev=1, data={"notes": "v3"}, edited_at="2026-11-21T01:00Z")
    )
    response = _history(team.ana, rid)
    assert response.status_code == 200
    entries = response.json["history"]
    assert [(e["rev"], e["op"], e["status"]) for e in entries] == [
        (1, "create", "applied"),
        (2, "upsert", "applied"),
        (3, "upsert", "conflict"),
    ]
    assert [e["data"]["notes"] for e in entries] == ["v1", "v2", "v2"]
    assert entries[2]["incoming"] == {"notes": "v3"}
    assert entries[2]["lost"]["notes"]["value"] == "v3"
    assert entries[2]["edited_at"] == "2026-11-21T01:00:00+00:00"
    assert entries[0]["user_id"] and entries[0]["mutation_id"] == m["mutation_id"]


def test_history_is_read_by_the_author_and_their_lead_only(team):
    m = new_visit(team.hood)
    push_ok(team.ana, m)
    rid = m["record_id"]
    assert _history(team.lea, rid).status_code == 200
    assert _history(team.ben, rid).status_code == 403
    assert _history(team.olga, rid).status_code == 403
    assert _history(team.ana, "0f0e0d0c-0000-4000-8000-000000000000").status_code == 404
    assert _history(team.ana, rid, "users").status_code == 404


def test_lead_restores_a_deleted_record_from_a_history_rev(team):
    m = new_visit(team.hood, notes="worth keeping")
    rid = m["record_id"]
    push_ok(team.ana, m)
    push_ok(team.ana, mutation(rid, base_rev=1, data={"notes": "changed"}))
    push_ok(team.ana, mutation(rid, op="delete", base_rev=2))
    _, cursor = pull_all(team.ana)
    assert team.ana.post(f"/api/v1/visits/{rid}/restore", json={"rev": 1}).status_code == 403
    assert team.olga.post(f"/api/v1/visits/{rid}/restore", json={"rev": 1}).status_code == 403
    bad = team.lea.post(f"/api/v1/visits/{rid}/restore", json={"rev": "one"})
    assert bad.status_code == 400 and "rev" in bad.json["errors"]
    assert team.lea.post(f"/api/v1/visits/{rid}/restore", json={"rev": 3}).status_code == 404
    response = team.lea.post(f"/api/v1/visits/{rid}/restore", json={"rev": 1})
    assert response.status_code == 200
    assert (response.json["rev"], response.json["deleted"]) == (4, False)
    assert response.json["data"]["notes"] == "worth keeping"
    again = team.lea.post(f"/api/v1/visits/{rid}/restore", json={"rev": 1})
    assert again.status_code == 409
    changes, _ = pull_all(team.ana, cursor)
    assert [(c["rev"], c["deleted"], c["data"]["notes"]) for c in changes] == [
        (4, False, "worth keeping")
    ]
    last = _history(team.lea, rid).json["history"][-1]
    assert (last["rev"], last["op"], last["user_id"]) == (4, "restore", team.lea_id)


def test_restore_without_a_rev_takes_the_last_live_state(team):
    m = new_visit(team.hood, notes="last words")
    rid = m["record_id"]
    push_ok(team.ana, m)
    push_ok(team.ana, mutation(rid, op="delete", base_rev=1))
    response = team.lea.post(f"/api/v1/visits/{rid}/restore", json={})
    assert response.status_code == 200 and response.json["data"]["notes"] == "last words"


def test_restored_record_stays_with_its_team_when_the_neighborhood_moved(app, make, team):
    team_a = team.hood.team_id
    m = new_visit(team.hood, notes="team A's words")
    rid = m["record_id"]
    push_ok(team.ana, m)
    push_ok(team.ana, mutation(rid, op="delete", base_rev=1))
    team_b = make.team(org=db.session.get(Team, team_a).organization)
    bob = signed_in(app, make.user(role="lead", team=team_b, username="bob"))
    hood = db.session.get(Neighborhood, team.hood.id)
    hood.team_id = team_b.id
    stamp(hood)
    db.session.commit()
    response = team.lea.post(f"/api/v1/visits/{rid}/restore", json={})
    assert response.status_code == 200, response.json
    db.session.expire_all()
    visit = db.session.get(Visit, rid)
    assert (visit.deleted, visit.team_id) == (False, team_a)
    assert _history(bob, rid).status_code == 403
    changes, _ = pull_all(bob)
    assert rid not in {c["record_id"] for c in changes}
    assert _history(team.lea, rid).status_code == 200
