"""``/api/v1/neighborhoods``: outlines, targets and priorities; admin writes stamp the row."""

import pytest

from server.extensions import db
from server.models import Neighborhood

SQUARE = [[-87.7, 41.8], [-87.6, 41.8], [-87.6, 41.9], [-87.7, 41.9], [-87.7, 41.8]]
POLYGON = {"type": "Polygon", "coordinates": [SQUARE]}


def _fresh(neighborhood_id):
    db.session.expire_all()
    return db.session.get(Neighborhood, neighborhood_id)


@pytest.fixture
def admin(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    return admin


def test_worker_lists_the_team_neighborhoods_with_geometry(auth, make):
    worker = make.user("worker", username="wes")
    second = make.neighborhood(team=worker.team, name="B", priority=2, geometry=POLYGON)
    first = make.neighborhood(team=worker.team, name="A", priority=1)
    make.neighborhood(team=make.team(org=worker.team.organization))
    auth.login("wes")
    rows = auth.get("/api/v1/neighborhoods").json
    assert [r["id"] for r in rows] == [first.id, second.id]  # highest priority first
    assert rows[1]["geometry"] == POLYGON
    assert rows[0]["geometry"] is None
    assert set(rows[0]) >= {"name", "code", "target_visits_per_week", "priority", "rev"}


def test_admin_filters_by_team(auth, make, admin):
    sibling = make.team(org=admin.team.organization)
    theirs = make.neighborhood(team=sibling)
    make.neighborhood(team=admin.team)
    rows = auth.get(f"/api/v1/neighborhoods?team_id={sibling.id}").json
    assert [r["id"] for r in rows] == [theirs.id]
    assert len(auth.get("/api/v1/neighborhoods").json) == 2


def test_create_stores_validated_geometry_and_stamps_the_row(auth, admin):
    body = {
        "team_id": admin.team_id,
        "name": "Riverside",
        "code": "RS",
        "geometry": {**POLYGON, "bbox": [0, 0, 1, 1]},
        "target_visits_per_week": 5,
        "priority": 1,
        "program_started_on": "2026-01-15",
    }
    response = auth.post("/api/v1/neighborhoods", json=body)
    assert response.status_code == 201
    assert response.json["geometry"] == POLYGON
    assert response.json["program_started_on"] == "2026-01-15"
    stored = _fresh(response.json["id"])
    assert (stored.rev, stored.organization_id) == (1, admin.organization_id)
    assert stored.seq > 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"geometry": {"type": "Point", "coordinates": [0, 0]}}, "geometry"),
        ({"geometry": {"type": "Polygon", "coordinates": [SQUARE[:-1]]}}, "geometry"),
        ({"priority": 4}, "priority"),
        ({"target_visits_per_week": -1}, "target_visits_per_week"),
        ({"code": ""}, "code"),
        ({"name": "   "}, "name"),
        ({"team_id": "unknown"}, "team_id"),
        ({"program_started_on": "next week"}, "program_started_on"),
    ],
)
def test_invalid_neighborhood_is_422_naming_the_field(auth, admin, change, field):
    body = {"team_id": admin.team_id, "name": "Riverside", "code": "RS", **change}
    response = auth.post("/api/v1/neighborhoods", json=body)
    assert response.status_code == 422
    assert list(response.json["errors"]) == [field]
    assert db.session.scalar(db.select(db.func.count()).select_from(Neighborhood)) == 0


def test_geometry_error_says_what_is_wrong(auth, admin):
    body = {"team_id": admin.team_id, "name": "R", "code": "R", "geometry": {"type": "Point"}}
    response = auth.post("/api/v1/neighborhoods", json=body)
    assert "Polygon" in response.json["errors"]["geometry"][0]


def test_duplicate_code_in_a_team_is_409_but_another_team_may_reuse_it(auth, make, admin):
    make.neighborhood(team=admin.team, code="RS")
    body = {"team_id": admin.team_id, "name": "Again", "code": "RS"}
    response = auth.post("/api/v1/neighborhoods", json=body)
    assert response.status_code == 409
    assert "code" in response.json["errors"]
    sibling = make.team(org=admin.team.organization)
    assert (
        auth.post("/api/v1/neighborhoods", json={**body, "team_id": sibling.id}).status_code == 201
    )


def test_moving_to_a_team_that_has_the_code_is_409(auth, make, admin):
    sibling = make.team(org=admin.team.organization)
    make.neighborhood(team=sibling, code="RS")
    mine = make.neighborhood(team=admin.team, code="RS")
    response = auth.patch(f"/api/v1/neighborhoods/{mine.id}", json={"team_id": sibling.id})
    assert response.status_code == 409
    assert _fresh(mine.id).team_id == admin.team_id


def test_patch_changes_fields_and_stamps_only_when_something_changed(auth, make, admin):
    place = make.neighborhood(team=admin.team, priority=2)
    url = f"/api/v1/neighborhoods/{place.id}"
    response = auth.patch(url, json={"priority": 1, "geometry": POLYGON})
    assert response.status_code == 200
    changed = _fresh(place.id)
    assert (changed.priority, changed.geometry, changed.rev) == (1, POLYGON, 2)
    seq = changed.seq
    assert auth.patch(url, json={"priority": 1}).status_code == 200
    assert (_fresh(place.id).rev, _fresh(place.id).seq) == (2, seq)
    assert auth.patch(url, json={"geometry": None}).json["geometry"] is None


def test_moving_a_neighborhood_to_another_organization_is_403(auth, make, admin):
    place = make.neighborhood(team=admin.team)
    response = auth.patch(f"/api/v1/neighborhoods/{place.id}", json={"team_id": make.team().id})
    assert response.status_code == 403
