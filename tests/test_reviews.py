"""Reviews: the conflicts queue, appended notes, and resolving a conflict as a synced change."""

import pytest

from server.extensions import db
from server.models import Review, Visit

from .sync_helpers import mutation, new_visit, pull_all, push_ok, signed_in


@pytest.fixture
def team(app, make):
    org = make.org()
    team = make.team(org=org)
    ana = make.user(team=team, username="ana")
    lea = make.user(role="lead", team=team, username="lea")
    hood = make.neighborhood(team=team)
    return type(
        "Team",
        (),
        {
            "team": team,
            "hood": hood,
            "ana": signed_in(app, ana),
            "lea": signed_in(app, lea),
            "lea_user": lea,
            "olga": signed_in(app, make.user(role="lead", username="olga")),
            "adam": signed_in(app, make.user(role="admin", team=make.team(org=org))),
            "zed": signed_in(app, make.user(role="admin", username="zed")),
        },
    )


def _conflicted_visit(team) -> str:
    m = new_visit(team.hood, notes="first")
    rid = m["record_id"]
    push_ok(team.ana, m)
    push_ok(team.ana, mutation(rid, base_rev=1, data={"notes": "A"}))
    (result,) = push_ok(team.ana, mutation(rid, base_rev=1, data={"notes": "B"}))
    assert result["status"] == "conflict"
    return rid


def test_conflicts_queue_lists_the_teams_flagged_records_for_leads_and_admins(team):
    rid = _conflicted_visit(team)
    push_ok(team.ana, new_visit(team.hood))  # not flagged
    response = team.lea.get("/api/v1/reviews/conflicts")
    assert response.status_code == 200
    assert [(c["collection"], c["record_id"], c["rev"]) for c in response.json["conflicts"]] == [
        ("visits", rid, 3)
    ]
    assert response.json["conflicts"][0]["data"]["needs_review"] is True
    as_admin = team.adam.get("/api/v1/reviews/conflicts", query_string={"team_id": team.team.id})
    assert [c["record_id"] for c in as_admin.json["conflicts"]] == [rid]
    assert [
        c["record_id"] for c in team.adam.get("/api/v1/reviews/conflicts").json["conflicts"]
    ] == [rid]


@pytest.mark.parametrize("who", ["ana", "olga", "zed"])
def test_conflicts_queue_is_refused_outside_the_leads_of_the_team(team, who):
    _conflicted_visit(team)
    response = getattr(team, who).get(
        "/api/v1/reviews/conflicts", query_string={"team_id": team.team.id}
    )
    assert response.status_code == 403


def test_a_note_is_appended_without_touching_the_record(team):
    rid = _conflicted_visit(team)
    response = team.lea.post(
        "/api/v1/reviews", json={"collection": "visits", "record_id": rid, "note": "call me"}
    )
    assert response.status_code == 201
    assert response.json["record"] is None
    assert response.json["review"]["note"] == "call me"
    visit = db.session.get(Visit, rid)
    assert (visit.rev, visit.needs_review, visit.notes) == (3, True, "A")
    listed = team.ana.get(
        "/api/v1/reviews", query_string={"collection": "visits", "record_id": rid}
    )
    assert listed.status_code == 200
    assert [(r["note"], r["reviewer_id"]) for r in listed.json["reviews"]] == [
        ("call me", team.lea_user.id)
    ]


def test_resolving_clears_needs_review_as_a_change_devices_pull(team):
    rid = _conflicted_visit(team)
    _, cursor = pull_all(team.ana)
    response = team.lea.post(
        "/api/v1/reviews",
        json={"collection": "visits", "record_id": rid, "note": "", "resolve": True},
    )
    assert response.status_code == 201
    assert response.json["record"]["rev"] == 4
    assert response.json["review"]["resolves_conflict"] is True
    changes, _ = pull_all(team.ana, cursor)
    assert [(c["rev"], c["data"]["needs_review"], c["data"]["notes"]) for c in changes] == [
        (4, False, "A")
    ]
    history = team.lea.get(f"/api/v1/visits/{rid}/history").json["history"]
    assert (history[-1]["op"], history[-1]["rev"]) == ("review", 4)
    assert team.lea.get("/api/v1/reviews/conflicts").json["conflicts"] == []


@pytest.mark.parametrize("who", ["ana", "olga", "zed"])
def test_only_the_teams_leads_and_admins_write_reviews(team, who):
    rid = _conflicted_visit(team)
    body = {"collection": "visits", "record_id": rid, "note": "x", "resolve": True}
    assert getattr(team, who).post("/api/v1/reviews", json=body).status_code == 403
    assert db.session.query(Review).count() == 0
    assert db.session.get(Visit, rid).needs_review is True


@pytest.mark.parametrize(
    ("body", "bad"),
    [
        ({"collection": "users", "record_id": "x", "note": "n"}, "collection"),
        ({"collection": "visits", "note": "n"}, "record_id"),
        ({"collection": "visits", "record_id": "x", "note": ""}, "note"),
        ({"collection": "visits", "record_id": "x", "note": "n" * 4001}, "note"),
    ],
)
def test_invalid_review_names_the_field(team, body, bad):
    response = team.lea.post("/api/v1/reviews", json=body)
    assert response.status_code == 422
    assert bad in response.json["errors"]


def test_review_of_an_unknown_record_is_404(team):
    body = {
        "collection": "visits",
        "record_id": "0f0e0d0c-0000-4000-8000-000000000000",
        "note": "n",
    }
    assert team.lea.post("/api/v1/reviews", json=body).status_code == 404
