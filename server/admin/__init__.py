"""Business rules of the admin API, as plain functions views call and tests call directly.

Each rule raises the HTTP error it means (through :func:`refuse`), so a view stays one call:
403 for what the actor may not do, 404 for an unknown id, 409 for a duplicate, 422 for a bad
reference in a body, always naming the field.
"""

from typing import NoReturn

from flask_smorest import abort
from sqlalchemy.exc import IntegrityError

from .. import permissions
from ..extensions import db
from ..models import Team


def refuse(status: int, message: str, field: str | None = None) -> NoReturn:
    """Stop the request with a JSON error; ``field`` names the input at fault."""
    if field:
        abort(status, message=message, messages={field: [message]})
    abort(status, message=message)


def commit_unique(field: str, message: str) -> None:
    """Commit; a unique constraint that a concurrent request won first is a 409, not a 500."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        refuse(409, message, field)


def text(data: dict, field: str) -> str | None:
    """``data[field]`` stripped; blank is a 422 naming the field (None when absent)."""
    if field not in data:
        return None
    value = data[field].strip()
    if not value:
        refuse(422, "This field may not be blank.", field)
    data[field] = value
    return value


def require(allowed: bool, message: str = "You may not do this.") -> None:
    """403 unless ``allowed``."""
    if not allowed:
        refuse(403, message)


def found(model, record_id: str, what: str):
    """The row with this id, or 404."""
    row = db.session.get(model, record_id)
    if row is None:
        refuse(404, f"No {what} with this id.")
    return row


def referenced(model, record_id: str, field: str, what: str):
    """The row a request body names, or 422 naming the field."""
    row = db.session.get(model, record_id) if record_id else None
    if row is None:
        refuse(422, f"Unknown {what}.", field)
    return row


def team_for_write(actor, team_id: str, field: str = "team_id") -> Team:
    """A team named in an admin write: it must exist (422) and be in the actor's org (403)."""
    team = referenced(Team, team_id, field, "team")
    require(
        permissions.can_administer(actor, team.organization_id),
        "Only admins of the team's organization may do this.",
    )
    return team


def team_filter(actor, team_id: str | None) -> str | None:
    """A ``team_id`` query filter: unknown is 404, outside what the actor may read is 403."""
    if team_id is None:
        return None
    team = found(Team, team_id, "team")
    require(
        permissions.can_read_team(actor, team.id, team.organization_id),
        "This team is outside what you may see.",
    )
    return team.id
