"""Migrations build the whole schema from an empty database, equal to the models."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from server import create_app
from server.extensions import db

from .conftest import POSTGRES_URL

DATABASES = ["sqlite"] + (["postgres"] if POSTGRES_URL else [])


@pytest.fixture(params=DATABASES)
def empty_database_url(request, tmp_path, worker_id):
    """An empty database: a new SQLite file, or a PostgreSQL database made empty for this test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite'}"
        return
    base = make_url(POSTGRES_URL).set(drivername="postgresql+psycopg")
    name = f"{base.database}_fieldbook_migrations_{worker_id}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield base.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def migrated_app(empty_database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database_url, "SECRET_KEY": "x"})
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()


def test_upgrade_from_empty_database_matches_the_models(migrated_app):
    upgrade()
    with db.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert differences == []


def test_downgrade_to_base_removes_every_table(migrated_app):
    upgrade()
    downgrade(revision="base")
    remaining = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def test_init_db_command_creates_the_schema(migrated_app):
    result = migrated_app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert {"users", "visits", "mediations", "record_history"} <= set(
        inspect(db.engine).get_table_names()
    )
