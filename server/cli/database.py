"""``fieldbook init-db``: create or migrate the schema."""

import click
from flask.cli import with_appcontext
from flask_migrate import upgrade


@click.command("init-db")
@with_appcontext
def init_db():
    """Create the database schema, or migrate it to the newest version."""
    upgrade()
    click.echo("Database is at the newest schema.")


COMMANDS = (init_db,)
