"""Fieldbook's Flask server: ``create_app`` builds one app; nothing is bound at import time."""

import os
from pathlib import Path

from flask import Flask

from . import config as settings
from . import extensions


def create_app(config: dict | None = None) -> Flask:
    """Build the app: code defaults, then ``FIELDBOOK_*`` from the environment, then ``config``."""
    app = Flask(__name__, instance_path=os.environ.get("FIELDBOOK_INSTANCE_PATH") or None)
    app.config.update(settings.defaults(app.instance_path))
    app.config.update(settings.from_environment())
    if config:
        app.config.update(config)
    settings.finish(app.config)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    # ``server.api`` is also the blueprints' package, so the extension is reached by its module.
    extensions.db.init_app(app)
    extensions.migrate.init_app(
        app, extensions.db, directory=str(Path(__file__).parent / "migrations")
    )
    extensions.limiter.init_app(app)
    extensions.api.init_app(app)

    from . import auth, errors, web
    from .api import register_blueprints
    from .database import register_database_hooks

    register_database_hooks(app)
    errors.register(app)
    auth.register(app)
    register_blueprints(extensions.api)
    web.register(app)
    from .cli import register as register_cli

    register_cli(app)
    return app
