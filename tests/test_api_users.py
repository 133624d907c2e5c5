"""``/api/v1/users``: the roster, creating users, and changes that end sessions or reset sync."""

import pytest

from server.auth import verify_password
from server.extensions import db
from server.models import User

NEW_USER = {
    "username": "newcomer",
    "display_name": "Newcomer",
    "role": "worker",
    "password": "ten chars!",
}


def _fresh(user):
    db.session.expire_all()
    return db.session.get(User, user.id)


@pytest.fixture
def admin(auth, make):
    admin = make.user("admin", username="boss")
    auth.login("boss")
    return admin


def test_admin_lists_the_org_and_filters_by_team(auth, make, admin):
    sibling = make.team(org=admin.team.organization)
    worker = make.user("worker", team=sibling)
    make.user("worker")  # another organization
    everyone = {u["id"] for u in auth.get("/api/v1/users").json}
    assert everyone == {admin.id, worker.id}
    filtered = auth.get(f"/api/v1/users?team_id={sibling.id}").json
    assert [u["id"] for u in filtered] == [worker.id]


def test_lead_reads_the_team_roster_and_worker_is_refused(auth, make):
    lead = make.user("lead", username="lee")
    worker = make.user("worker", team=lead.team, username="wes")
    make.user("worker")
    auth.login("lee")
    assert {u["id"] for u in auth.get("/api/v1/users").json} == {lead.id, worker.id}
    auth.login("wes")
    assert auth.get("/api/v1/users").status_code == 403


def test_a_worker_reads_their_own_profile_but_not_a_teammates(auth, make):
    worker = make.user("worker", username="wes")
    mate = make.user("worker", team=worker.team)
    auth.login("wes")
    assert auth.get(f"/api/v1/users/{worker.id}").json["username"] == "wes"
    assert auth.get(f"/api/v1/users/{mate.id}").status_code == 403


def test_create_user_hashes_the_password_and_never_returns_it(auth, admin):
    response = auth.post("/api/v1/users", json={**NEW_USER, "team_id": admin.team_id})
    assert response.status_code == 201
    assert not [key for key in response.json if "password" in key or "hash" in key]
    assert response.json["rev"] == 1
    user = db.session.get(User, response.json["id"])
    assert user.organization_id == admin.organization_id
    assert user.password_hash != NEW_USER["password"]
    assert verify_password(user.password_hash, NEW_USER["password"])
    assert user.seq > 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"password": "nine char"}, "password"),
        ({"role": "boss"}, "role"),
        ({"username": "no spaces"}, "username"),
        ({"team_id": "unknown"}, "team_id"),
        ({"display_name": ""}, "display_name"),
    ],
)
def test_invalid_new_user_is_422_naming_the_field(auth, admin, change, field):
    response = auth.post("/api/v1/users", json={**NEW_USER, "team_id": admin.team_id, **change})
    assert response.status_code == 422
    assert field in response.json["errors"]


def test_duplicate_username_is_409_whatever_the_case(auth, admin):
    response = auth.post(
        "/api/v1/users", json={**NEW_USER, "username": "BOSS", "team_id": admin.team_id}
    )
    assert response.status_code == 409
    assert "username" in response.json["errors"]


def test_deactivating_a_user_ends_their_session_at_once(app, auth, make, admin):
    worker = make.user("worker", team=admin.team, username="wes")
    theirs = type(auth)(app.test_client())
    theirs.login("wes")
    assert theirs.get("/api/v1/auth/me").status_code == 200
    response = auth.patch(f"/api/v1/users/{worker.id}", json={"active": False})
    assert response.status_code == 200
    assert response.json["active"] is False
    assert theirs.get("/api/v1/auth/me").status_code == 401


def test_new_password_ends_sessions_and_works_for_sign_in(app, auth, make, admin):
    worker = make.user("worker", team=admin.team, username="wes")
    theirs = type(auth)(app.test_client())
    theirs.login("wes")
    before = _fresh(worker)
    rev, version = before.rev, before.session_version
    response = auth.patch(f"/api/v1/users/{worker.id}", json={"password": "a brand new one"})
    assert response.status_code == 200
    assert theirs.get("/api/v1/auth/me").status_code == 401
    assert theirs.login("wes", "a brand new one").status_code == 200
    after = _fresh(worker)
    assert after.session_version == version + 1
    assert after.rev == rev  # nothing the roster shows changed


@pytest.mark.parametrize("change", ["team", "role"])
def test_moving_a_user_or_changing_their_role_stamps_the_row(auth, make, admin, change):
    worker = make.user("worker", team=admin.team)
    body = {"role": "lead"}
    if change == "team":
        body = {"team_id": make.team(org=admin.team.organization).id}
    before = _fresh(worker)
    rev, seq = before.rev, before.seq
    response = auth.patch(f"/api/v1/users/{worker.id}", json=body)
    assert response.status_code == 200
    after = _fresh(worker)
    assert (after.rev, after.seq > seq) == (rev + 1, True)
    ((field, value),) = body.items()
    assert getattr(after, field) == value


def test_moving_a_user_to_another_organizations_team_is_403(auth, make, admin):
    worker = make.user("worker", team=admin.team)
    response = auth.patch(f"/api/v1/users/{worker.id}", json={"team_id": make.team().id})
    assert response.status_code == 403
    assert _fresh(worker).team_id == admin.team_id


@pytest.mark.parametrize(
    ("body", "field"), [({"active": False}, "active"), ({"role": "lead"}, "role")]
)
def test_an_admin_cannot_lock_themselves_out(auth, admin, body, field):
    response = auth.patch(f"/api/v1/users/{admin.id}", json=body)
    assert response.status_code == 422
    assert field in response.json["errors"]
