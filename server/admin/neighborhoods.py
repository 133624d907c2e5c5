"""Neighborhoods: who sees which, and the admin writes (each one stamps the synced row)."""

from sqlalchemy import select

from .. import permissions
from ..changes import stamp
from ..extensions import db
from ..models import Neighborhood
from ..scope_exits import record_exits
from . import commit_unique, found, refuse, require, team_filter, team_for_write, text

DUPLICATE = "This team already has a neighborhood with this code."
FIELDS = (
    "team_id",
    "name",
    "code",
    "geometry",
    "target_visits_per_week",
    "priority",
    "program_started_on",
)


def list_neighborhoods(actor, team_id: str | None = None) -> list[Neighborhood]:
    """Workers and leads: their team's; admins: their organization's (``team_id`` narrows)."""
    team_id = team_filter(actor, team_id)
    query = select(Neighborhood).where(Neighborhood.deleted.is_(False))
    if permissions.is_admin(actor):
        query = query.where(Neighborhood.organization_id == actor.organization_id)
    else:
        query = query.where(Neighborhood.team_id == actor.team_id)
    if team_id is not None:
        query = query.where(Neighborhood.team_id == team_id)
    query = query.order_by(Neighborhood.priority, Neighborhood.name, Neighborhood.code)
    return list(db.session.execute(query).scalars())


def get_neighborhood(actor, neighborhood_id: str) -> Neighborhood:
    neighborhood = found(Neighborhood, neighborhood_id, "neighborhood")
    require(permissions.can_read_team(actor, neighborhood.team_id, neighborhood.organization_id))
    return neighborhood


def _unique_code(team_id: str, code: str, neighborhood_id: str | None = None) -> None:
    clash = db.session.execute(
        select(Neighborhood.id).where(
            Neighborhood.team_id == team_id,
            Neighborhood.code == code,
            Neighborhood.id != (neighborhood_id or ""),
        )
    ).first()
    if clash:
        refuse(409, DUPLICATE, "code")


def _clean(data: dict) -> dict:
    text(data, "name")
    text(data, "code")
    return data


def create_neighborhood(actor, data: dict) -> Neighborhood:
    require(permissions.is_admin(actor), "Only admins create neighborhoods.")
    data = _clean(data)
    team = team_for_write(actor, data["team_id"])
    _unique_code(team.id, data["code"])
    neighborhood = Neighborhood(organization_id=team.organization_id)
    for name in FIELDS:
        setattr(neighborhood, name, data[name])
    db.session.add(neighborhood)
    stamp(neighborhood, new=True)
    commit_unique("code", DUPLICATE)
    return neighborhood


def update_neighborhood(actor, neighborhood_id: str, data: dict) -> Neighborhood:
    neighborhood = found(Neighborhood, neighborhood_id, "neighborhood")
    require(
        permissions.can_administer(actor, neighborhood.organization_id), "Only its org's admins."
    )
    data = _clean(data)
    if "team_id" in data:
        data["team_id"] = team_for_write(actor, data["team_id"]).id
    if "team_id" in data or "code" in data:
        _unique_code(
            data.get("team_id", neighborhood.team_id),
            data.get("code", neighborhood.code),
            neighborhood.id,
        )
    before = {"team_id": neighborhood.team_id, "organization_id": neighborhood.organization_id}
    changed = False
    for name in FIELDS:
        if name in data and getattr(neighborhood, name) != data[name]:
            setattr(neighborhood, name, data[name])
            changed = True
    if changed:
        stamp(neighborhood, new=False)
        record_exits(neighborhood, "neighborhoods", before)
    commit_unique("code", DUPLICATE)
    return neighborhood
