"""``/api/v1/reviews``: leads' notes on records and the queue of conflicts to look at.

A review is appended beside the record (DESIGN: "never an edit of the worker's record").
Resolving one clears the record's ``needs_review`` as an accepted server-side change (rev + 1,
new seq, history row) so that devices pull the cleared flag.
"""

from flask import request
from flask_smorest import Blueprint
from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select

from sync import review
from sync.collections import NOTES_MAX, WRITABLE, to_wire
from sync.scope import record_ref

from .. import permissions
from ..auth import current_user, login_required
from ..errors import error_response
from ..extensions import db
from ..models import Mediation, Review, Team, User, Visit, utcnow
from ..sync_store import SqlStore
from .sync import json_response, principal

blp = Blueprint("reviews", __name__, url_prefix="/api/v1", description="Reviews of records")
MODELS = {"visits": Visit, "mediations": Mediation}


class ReviewSchema(Schema):
    collection = fields.String(required=True, validate=validate.OneOf(WRITABLE))
    record_id = fields.String(required=True, validate=validate.Length(min=1, max=36))
    note = fields.String(load_default="", validate=validate.Length(max=NOTES_MAX))
    resolve = fields.Boolean(load_default=False)

    @validates_schema
    def _says_something(self, data, **kwargs):
        if not data.get("resolve") and not data.get("note", "").strip():
            raise ValidationError("Write a note, or resolve the conflict.", "note")


class RecordQuerySchema(Schema):
    collection = fields.String(required=True, validate=validate.OneOf(WRITABLE))
    record_id = fields.String(required=True, validate=validate.Length(min=1, max=36))


def _iso(moment):
    return moment.isoformat() + "+00:00"


def _review_json(row: Review, reviewer_name: str | None) -> dict:
    return {
        "id": row.id,
        "collection": row.collection,
        "record_id": row.record_id,
        "reviewer_id": row.reviewer_id,
        "reviewer_name": reviewer_name,
        "note": row.note,
        "resolves_conflict": row.resolves_conflict,
        "created_at": _iso(row.created_at),
    }


@blp.route("/reviews/conflicts", methods=["GET"])
@login_required
def conflicts():
    """Records flagged ``needs_review``: a lead's team, or any team of an admin's organization."""
    user = current_user()
    team_id = request.args.get("team_id") or (None if user.role == "admin" else user.team_id)
    if team_id is not None:
        team = db.session.get(Team, team_id)
        if team is None:
            return error_response(404, "No such team.")
        if not permissions.can_lead_team(user, team.id, team.organization_id):
            return error_response(403, "Only the team's leads and admins see its conflicts.")
    elif not permissions.is_admin(user):
        return error_response(403, "Only leads and admins see conflicts.")
    store = SqlStore(db.session)
    found = []
    for collection, model in MODELS.items():
        query = select(model.id).where(model.needs_review.is_(True))
        if team_id is not None:
            query = query.where(model.team_id == team_id)
        else:
            query = query.where(model.organization_id == user.organization_id)
        ids = db.session.execute(query).scalars().all()
        for row in store.records(collection, ids).values():
            found.append(_conflict_json(collection, row))
    found.sort(key=lambda c: c["updated_at"], reverse=True)
    return json_response({"conflicts": found})


def _conflict_json(collection: str, row: dict) -> dict:
    return {
        "collection": collection,
        "record_id": row["id"],
        "rev": row["rev"],
        "deleted": row["deleted"],
        "data": None if row["deleted"] else to_wire(collection, row),
        "worker_id": row["worker_id"],
        "team_id": row["team_id"],
        "updated_at": _iso(row["updated_at"]),
    }


@blp.route("/reviews", methods=["POST"])
@login_required
@blp.arguments(ReviewSchema)
def add_review(body):
    """Append a lead's note to a record; with ``resolve``, clear its ``needs_review`` flag."""
    who = principal()
    store = SqlStore(db.session)
    collection, record_id = body["collection"], body["record_id"]
    try:
        if body["resolve"]:
            change = review.resolve(store, permissions, who, collection, record_id, utcnow())
            row = store.records(collection, [record_id])[record_id]
        else:
            change = None
            row = review.load_for_lead(store, permissions, who, collection, record_id)
    except review.NotFound as exc:
        return error_response(404, str(exc))
    except review.Forbidden as exc:
        return error_response(403, str(exc))
    note = Review(
        collection=collection,
        record_id=record_id,
        team_id=row["team_id"],
        reviewer_id=who.id,
        note=body["note"],
        resolves_conflict=change is not None,
        created_at=utcnow(),
    )
    db.session.add(note)
    db.session.commit()
    reviewer = current_user()
    return json_response(
        {"review": _review_json(note, reviewer.display_name), "record": change}, 201
    )


@blp.route("/reviews", methods=["GET"])
@login_required
@blp.arguments(RecordQuerySchema, location="query")
def list_reviews(query):
    """A record's review notes, oldest first: its author, their leads and admins read them."""
    collection, record_id = query["collection"], query["record_id"]
    row = SqlStore(db.session).records(collection, [record_id]).get(record_id)
    if row is None:
        return error_response(404, "No such record.")
    if not permissions.can_read_record(current_user(), record_ref(row)):
        return error_response(403, "You may not read this record.")
    rows = db.session.execute(
        select(Review, User.display_name)
        .join(User, User.id == Review.reviewer_id)
        .where(Review.collection == collection, Review.record_id == record_id)
        .order_by(Review.created_at, Review.id)
    ).all()
    return json_response({"reviews": [_review_json(r, name) for r, name in rows]})
