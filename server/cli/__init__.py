"""The ``fieldbook`` command: the Flask CLI of the app, plus Fieldbook's own commands.

Each command reports bad input in one clear line on standard error and exits non-zero,
changing nothing (see ``fail``).
"""

import click
from flask import Flask
from flask.cli import FlaskGroup

from .. import create_app


def fail(message: str):
    """Stop a command with one clear line and exit status 1."""
    raise click.ClickException(message)


def register(app: Flask) -> None:
    """Add Fieldbook's commands to the app's CLI."""
    from . import database, demo, serve, setup

    for module in (database, serve, setup, demo):
        for command in module.COMMANDS:
            app.cli.add_command(command)


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_version_option=False)
def cli():
    """Fieldbook: offline-first field records for outreach teams."""


def main() -> None:
    """Entry point of the ``fieldbook`` console script."""
    cli(prog_name="fieldbook")
