"""Helpers for the sync tests: build mutations, push them, pull everything."""

import uuid

DEVICE = "7f1c0c9e-0000-4000-8000-000000000001"
EDITED = "2026-11-20T22:41:00-06:00"


def new_id() -> str:
    return str(uuid.uuid4())


def mutation(
    record_id=None,
    *,
    op="upsert",
    base_rev=None,
    data=None,
    collection="visits",
    edited_at=EDITED,
    mutation_id=None,
):
    m = {
        "mutation_id": mutation_id or new_id(),
        "collection": collection,
        "record_id": record_id or new_id(),
        "op": op,
        "base_rev": base_rev,
        "edited_at": edited_at,
    }
    if op == "upsert":
        m["data"] = data if data is not None else {}
    return m


def new_visit(neighborhood, record_id=None, **fields):
    data = {"neighborhood_id": neighborhood.id, "started_at": "2026-11-20T22:00:00-06:00"}
    data.update(fields)
    return mutation(record_id, data=data)


def new_mediation(neighborhood, record_id=None, **fields):
    data = {
        "neighborhood_id": neighborhood.id,
        "occurred_at": "2026-11-20T22:00:00-06:00",
        "conflict_type": "group",
        "risk_level": "high",
        "outcome": "temporarily_resolved",
    }
    data.update(fields)
    return mutation(record_id, data=data, collection="mediations")


def push(auth, *mutations, device_id=DEVICE, protocol=1):
    body = {"protocol": protocol, "device_id": device_id, "mutations": list(mutations)}
    return auth.post("/api/v1/sync/push", json=body)


def push_ok(auth, *mutations, **kw):
    response = push(auth, *mutations, **kw)
    assert response.status_code == 200, response.json
    return response.json["results"]


def pull(auth, cursor=None, limit=None, device_id=DEVICE):
    params = {"device_id": device_id}
    if cursor:
        params["cursor"] = cursor
    if limit:
        params["limit"] = limit
    return auth.get("/api/v1/sync/pull", query_string=params)


def pull_all(auth, cursor=None, limit=None, device_id=DEVICE):
    """Every page from ``cursor``: ``(changes, last cursor)``."""
    changes = []
    while True:
        response = pull(auth, cursor, limit, device_id)
        assert response.status_code == 200, response.json
        body = response.json
        assert "reset" not in body, body
        changes.extend(body["changes"])
        cursor = body["cursor"]
        if not body["has_more"]:
            return changes, cursor


def by_id(changes, collection=None):
    return {
        c["record_id"]: c for c in changes if collection is None or c["collection"] == collection
    }


def sign_in(auth, user):
    """Sign ``auth``'s client in as ``user`` without the (deliberately slow) password check."""
    with auth.client.session_transaction() as session:
        session["uid"], session["ver"], session["csrf"] = user.id, user.session_version, "t" * 32
    auth.csrf = "t" * 32
    return auth


def signed_in(app, user):
    """A new client signed in as ``user``."""
    from .conftest import Auth

    return sign_in(Auth(app.test_client()), user)
