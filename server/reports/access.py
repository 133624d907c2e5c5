"""Who may read a team's reports and exports: the views ask here, and here asks permissions."""

from functools import wraps

from flask import abort

from ..auth import current_user
from ..extensions import db
from ..models import Team
from ..permissions import can_lead_team, can_read_region


def leads_only(view):
    """401 without a session; 403 unless the user may lead at least their own team.

    Checked before the query arguments are parsed, so a worker hears 403 whatever they ask.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            abort(401, "Sign in first.")
        if not can_lead_team(user, user.team_id, user.organization_id):
            abort(403, "Reports and exports are for team leads and admins.")
        return view(*args, **kwargs)

    return wrapper


def region_only(view):
    """401 without a session; 403 unless the user may read the region-wide aggregates."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        user = current_user()
        if user is None:
            abort(401, "Sign in first.")
        if not can_read_region(user):
            abort(403, "The region view is for admins.")
        return view(*args, **kwargs)

    return wrapper


def team_for(team_id: str | None) -> Team:
    """The team a report is about: ``team_id`` or the user's own, if they may lead it."""
    user = current_user()
    team = db.session.get(Team, team_id or user.team_id)
    if team is None:
        abort(404, "No such team.")
    if not can_lead_team(user, team.id, team.organization_id):
        abort(403, "You may not read this team's reports.")
    return team
