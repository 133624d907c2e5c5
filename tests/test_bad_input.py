"""Input no honest client sends still gets a clear 4xx JSON answer, never a 500."""

import pytest

from .sync_helpers import DEVICE, new_mediation, new_visit, push


@pytest.fixture
def worker(auth, make):
    team = make.team()
    hood = make.neighborhood(team=team)
    make.user(username="ana", team=team)
    auth.login("ana")
    return hood


@pytest.mark.parametrize(
    "fields",
    [
        {"started_at": "9999-12-31T23:00:00-06:00"},
        {"started_at": "0001-01-01T00:00:00+05:00"},
        {"notes": "before\x00after"},
    ],
)
def test_an_unstorable_visit_is_rejected_by_field_and_the_batch_goes_through(auth, worker, fields):
    good = new_visit(worker)
    bad = new_visit(worker, **fields)
    response = push(auth, bad, good)
    assert response.status_code == 200
    rejected, applied = response.json["results"]
    assert rejected["status"] == "rejected" and set(rejected["errors"]) == set(fields)
    assert applied["status"] == "applied"


def test_a_mediation_at_the_end_of_time_is_rejected_not_a_crash(auth, worker):
    (result,) = push(auth, new_mediation(worker, occurred_at="9999-12-30T00:00:00+00:00")).json[
        "results"
    ]
    assert result["status"] == "rejected" and "occurred_at" in result["errors"]


def test_an_edited_at_out_of_range_is_rejected(auth, worker):
    mutation = new_visit(worker)
    mutation["edited_at"] = "9999-12-31T23:59:59-12:00"
    (result,) = push(auth, mutation).json["results"]
    assert result["status"] == "rejected" and "edited_at" in result["errors"]


def test_a_junk_collection_with_nul_is_rejected_and_logged_safely(auth, worker):
    mutation = new_visit(worker)
    mutation["collection"] = "vis\x00its"
    (result,) = push(auth, mutation).json["results"]
    assert result["status"] == "rejected" and "collection" in result["errors"]
    (again,) = push(auth, mutation).json["results"]
    assert again == result


@pytest.mark.parametrize("device_id", ["d\x00", "with space", ""])
def test_device_ids_must_be_printable(auth, worker, device_id):
    response = push(auth, new_visit(worker), device_id=device_id)
    assert response.status_code in (400, 422)
    assert "device_id" in response.json["errors"]
    pulled = auth.get("/api/v1/sync/pull", query_string={"device_id": device_id})
    assert pulled.status_code in (400, 422)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/visits?team_id=a%00",
        "/api/v1/visits/a%00b",
        "/api/v1/reviews?collection=visits&record_id=a%00",
        f"/api/v1/sync/pull?device_id={DEVICE}&cursor=a%00",
    ],
)
def test_nul_anywhere_in_the_url_is_400(auth, worker, url):
    response = auth.get(url)
    assert response.status_code == 400
    assert response.json["error"] == "bad_request"


def test_a_cursor_with_a_huge_number_is_400(auth, worker):
    import base64
    import json

    raw = json.dumps({"v": 1, "s": 0, "h": 10**30, "f": "x"}).encode()
    cursor = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    response = auth.get("/api/v1/sync/pull", query_string={"device_id": DEVICE, "cursor": cursor})
    assert response.status_code == 400
    assert "cursor" in response.json["errors"]


def test_a_huge_page_number_is_422_naming_page(auth, make):
    team = make.team()
    make.user(role="lead", username="lee", team=team)
    auth.login("lee")
    response = auth.get("/api/v1/visits?page=99999999999999999999")
    assert response.status_code == 422
    assert "page" in response.json["errors"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/visits?start=2026-11-01&end=9999-12-31",
        "/api/v1/reports/coverage?start=2026-11-01&end=9999-12-31",
        "/api/v1/reports/mediations?start=0001-01-01&end=2026-11-01",
        "/api/v1/exports/visits.csv?start=2026-11-01&end=9999-12-31",
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_4xx(auth, make, url):
    team = make.team()
    make.user(role="lead", username="lee", team=team)
    auth.login("lee")
    response = auth.get(url)
    assert 400 <= response.status_code < 500
    assert response.json["message"]


def test_a_login_name_with_nul_is_refused_naming_it(client):
    response = client.post("/api/v1/auth/login", json={"username": "a\x00", "password": "x"})
    assert response.status_code == 400
    assert "username" in response.json["errors"]


def test_admin_names_with_nul_are_4xx_not_500(auth, make):
    team = make.team()
    make.user(role="admin", username="root", team=team)
    auth.login("root")
    response = auth.post("/api/v1/teams", json={"name": "bad\x00team"})
    assert response.status_code == 400
    assert response.json["errors"] == {"name": ["Contains NUL."]}


def test_nul_deep_in_a_json_body_is_named_by_its_path(auth, make):
    team = make.team()
    make.user(role="admin", username="root", team=team)
    auth.login("root")
    body = {
        "name": "Ok",
        "code": "OK",
        "team_id": team.id,
        "geometry": None,
        "x": [1, {"y": "\x00"}],
    }
    response = auth.post("/api/v1/neighborhoods", json=body)
    assert response.status_code == 400
    assert response.json["errors"] == {"x.1.y": ["Contains NUL."]}
