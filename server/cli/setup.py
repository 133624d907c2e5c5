"""Set-up commands: organizations, teams, users, neighborhoods and assignments.

Thin wrappers over :mod:`server.setup_ops`: they parse the command line, call one function,
and turn its refusal into one line on standard error and exit status 1 (``fail``).
"""

import json
import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from .. import setup_ops
from ..extensions import db
from ..geojson import GeoJSONError
from ..models.org import ROLES
from . import fail


def _run(operation, *args, **kwargs):
    try:
        return operation(*args, **kwargs)
    except (setup_ops.SetupError, GeoJSONError) as error:
        db.session.rollback()
        fail(str(error))
    except DBAPIError as error:
        db.session.rollback()
        fail(database_problem(error))


def database_problem(error: DBAPIError) -> str:
    """One line for a database that is unreachable or has no schema yet."""
    detail = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
    return f"database error: {detail} (has `fieldbook init-db` been run?)"


@click.command("create-org")
@click.argument("name")
@with_appcontext
def create_org(name):
    """Create an organization (an agency) called NAME."""
    org = _run(setup_ops.create_org, name)
    click.echo(f"Created organization {org.name!r}.")


@click.command("create-team")
@click.argument("name")
@click.option("--org", "org_name", required=True, help="The organization the team belongs to.")
@with_appcontext
def create_team(name, org_name):
    """Create a team called NAME in an organization."""
    team = _run(setup_ops.create_team, name, org_name)
    click.echo(f"Created team {team.name!r} in {org_name!r}.")


def _read_password() -> str:
    """One line from standard input; at a terminal, a hidden prompt typed twice."""
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True, default="")
    return sys.stdin.readline().rstrip("\r\n")


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, help=f"What the user may do: {' | '.join(ROLES)}.")
@click.option("--team", "team_name", required=True, help="The team the user belongs to.")
@click.option("--display-name", help="The name colleagues see (default: the username).")
@with_appcontext
def create_user(username, role, team_name, display_name):
    """Create a user of a team.

    The password is read from standard input: one line, at least 10 characters.
    """
    # The role is checked before the password is read, so a typo costs no typing.
    if role not in ROLES:
        fail(f"unknown role {role!r} (one of: {', '.join(ROLES)})")
    password = _read_password()
    user = _run(setup_ops.create_user, username, role, team_name, password, display_name)
    click.echo(f"Created {user.role} {user.username!r} in team {team_name!r}.")


@click.command("import-neighborhoods")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--team", "team_name", required=True, help="The team the neighborhoods belong to.")
@with_appcontext
def import_neighborhoods(file, team_name):
    """Import a team's neighborhoods from a GeoJSON file.

    FILE is a FeatureCollection of Polygons or MultiPolygons (or null geometries).

    Each feature's properties give name and code, and optionally target_visits_per_week,
    priority (1 highest .. 3) and program_started_on (YYYY-MM-DD). One bad feature and
    nothing is imported.
    """
    try:
        with open(file, "rb") as stream:
            collection = json.load(stream)
    except OSError as error:
        fail(f"{file}: cannot read it ({error.strerror or error})")
    except (ValueError, UnicodeDecodeError) as error:
        fail(f"{file}: not valid JSON ({error})")
    rows = _run(setup_ops.import_neighborhoods, collection, team_name)
    click.echo(f"Imported {len(rows)} neighborhood(s) into team {team_name!r}.")


def _local_today() -> date:
    return datetime.now(ZoneInfo(current_app.config["FIELDBOOK_TIMEZONE"])).date()


@click.command("assign")
@click.argument("username")
@click.argument("codes", metavar="CODE...", nargs=-1, required=True)
@click.option("--from", "starts_on", metavar="YYYY-MM-DD", help="First day (default: today).")
@with_appcontext
def assign(username, codes, starts_on):
    """Assign neighborhoods to a worker.

    CODE... are codes of neighborhoods of the team of worker USERNAME.
    """
    if starts_on is None:
        day = _local_today()
    else:
        try:
            day = date.fromisoformat(starts_on)
        except ValueError:
            fail(f"--from must be a date YYYY-MM-DD, got {starts_on!r}")
    made = _run(setup_ops.assign, username, list(codes), day)
    kept = len(set(codes)) - len(made)
    note = f" ({kept} already assigned)" if kept else ""
    click.echo(f"Assigned {len(made)} neighborhood(s) to {username!r} from {day}{note}.")


COMMANDS = (create_org, create_team, create_user, import_neighborhoods, assign)
