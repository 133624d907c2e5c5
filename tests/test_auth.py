"""Sign-in, sign-out, who-am-I, CSRF, rate limits and deactivated users."""

from server.extensions import db


def test_login_answers_user_and_csrf_token_and_sets_httponly_cookie(client, make):
    user = make.user(role="worker", username="ana")
    response = client.post(
        "/api/v1/auth/login", json={"username": "ana", "password": "correct horse battery"}
    )
    assert response.status_code == 200
    assert response.json["user"] == {
        "id": user.id,
        "username": "ana",
        "display_name": user.display_name,
        "role": "worker",
        "team_id": user.team_id,
    }
    assert len(response.json["csrf_token"]) >= 32
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie


def test_me_recovers_the_same_csrf_token(auth, make):
    make.user(username="ana")
    token = auth.login("ana").json["csrf_token"]
    response = auth.get("/api/v1/auth/me")
    assert response.status_code == 200
    assert response.json["csrf_token"] == token


def test_me_without_session_is_401_json(client):
    response = client.get("/api/v1/auth/me")
    assert response.status_code == 401
    assert response.json["error"] == "unauthorized"


def test_wrong_password_is_401_and_unknown_user_looks_the_same(client, make):
    make.user(username="ana")
    wrong = client.post("/api/v1/auth/login", json={"username": "ana", "password": "nope"})
    unknown = client.post("/api/v1/auth/login", json={"username": "zed", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json == unknown.json


def test_logout_needs_csrf_header_then_ends_session(auth, make):
    make.user(username="ana")
    auth.login("ana")
    refused = auth.client.post("/api/v1/auth/logout")
    assert refused.status_code == 403
    assert refused.json["error"] == "csrf"
    assert auth.post("/api/v1/auth/logout").status_code == 204
    assert auth.get("/api/v1/auth/me").status_code == 401


def test_deactivated_user_is_refused_at_login_and_on_an_existing_session(auth, make, client):
    user = make.user(username="ana")
    auth.login("ana")
    user.active = False
    db.session.commit()
    assert auth.get("/api/v1/auth/me").status_code == 401
    response = client.post(
        "/api/v1/auth/login", json={"username": "ana", "password": "correct horse battery"}
    )
    assert response.status_code == 403


def test_login_is_rate_limited_per_username(app, make):
    make.user(username="ana")
    app.config["FIELDBOOK_LOGIN_RATE_LIMIT"] = "3 per minute"
    statuses = []
    for n in range(5):
        # A new address each time: only the per-username budget can stop this.
        client = app.test_client()
        response = client.post(
            "/api/v1/auth/login",
            json={"username": "ana", "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"10.0.0.{n}"},
        )
        statuses.append(response.status_code)
    assert statuses == [401, 401, 401, 429, 429]
    assert "try again" in response.json["message"]


def test_login_is_rate_limited_per_address(app, make):
    app.config["FIELDBOOK_LOGIN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    statuses = [
        client.post("/api/v1/auth/login", json={"username": f"u{n}", "password": "x"}).status_code
        for n in range(4)
    ]
    assert statuses == [401, 401, 401, 429]


def test_session_cookie_is_secure_when_the_request_came_over_https(client, make):
    make.user(username="ana")
    body = {"username": "ana", "password": "correct horse battery"}
    plain = client.post("/api/v1/auth/login", json=body)
    tls = client.post("/api/v1/auth/login", json=body, base_url="https://localhost")
    assert "Secure" not in plain.headers["Set-Cookie"]
    assert "Secure" in tls.headers["Set-Cookie"]


def test_behind_a_trusted_proxy_forwarded_https_makes_the_cookie_secure(app, make):
    from server import create_app

    make.user(username="ana")
    proxied = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "SECRET_KEY": "x",
            "FIELDBOOK_PROXY_COUNT": 1,
        }
    )
    body = {"username": "ana", "password": "correct horse battery"}
    forwarded = proxied.test_client().post(
        "/api/v1/auth/login", json=body, headers={"X-Forwarded-Proto": "https"}
    )
    ignored = app.test_client().post(
        "/api/v1/auth/login", json=body, headers={"X-Forwarded-Proto": "https"}
    )
    with proxied.app_context():
        db.engine.dispose()  # its pooled connection must not outlive the test
    assert "Secure" in forwarded.headers["Set-Cookie"]
    assert "Secure" not in ignored.headers["Set-Cookie"]


def test_a_copied_session_cookie_stops_working_after_sign_out(auth, make, app):
    make.user(username="ana")
    auth.login("ana")
    copy = app.test_client()
    cookie = auth.client.get_cookie("fieldbook_session")
    copy.set_cookie("fieldbook_session", cookie.value)
    assert copy.get("/api/v1/auth/me").status_code == 200
    assert auth.post("/api/v1/auth/logout").status_code == 204
    assert copy.get("/api/v1/auth/me").status_code == 401


def test_successful_sign_ins_do_not_use_up_the_login_budget(app, make):
    make.user(username="ana")
    app.config["FIELDBOOK_LOGIN_RATE_LIMIT"] = "3 per minute"
    client = app.test_client()
    body = {"username": "ana", "password": "correct horse battery"}
    statuses = [client.post("/api/v1/auth/login", json=body).status_code for _ in range(5)]
    assert statuses == [200] * 5
