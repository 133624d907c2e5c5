"""The API blueprints, one module per resource; ``MODULES`` is the list that registers them."""

from importlib import import_module

from flask_smorest import Api

MODULES = (
    "server.auth.views",
    "server.api.teams",
    "server.api.users",
    "server.api.neighborhoods",
    "server.api.assignments",
    "server.api.records",
    "server.api.sync",
    "server.api.reviews",
    "server.reports.views",
    "server.reports.export_views",
)


def register_blueprints(api: Api) -> None:
    """Register every module's ``blp`` on ``api``."""
    for name in MODULES:
        api.register_blueprint(import_module(name).blp)
