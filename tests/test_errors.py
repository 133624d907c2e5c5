"""Every error under ``/api`` is JSON with a short code and a message a person can read."""

import pytest


def _boom():
    raise RuntimeError("a bug")


@pytest.fixture
def admin_auth(app, auth, make):
    # Registered before the first request, as Flask requires; only this test app has it.
    app.add_url_rule("/api/v1/test-boom", "test_boom", _boom)
    make.team("Taken")
    make.user("worker", username="wes")
    make.user("admin", username="boss")
    auth.login("boss")
    return auth


def _signed_in_as(app, username):
    from .conftest import Auth

    other = Auth(app.test_client())
    other.login(username)
    return other


CASES = {
    400: lambda app, a: a.client.post(
        "/api/v1/teams",
        data="{not json",
        content_type="application/json",
        headers=a.headers(),
    ),
    401: lambda app, a: app.test_client().get("/api/v1/teams"),
    403: lambda app, a: _signed_in_as(app, "wes").post("/api/v1/teams", json={"name": "X"}),
    404: lambda app, a: a.get("/api/v1/teams/no-such-team"),
    405: lambda app, a: a.put("/api/v1/teams", json={"name": "X"}),
    409: lambda app, a: a.post("/api/v1/teams", json={"name": "Taken"}),
    413: lambda app, a: a.post("/api/v1/teams", json={"name": "x" * (1024 * 1024 + 1)}),
    422: lambda app, a: a.post("/api/v1/teams", json={"name": 42}),
    500: lambda app, a: a.get("/api/v1/test-boom"),
}


@pytest.mark.parametrize("status", sorted(CASES))
def test_api_errors_are_json_with_a_message(app, admin_auth, status):
    response = CASES[status](app, admin_auth)
    assert response.status_code == status
    assert response.is_json
    assert response.json["error"]
    assert isinstance(response.json["message"], str) and response.json["message"].strip()
    assert "<html" not in response.get_data(as_text=True).lower()


def test_validation_errors_name_the_field(admin_auth):
    response = admin_auth.post("/api/v1/teams", json={"name": 42})
    assert response.json["errors"] == {"name": ["Not a valid string."]}
    assert "name" in response.json["message"]


def test_405_says_which_methods_are_allowed(admin_auth):
    response = admin_auth.put("/api/v1/teams", json={})
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "POST"}


def test_500_does_not_reveal_the_exception(app, admin_auth):
    response = admin_auth.get("/api/v1/test-boom")
    assert "a bug" not in response.get_data(as_text=True)


def test_429_when_sign_in_is_rate_limited(app, make):
    app.config["FIELDBOOK_LOGIN_RATE_LIMIT"] = "1 per minute"
    client = app.test_client()
    body = {"username": "nobody", "password": "wrong"}
    assert client.post("/api/v1/auth/login", json=body).status_code == 401
    response = client.post("/api/v1/auth/login", json=body)
    assert response.status_code == 429
    assert response.is_json and response.json["error"] == "too_many_requests"
    assert response.json["message"]


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json["error"] == "not_found"
