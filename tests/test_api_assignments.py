"""``/api/v1/assignments``: a worker's own neighborhoods; each change stamps the neighborhood."""

from datetime import date

import pytest

from server.extensions import db
from server.models import Assignment, Neighborhood


def _stamp_of(neighborhood):
    db.session.expire_all()
    row = db.session.get(Neighborhood, neighborhood.id)
    return row.rev, row.seq


@pytest.fixture
def admin(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    return admin


@pytest.fixture
def pair(make, admin):
    """A worker and a neighborhood of the admin's team."""
    return make.user("worker", team=admin.team), make.neighborhood(team=admin.team)


def test_worker_lists_only_their_own_assignments(auth, make):
    worker = make.user("worker", username="wes")
    mate = make.user("worker", team=worker.team)
    place = make.neighborhood(team=worker.team)
    mine = make.assignment(worker, place)
    make.assignment(mate, place)
    auth.login("wes")
    assert [a["id"] for a in auth.get("/api/v1/assignments").json] == [mine.id]


def test_filters_by_user_and_neighborhood(auth, make, admin, pair):
    worker, place = pair
    other_place = make.neighborhood(team=admin.team)
    wanted = make.assignment(worker, place)
    make.assignment(worker, other_place)
    rows = auth.get(f"/api/v1/assignments?user_id={worker.id}&neighborhood_id={place.id}").json
    assert [a["id"] for a in rows] == [wanted.id]
    assert len(auth.get(f"/api/v1/assignments?user_id={worker.id}").json) == 2


def test_create_assignment_stamps_the_neighborhood(auth, admin, pair):
    worker, place = pair
    rev, seq = _stamp_of(place)
    body = {"user_id": worker.id, "neighborhood_id": place.id, "starts_on": "2026-11-01"}
    response = auth.post("/api/v1/assignments", json=body)
    assert response.status_code == 201
    assert response.json["ends_on"] is None
    assert db.session.get(Assignment, response.json["id"]).starts_on == date(2026, 11, 1)
    new_rev, new_seq = _stamp_of(place)
    assert new_rev == rev + 1 and new_seq > seq


def test_worker_and_neighborhood_must_share_a_team(auth, make, admin):
    worker = make.user("worker", team=admin.team)
    elsewhere = make.neighborhood(team=make.team(org=admin.team.organization))
    body = {"user_id": worker.id, "neighborhood_id": elsewhere.id, "starts_on": "2026-11-01"}
    response = auth.post("/api/v1/assignments", json=body)
    assert response.status_code == 422
    assert "neighborhood_id" in response.json["errors"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2026-10-01"}, "ends_on"),
        ({"starts_on": "soon"}, "starts_on"),
        ({"user_id": "unknown"}, "user_id"),
        ({"neighborhood_id": "unknown"}, "neighborhood_id"),
    ],
)
def test_invalid_assignment_is_422_naming_the_field(auth, pair, change, field):
    worker, place = pair
    body = {"user_id": worker.id, "neighborhood_id": place.id, "starts_on": "2026-11-01"}
    response = auth.post("/api/v1/assignments", json={**body, **change})
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_ending_an_assignment_stamps_the_neighborhood(auth, make, pair):
    worker, place = pair
    assignment = make.assignment(worker, place, starts_on=date(2026, 11, 1))
    rev, _ = _stamp_of(place)
    url = f"/api/v1/assignments/{assignment.id}"
    too_early = auth.patch(url, json={"ends_on": "2026-10-31"})
    assert too_early.status_code == 422 and "ends_on" in too_early.json["errors"]
    response = auth.patch(url, json={"ends_on": "2026-12-31"})
    assert response.status_code == 200
    assert response.json["ends_on"] == "2026-12-31"
    assert _stamp_of(place)[0] == rev + 1


def test_deleting_an_assignment_removes_it_and_stamps_the_neighborhood(auth, make, pair):
    worker, place = pair
    assignment = make.assignment(worker, place)
    assignment_id = assignment.id
    rev, _ = _stamp_of(place)
    response = auth.delete(f"/api/v1/assignments/{assignment_id}")
    assert response.status_code == 204
    assert db.session.get(Assignment, assignment_id) is None
    assert _stamp_of(place)[0] == rev + 1
    assert auth.delete(f"/api/v1/assignments/{assignment_id}").status_code == 404
