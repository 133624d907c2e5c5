"""Teams: read scope and the admin writes (a team belongs to its admin's organization)."""

from sqlalchemy import func, select

from .. import permissions
from ..extensions import db
from ..models import Team
from . import commit_unique, found, refuse, require, text

DUPLICATE = "A team with this name already exists."


def list_teams(actor) -> list[Team]:
    """Admins: every team of their organization; leads and workers: their own team."""
    query = select(Team).order_by(Team.name)
    if permissions.is_admin(actor):
        query = query.where(Team.organization_id == actor.organization_id)
    else:
        query = query.where(Team.id == actor.team_id)
    return list(db.session.execute(query).scalars())


def get_team(actor, team_id: str) -> Team:
    team = found(Team, team_id, "team")
    require(permissions.can_read_team(actor, team.id, team.organization_id))
    return team


def _unique_name(name: str, team_id: str | None = None) -> str:
    # Team names are unique across the region: the CLI and people name teams by them.
    clash = db.session.execute(
        select(Team.id).where(func.lower(Team.name) == name.lower(), Team.id != (team_id or ""))
    ).first()
    if clash:
        refuse(409, DUPLICATE, "name")
    return name


def create_team(actor, data: dict) -> Team:
    require(permissions.is_admin(actor), "Only admins create teams.")
    team = Team(name=_unique_name(text(data, "name")), organization_id=actor.organization_id)
    db.session.add(team)
    commit_unique("name", DUPLICATE)
    return team


def update_team(actor, team_id: str, data: dict) -> Team:
    team = found(Team, team_id, "team")
    require(permissions.can_administer(actor, team.organization_id), "Only its org's admins.")
    if text(data, "name") is not None:
        team.name = _unique_name(data["name"], team.id)
    commit_unique("name", DUPLICATE)
    return team
