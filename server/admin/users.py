"""Users: who may see whom, and the admin writes.

Ending sessions: deactivating a user or changing their password bumps ``session_version``, and
every request re-reads it (``server.auth.session``), so the user is signed out everywhere at once.
The roster is synced, so a change to what it shows (name, role, team) stamps the row with a new
``seq``; a changed role or team also changes the user's own scope, which the sync cursor notices.
"""

from sqlalchemy import func, select

from .. import permissions
from ..auth import hash_password
from ..changes import stamp
from ..extensions import db
from ..models import User
from ..scope_exits import record_exits
from . import commit_unique, found, refuse, require, team_filter, team_for_write, text

DUPLICATE = "This username is taken."
ROSTER_FIELDS = ("display_name", "role", "team_id", "active")


def list_users(actor, team_id: str | None = None) -> list[User]:
    """Admins: their organization's users (``team_id`` narrows); leads: their team; workers: 403."""
    require(actor.role in ("lead", "admin"), "Workers may not list users.")
    team_id = team_filter(actor, team_id)
    query = select(User).order_by(User.display_name, User.username)
    if permissions.is_admin(actor):
        query = query.where(User.organization_id == actor.organization_id)
    else:
        query = query.where(User.team_id == actor.team_id)
    if team_id is not None:
        query = query.where(User.team_id == team_id)
    return list(db.session.execute(query).scalars())


def get_user(actor, user_id: str) -> User:
    user = found(User, user_id, "user")
    require(permissions.can_read_user(actor, user))
    return user


def _unique_username(username: str) -> str:
    # Sign-in matches usernames case-insensitively, so "Ana" and "ana" would be one account.
    clash = db.session.execute(
        select(User.id).where(func.lower(User.username) == username.lower())
    ).first()
    if clash:
        refuse(409, DUPLICATE, "username")
    return username


def create_user(actor, data: dict) -> User:
    require(permissions.is_admin(actor), "Only admins create users.")
    team = team_for_write(actor, data["team_id"])
    user = User(
        username=_unique_username(data["username"]),
        display_name=text(data, "display_name"),
        role=data["role"],
        team_id=team.id,
        organization_id=team.organization_id,
        password_hash=hash_password(data["password"]),
        session_version=1,
    )
    db.session.add(user)
    stamp(user, new=True)
    commit_unique("username", DUPLICATE)
    return user


def _guard_self(actor, user: User, data: dict) -> None:
    # An admin who demotes or deactivates themselves can lock the organization out.
    if user.id != actor.id:
        return
    if data.get("active") is False:
        refuse(422, "You cannot deactivate your own account.", "active")
    if data.get("role", user.role) != user.role:
        refuse(422, "You cannot change your own role.", "role")


def update_user(actor, user_id: str, data: dict) -> User:
    user = found(User, user_id, "user")
    require(permissions.can_administer(actor, user.organization_id), "Only its org's admins.")
    _guard_self(actor, user, data)
    if "team_id" in data:
        data["team_id"] = team_for_write(actor, data["team_id"]).id
    text(data, "display_name")
    before = {name: getattr(user, name) for name in ROSTER_FIELDS}
    for name in ROSTER_FIELDS:
        if name in data:
            setattr(user, name, data[name])
    ends_sessions = before["active"] and not user.active
    if "password" in data:
        user.password_hash = hash_password(data["password"])
        ends_sessions = True
    if ends_sessions:
        user.session_version = (user.session_version or 1) + 1
    if any(getattr(user, name) != before[name] for name in ROSTER_FIELDS):
        stamp(user, new=False)
        record_exits(user, "users", before)
    db.session.commit()
    return user
