"""Reading visits and mediations: scope, filters and pages (no write path here: sync only).

Scope (DESIGN, "Scope"): a worker reads their own records, a lead the team's, an admin the
organization's. Date filters are local dates in ``FIELDBOOK_TIMEZONE``, both included; they
become UTC instants here, since the database stores instants as naive UTC.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from .. import permissions
from ..extensions import db
from ..models import Mediation, Visit
from ..schemas.pagination import paginate
from . import found, require, team_filter

#: The time column each collection's date filters and order use.
WHEN = {Visit: "started_at", Mediation: "occurred_at"}
#: The equality filters each collection accepts, beyond the shared ones.
EXTRA_FILTERS = {Visit: ("kind",), Mediation: ("outcome", "risk_level")}


def local_day_start(day: date, zone: str) -> datetime:
    """The UTC instant (naive) at which ``day`` begins in ``zone``; DST days included."""
    start = datetime.combine(day, time.min, tzinfo=ZoneInfo(zone))
    return start.astimezone(UTC).replace(tzinfo=None)


def _scoped(model, actor, team_id: str | None):
    query = select(model)
    if actor.role == "worker":
        query = query.where(model.worker_id == actor.id)
    elif permissions.is_admin(actor):
        query = query.where(model.organization_id == actor.organization_id)
    else:
        query = query.where(model.team_id == actor.team_id)
    team_id = team_filter(actor, team_id)
    if team_id is not None:
        query = query.where(model.team_id == team_id)
    return query


def list_records(model, actor, args: dict) -> dict:
    """One page of ``model`` rows within ``actor``'s scope, newest first."""
    query = _scoped(model, actor, args.get("team_id"))
    for name in ("neighborhood_id", "worker_id", *EXTRA_FILTERS[model]):
        if args.get(name) is not None:
            query = query.where(getattr(model, name) == args[name])
    if not args.get("include_deleted"):
        query = query.where(model.deleted.is_(False))
    when = getattr(model, WHEN[model])
    zone = current_app.config["FIELDBOOK_TIMEZONE"]
    if args.get("start"):
        query = query.where(when >= local_day_start(args["start"], zone))
    if args.get("end"):
        query = query.where(when < local_day_start(args["end"] + timedelta(days=1), zone))
    query = query.order_by(when.desc(), model.id)
    return paginate(db.session, query, args["page"], args["page_size"])


def get_record(model, actor, record_id: str):
    """One record: its author, their team's leads, their organization's admins."""
    record = found(model, record_id, model.__name__.lower())
    require(permissions.can_read_record(actor, record))
    return record
