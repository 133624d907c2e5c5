"""Engine-level settings that must hold on every connection."""

from flask import Flask
from sqlalchemy import event

from .extensions import db


def register_database_hooks(app: Flask) -> None:
    """Turn on SQLite's foreign keys and WAL: off by default, and the model relies on both."""
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
            cursor.execute("PRAGMA busy_timeout = 10000")
            cursor.close()
