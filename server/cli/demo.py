"""``fieldbook seed-demo``: the fictional Carver Falls region, to try Fieldbook with."""

import secrets
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.exc import DBAPIError

from ..demo import DemoError, seed_demo
from ..extensions import db
from ..models import utcnow
from . import fail
from .setup import database_problem


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"--today must be a date YYYY-MM-DD, got {value!r}")


@click.command("seed-demo")
@click.option("--seed", type=int, help="Make the same region every time (default: random).")
# For tests: the period ends on this local date, "now" being its noon.
@click.option("--today", "today", metavar="YYYY-MM-DD", hidden=True)
@with_appcontext
def seed_demo_command(seed, today):
    """Seed a demo region; prints the demo users.

    Fills an empty database with the fictional Carver Falls region and prints every demo
    user with role, team and password.
    """
    zone = ZoneInfo(current_app.config["FIELDBOOK_TIMEZONE"])
    day = _parse_day(today)
    if day is None:
        now = utcnow()
        day = now.replace(tzinfo=UTC).astimezone(zone).date()
    else:
        now = datetime.combine(day, time(12), zone).astimezone(UTC).replace(tzinfo=None)
    if seed is None:
        seed = secrets.randbelow(10**6)
    try:
        seeded = seed_demo(seed, day, now, current_app.config["FIELDBOOK_TIMEZONE"])
    except DemoError as error:
        db.session.rollback()
        fail(str(error))
    except DBAPIError as error:
        db.session.rollback()
        fail(database_problem(error))
    counts = ", ".join(f"{n} {what}" for what, n in seeded.counts.items())
    click.echo(f"Seeded the Carver Falls demo region (seed {seed}, up to {day}): {counts}.")
    click.echo("Demo accounts (demo passwords, printed on purpose; never use them for real):")
    click.echo(f"  {'username':<10} {'role':<7} {'team':<24} password")
    for user in seeded.users:
        click.echo(f"  {user.username:<10} {user.role:<7} {user.team:<24} {user.password}")


COMMANDS = (seed_demo_command,)
