"""Alembic environment: migrations run against the app's own engine and metadata.

Run through Flask-Migrate (`fieldbook init-db`, `fieldbook db upgrade`, `fieldbook db migrate`).
SQLite cannot ALTER most things in place, so migrations render in batch mode there.
"""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
engine = target_db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def _options() -> dict:
    return {
        "target_metadata": target_db.metadata,
        "render_as_batch": engine.dialect.name == "sqlite",
        "compare_type": True,
        **current_app.extensions["migrate"].configure_args,
    }


def run_migrations_offline():
    """Emit SQL to standard output instead of running it."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), literal_binds=True, **_options()
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a live connection."""

    def skip_empty(context_, revision, directives):
        # `fieldbook db migrate` with no model change should not write an empty migration.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    options = _options()
    options.setdefault("process_revision_directives", skip_empty)
    with engine.connect() as connection:
        context.configure(connection=connection, **options)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
