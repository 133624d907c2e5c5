"""``/api/v1/sync``: push and pull (DESIGN, "Sync protocol 1"), and a record's history/restore.

Thin views: parse, call ``sync`` over the SQL store, commit, answer. Bodies are built as
plain dicts and dumped once, no per-record schema on the way out: pull pages of 1,000.
"""

import orjson
from flask import Response, current_app, request
from flask_smorest import Blueprint
from marshmallow import ValidationError

from sync import MAX_BODY_BYTES, MAX_MUTATIONS, engine, review
from sync import pull as pull_module
from sync.cursor import BadCursor
from sync.protocol import (
    ProtocolMismatch,
    PullQuerySchema,
    PullResponseSchema,
    PushRequestSchema,
    PushResponseSchema,
    check_protocol,
)
from sync.scope import Principal, record_ref

from .. import permissions
from ..auth import current_user, login_required
from ..errors import error_response
from ..extensions import db
from ..models import utcnow
from ..sync_store import SqlStore

blp = Blueprint("sync", __name__, url_prefix="/api/v1", description="Sync protocol 1")
PUSH_REQUEST = PushRequestSchema()
PULL_QUERY = PullQuerySchema()
RECORDS = "<any(visits, mediations):collection>/<record_id>"
TOO_LARGE = "The request is too large: at most 1 MiB and 500 mutations per request."


def principal() -> Principal:
    user = current_user()
    return permissions.principal_of(user)


def json_response(body, status: int = 200) -> Response:
    """Dump with orjson: a pull page of 1,000 records is ~400 kB, 6x faster than ``json``."""
    return Response(orjson.dumps(body), status, mimetype="application/json")


def _push_body():
    """The validated push body, or an error response."""
    if (request.content_length or 0) > MAX_BODY_BYTES:
        return None, error_response(413, TOO_LARGE)
    try:
        body = orjson.loads(request.get_data())
    except orjson.JSONDecodeError:
        body = None
    if not isinstance(body, dict):
        return None, error_response(400, "The body must be a JSON object.")
    try:
        check_protocol(body)
    except ProtocolMismatch as exc:
        if exc.older:
            return None, error_response(409, str(exc), code="upgrade_required")
        return None, error_response(400, str(exc), {"protocol": [str(exc)]})
    if isinstance(body.get("mutations"), list) and len(body["mutations"]) > MAX_MUTATIONS:
        return None, error_response(413, TOO_LARGE)
    errors = PUSH_REQUEST.validate(body)
    if errors:
        return None, invalid(errors)
    return body, None


def invalid(errors: dict) -> Response:
    """400 naming the bad fields (DESIGN: a malformed body gets 400, not 422)."""
    return error_response(400, "Invalid input: " + ", ".join(sorted(errors)) + ".", errors)


@blp.route("/sync/push", methods=["POST"])
@blp.doc(
    requestBody={"content": {"application/json": {"schema": PushRequestSchema}}},
    responses={"200": {"content": {"application/json": {"schema": PushResponseSchema}}}},
)
@login_required
def push():
    """Apply a device's mutations exactly once; one result per mutation, in order."""
    body, problem = _push_body()
    if problem is not None:
        return problem
    who = principal()
    now = utcnow()
    store = SqlStore(db.session)
    context = engine.PushContext(
        who, body["device_id"], now, current_app.config["FIELDBOOK_TIMEZONE"], permissions
    )
    results = engine.push(store, context, body["mutations"])
    store.touch_device(who.id, body["device_id"], now, push=True)
    db.session.commit()
    return json_response({"results": results})


@blp.route("/sync/pull", methods=["GET"])
@blp.doc(responses={"200": {"content": {"application/json": {"schema": PullResponseSchema}}}})
@login_required
def pull():
    """The user's in-scope changes since ``cursor``, by seq, ``limit`` at a time."""
    try:
        query = PULL_QUERY.load(request.args)
        check_protocol(query)
    except ValidationError as exc:
        return invalid(exc.messages)
    except ProtocolMismatch as exc:
        if exc.older:
            return error_response(409, str(exc), code="upgrade_required")
        return error_response(400, str(exc), {"protocol": [str(exc)]})
    who = principal()
    store = SqlStore(db.session)
    try:
        answer = pull_module.pull(store, who, query.get("cursor"), query["limit"], permissions)
    except BadCursor as exc:
        return error_response(400, str(exc), {"cursor": [str(exc)]})
    if answer.get("has_more") is False:
        # A pull succeeds when the device has caught up: one write per sync, not per page.
        store.touch_device(who.id, query["device_id"], utcnow(), push=False)
        db.session.commit()
    return json_response(answer)


def _iso(moment):
    return None if moment is None else moment.isoformat() + "+00:00"


@blp.route(f"/{RECORDS}/history", methods=["GET"])
@login_required
def history(collection, record_id):
    """Every accepted change of a visit or mediation, oldest first, with values that lost."""
    store = SqlStore(db.session)
    row = store.records(collection, [record_id]).get(record_id)
    if row is None:
        return error_response(404, "No such record.")
    if not permissions.can_read_record(current_user(), record_ref(row)):
        return error_response(403, "You may not read this record.")
    entries = [
        {
            "rev": h["rev"],
            "op": h["op"],
            "status": h["status"],
            "data": h["data"],
            "incoming": h["incoming"],
            "lost": h["lost"],
            "user_id": h["user_id"],
            "device_id": h["device_id"],
            "mutation_id": h["mutation_id"],
            "edited_at": _iso(h["edited_at"]),
            "received_at": _iso(h["received_at"]),
        }
        for h in store.history(collection, record_id)
    ]
    return json_response({"collection": collection, "record_id": record_id, "history": entries})


@blp.route(f"/{RECORDS}/restore", methods=["POST"])
@login_required
def restore(collection, record_id):
    """Lead/admin: bring a deleted record back as it was at a history ``rev`` (default: last)."""
    body = request.get_json(force=True, silent=True)
    body = {} if body is None else body
    rev = body.get("rev") if isinstance(body, dict) else ...
    if rev is ... or (rev is not None and (type(rev) is not int or rev < 1)):
        return error_response(400, "Invalid input: rev.", {"rev": ["Must be a positive integer."]})
    try:
        change = review.restore(
            SqlStore(db.session), permissions, principal(), collection, record_id, rev, utcnow()
        )
    except review.NotFound as exc:
        return error_response(404, str(exc))
    except review.Forbidden as exc:
        return error_response(403, str(exc))
    except review.Refused as exc:
        return error_response(409, str(exc))
    db.session.commit()
    return json_response(change)
