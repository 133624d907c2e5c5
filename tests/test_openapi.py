"""The OpenAPI document at ``/api/openapi.json`` lists every endpoint of the API."""

import re

import pytest

from server import create_app

#: The endpoints this API promises (DESIGN and the admin/read API), as OpenAPI paths.
PROMISED = {
    "/api/v1/auth/login": {"post"},
    "/api/v1/auth/logout": {"post"},
    "/api/v1/auth/me": {"get"},
    "/api/v1/teams": {"get", "post"},
    "/api/v1/teams/{team_id}": {"get", "patch"},
    "/api/v1/users": {"get", "post"},
    "/api/v1/users/{user_id}": {"get", "patch"},
    "/api/v1/neighborhoods": {"get", "post"},
    "/api/v1/neighborhoods/{neighborhood_id}": {"get", "patch"},
    "/api/v1/assignments": {"get", "post"},
    "/api/v1/assignments/{assignment_id}": {"get", "patch", "delete"},
    "/api/v1/visits": {"get"},
    "/api/v1/visits/{record_id}": {"get"},
    "/api/v1/mediations": {"get"},
    "/api/v1/mediations/{record_id}": {"get"},
}
#: What flask-smorest serves about the API itself.
SELF = {"/api/openapi.json"}


@pytest.fixture(scope="module")
def app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "t"})


@pytest.fixture(scope="module")
def spec(app):
    response = app.test_client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_the_document_lists_every_promised_endpoint(spec):
    listed = {
        path: set(ops) & {"get", "post", "patch", "put", "delete"}
        for path, ops in spec["paths"].items()
    }
    missing = {path: methods - listed.get(path, set()) for path, methods in PROMISED.items()}
    assert {path: m for path, m in missing.items() if m} == {}


def test_every_route_under_api_is_in_the_document(app, spec):
    unlisted = []
    for rule in app.url_map.iter_rules():
        path = _openapi_path(rule.rule)
        if not path.startswith("/api") or path in SELF:
            continue
        documented = spec["paths"].get(path, {})
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if method.lower() not in documented:
                unlisted.append(f"{method} {path}")
    assert unlisted == []


def test_every_operation_has_a_summary_from_the_view_docstring(spec):
    bare = [
        f"{method.upper()} {path}"
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
        if method in {"get", "post", "patch", "put", "delete"} and not operation.get("summary")
    ]
    assert bare == []


def test_list_filters_are_documented_as_query_parameters(spec):
    params = {p["name"] for p in spec["paths"]["/api/v1/visits"]["get"]["parameters"]}
    assert {"team_id", "neighborhood_id", "worker_id", "start", "end", "kind"} <= params
    assert {"include_deleted", "page", "page_size"} <= params


def test_the_document_says_how_to_authenticate(spec):
    schemes = spec["components"]["securitySchemes"]
    assert schemes["session"] == {"type": "apiKey", "in": "cookie", "name": "fieldbook_session"}
    assert schemes["csrf"]["name"] == "X-CSRF-Token"
    assert spec["security"] == [{"session": [], "csrf": []}]
