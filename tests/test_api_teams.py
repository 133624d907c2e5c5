"""``/api/v1/teams``: who sees which team, and the admin writes (duplicates, validation)."""

import pytest
from werkzeug.exceptions import HTTPException

from server.admin import commit_unique
from server.extensions import db
from server.models import Team


def test_admin_lists_the_teams_of_their_organization_by_name(auth, make):
    org = make.org()
    make.team("Westside", org)
    eastside = make.team("Eastside", org)
    make.team("Elsewhere")
    make.user("admin", team=eastside, username="boss")
    auth.login("boss")
    response = auth.get("/api/v1/teams")
    assert response.status_code == 200
    assert [t["name"] for t in response.json] == ["Eastside", "Westside"]
    assert response.json[0] == {"id": eastside.id, "name": "Eastside", "organization_id": org.id}


def test_lead_lists_only_their_own_team(auth, make):
    org = make.org()
    team = make.team("Mine", org)
    make.team("Sibling", org)
    make.user("lead", team=team, username="lee")
    auth.login("lee")
    assert [t["id"] for t in auth.get("/api/v1/teams").json] == [team.id]


def test_admin_creates_a_team_in_their_organization(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    response = auth.post("/api/v1/teams", json={"name": "  Northside "})
    assert response.status_code == 201
    assert response.json["name"] == "Northside"
    team = db.session.get(Team, response.json["id"])
    assert team.organization_id == admin.organization_id


def test_duplicate_team_name_is_409_naming_the_field(auth, make):
    make.team("Northside")
    make.user("admin", username="boss")
    auth.login("boss")
    response = auth.post("/api/v1/teams", json={"name": "northside"})
    assert response.status_code == 409
    assert response.json["error"] == "conflict"
    assert "name" in response.json["errors"]


def test_missing_name_is_422_naming_the_field(auth, make):
    make.user("admin", username="boss")
    auth.login("boss")
    response = auth.post("/api/v1/teams", json={})
    assert response.status_code == 422
    assert "name" in response.json["errors"]


def test_admin_renames_a_team_and_keeping_its_own_name_is_no_duplicate(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    url = f"/api/v1/teams/{admin.team_id}"
    same = auth.patch(url, json={"name": admin.team.name})
    assert same.status_code == 200
    response = auth.patch(url, json={"name": "Renamed"})
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(Team, admin.team_id).name == "Renamed"


def test_unknown_team_is_404(auth, make):
    make.user("admin", username="boss")
    auth.login("boss")
    assert auth.get("/api/v1/teams/nope").status_code == 404
    assert auth.patch("/api/v1/teams/nope", json={"name": "X"}).status_code == 404


def test_a_duplicate_that_wins_a_race_past_the_check_is_409_not_500(app, make):
    # Two admins creating "Northside" at once both pass the check; the database decides.
    org = make.team("Northside").organization
    db.session.add(Team(name="Northside", organization_id=org.id))
    with pytest.raises(HTTPException) as refused:
        commit_unique("name", "A team with this name already exists.")
    assert refused.value.code == 409
    assert refused.value.data["messages"] == {"name": ["A team with this name already exists."]}
    assert db.session.scalar(db.select(db.func.count()).select_from(Team)) == 1


def test_blank_name_after_trimming_is_422(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    response = auth.patch(f"/api/v1/teams/{admin.team_id}", json={"name": "   "})
    assert response.status_code == 422
    assert "name" in response.json["errors"]
