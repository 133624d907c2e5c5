"""Setting up a deployment: organizations, teams, users, neighborhoods and assignments.

The ``fieldbook`` set-up commands are thin wrappers over these functions. Each checks all of
its input before it writes anything and commits once, so bad input (an unknown team, one bad
feature among fifty, one unknown code) changes nothing: a half-done import would leave an
admin guessing what got in.
"""

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .auth import hash_password
from .changes import stamp, take_seqs
from .extensions import db
from .geojson import read_feature_collection
from .models import Assignment, Neighborhood, Organization, Team, User
from .models.org import ROLES

#: Shorter passwords are refused: a stolen phone must not give up a worker's account quickly.
PASSWORD_MIN_LENGTH = 10


class SetupError(ValueError):
    """Input a set-up step refuses; the message is one line for the person at the terminal."""


def _name(value: str, what: str, limit: int = 120) -> str:
    value = (value or "").strip()
    if not value:
        raise SetupError(f"{what} must not be empty")
    if len(value) > limit:
        raise SetupError(f"{what} is longer than {limit} characters")
    return value


def _commit(what: str) -> None:
    """Commit; a unique constraint lost to a concurrent writer is reported like a duplicate."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise SetupError(f"{what} conflicts with an existing one; nothing was changed") from None


def find_organization(name: str) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        raise SetupError(f"unknown organization {name!r}")
    return org


def find_team(name: str) -> Team:
    team = db.session.scalar(select(Team).where(Team.name == name))
    if team is None:
        raise SetupError(f"unknown team {name!r}")
    return team


def create_org(name: str) -> Organization:
    """A new organization; names are unique (compared without regard to case)."""
    name = _name(name, "organization name")
    taken = select(Organization.id).where(func.lower(Organization.name) == name.lower())
    if db.session.scalar(taken):
        raise SetupError(f"organization {name!r} already exists")
    org = Organization(name=name)
    db.session.add(org)
    _commit(f"organization {name!r}")
    return org


def create_team(name: str, org_name: str) -> Team:
    """A new team of an organization; team names are unique across the deployment."""
    name = _name(name, "team name")
    org = find_organization(org_name)
    if db.session.scalar(select(Team.id).where(func.lower(Team.name) == name.lower())):
        raise SetupError(f"team {name!r} already exists")
    team = Team(name=name, organization_id=org.id)
    db.session.add(team)
    _commit(f"team {name!r}")
    return team


def check_password(password: str) -> str:
    if not password:
        raise SetupError("the password is empty")
    if len(password) < PASSWORD_MIN_LENGTH:
        raise SetupError(f"the password is shorter than {PASSWORD_MIN_LENGTH} characters")
    return password


def create_user(
    username: str, role: str, team_name: str, password: str, display_name: str | None = None
) -> User:
    """A new user of a team (admins too belong to a team, which places them in its org)."""
    username = _name(username, "username", 80)
    if any(c.isspace() for c in username):
        raise SetupError("a username must not contain spaces")
    if role not in ROLES:
        raise SetupError(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    team = find_team(team_name)
    display_name = _name(display_name or username, "display name")
    check_password(password)
    taken = select(User.id).where(func.lower(User.username) == username.lower())
    if db.session.scalar(taken):
        raise SetupError(f"user {username!r} already exists")
    user = User(
        username=username,
        display_name=display_name,
        role=role,
        team_id=team.id,
        organization_id=team.organization_id,
        password_hash=hash_password(password),
    )
    db.session.add(user)
    stamp(user, new=True)
    _commit(f"user {username!r}")
    return user


def import_neighborhoods(collection, team_name: str) -> list[Neighborhood]:
    """The neighborhoods of a GeoJSON FeatureCollection, all added to a team, or none.

    Raises :class:`~server.geojson.GeoJSONError` for a bad feature, :class:`SetupError` for
    an unknown team or a code the team already has.
    """
    team = find_team(team_name)
    found = read_feature_collection(collection)
    codes = [n["code"] for n in found]
    existing = db.session.scalars(
        select(Neighborhood.code).where(
            Neighborhood.team_id == team.id, Neighborhood.code.in_(codes)
        )
    ).all()
    if existing:
        taken = ", ".join(sorted(existing))
        raise SetupError(f"team {team.name!r} already has neighborhood code(s) {taken}")
    rows = [
        Neighborhood(team_id=team.id, organization_id=team.organization_id, rev=1, **fields)
        for fields in found
    ]
    first = take_seqs(len(rows))
    for offset, row in enumerate(rows):
        row.seq = first + offset
    db.session.add_all(rows)
    _commit(f"a neighborhood of team {team.name!r}")
    return rows


def assign(username: str, codes: list[str], starts_on: date) -> list[Assignment]:
    """Mark neighborhoods of the worker's team as the worker's own, from ``starts_on``.

    A neighborhood already assigned to the worker (open-ended) is left as it is. Each new
    assignment stamps its neighborhood, so devices pull the changed marks.
    """
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise SetupError(f"unknown user {username!r}")
    if user.role != "worker":
        raise SetupError(f"user {username!r} is a {user.role}, not a worker")
    codes = list(dict.fromkeys(c.strip() for c in codes))
    if not codes or not all(codes):
        raise SetupError("give at least one neighborhood code")
    by_code = {
        n.code: n
        for n in db.session.scalars(
            select(Neighborhood).where(
                Neighborhood.team_id == user.team_id,
                Neighborhood.code.in_(codes),
                Neighborhood.deleted.is_(False),
            )
        )
    }
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise SetupError(
            f"no neighborhood {', '.join(unknown)} in team {user.team.name!r} of {username!r}"
        )
    held = set(
        db.session.scalars(
            select(Assignment.neighborhood_id).where(
                Assignment.user_id == user.id, Assignment.ends_on.is_(None)
            )
        )
    )
    made = []
    for code in codes:
        neighborhood = by_code[code]
        if neighborhood.id in held:
            continue
        made.append(
            Assignment(user_id=user.id, neighborhood_id=neighborhood.id, starts_on=starts_on)
        )
        stamp(neighborhood, new=False)
    db.session.add_all(made)
    _commit(f"an assignment of {username!r}")
    return made
